import { sasrecSettings, SasrecModel } from '../../main/engine/models/sasrec';
import { FirstBlockAttention } from '../../main/engine/nn/first-block-attention';
import { encoderParams, type EncoderConfig } from '../../main/engine/nn/self-attentive-encoder';
import { SequenceNetwork, type NetworkWeights } from '../../main/engine/nn/sequence-network';
import { Rng } from '../../main/engine/numeric/rng';

/**
 * The leave-one-out reruns (nn/leave-one-out.ts) give the last hidden vector of the encoder rerun
 * on the history without each movie of its window, for histories shorter than, as long as and
 * longer than the window, any number of blocks and heads, on the SIMD and TypeScript kernels;
 * sasrec explains with them.
 */
const nItems = 40;

/**
 * Random weights, every parameter perturbed (so that no γ = 1 or β = 0 hides a mistake), the
 * first block's query projection `sharpness` times larger.
 */
function randomWeights(config: EncoderConfig, seed: number, sharpness = 1): NetworkWeights {
  const rng = new Rng(seed);
  const params = encoderParams(config, rng).map(([name, v]): [string, Float32Array] => [
    name,
    v.map((x) => (x + 0.3 * rng.normal()) * (name === 'block0/q.w' ? sharpness : 1)),
  ]);
  return { params, items: rng.fillNormal(new Float32Array(nItems * config.dim), 0.5) };
}

function network(config: EncoderConfig, simd: boolean, sharpness = 1): SequenceNetwork {
  if (!simd) process.env.MOVIE_ASSISTANT_NO_SIMD = '1';
  try {
    const net = SequenceNetwork.create(config, nItems, randomWeights(config, 7, sharpness), {
      training: false,
    });
    expect(net.simd).toBe(simd);
    return net;
  } finally {
    delete process.env.MOVIE_ASSISTANT_NO_SIMD;
  }
}

/** The plain rerun: the last hidden vector after the latest maxLength movies of `items`. */
function rerun(net: SequenceNetwork, items: Int32Array, levels: Int32Array): Float32Array {
  const rows = Math.min(net.config.maxLength, items.length);
  const h = net.encoder.forward(items, levels, items.length - rows, rows, null);
  return h.slice((rows - 1) * net.config.dim, rows * net.config.dim);
}

function worstDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let c = 0; c < a.length; c++) worst = Math.max(worst, Math.abs(a[c] - b[c]));
  return worst;
}

function expectExact(net: SequenceNetwork, n: number): void {
  const rng = new Rng(n);
  const items = Int32Array.from({ length: n }, () => rng.int(nItems));
  const levels = Int32Array.from({ length: n }, () =>
    rng.int(Math.max(1, net.config.ratingLevels)),
  );
  const { full, without } = net.leaveOneOut!.run(items, levels);
  expect(worstDifference(full, rerun(net, items, levels))).toBeLessThan(1e-5);
  expect(without).toHaveLength(n);
  const keepFrom = Math.max(0, n - net.config.maxLength);
  for (let k = 0; k < n; k++) {
    const v = without[k];
    if (k < keepFrom) {
      expect(v).toBeNull();
      continue;
    }
    expect(v).not.toBeNull();
    const expected = rerun(
      net,
      items.filter((_, j) => j !== k),
      levels.filter((_, j) => j !== k),
    );
    expect(worstDifference(v!, expected), `movie ${k} of ${n}`).toBeLessThan(1e-5);
  }
}

// maxLength 11: windows that are not multiples of 4 exercise the kernels' padding
const lengths = [2, 3, 6, 10, 11, 12, 19];

describe('leave-one-out reruns', () => {
  for (const simd of [true, false])
    for (const blocks of [1, 2, 3])
      for (const heads of [1, 2])
        test(`${simd ? 'SIMD' : 'TypeScript'} kernels, ${blocks} block(s), ${heads} head(s)`, () => {
          const config = { dim: 16, blocks, heads, maxLength: 11, dropout: 0, ratingLevels: 0 };
          const net = network(config, simd);
          for (const n of lengths) expectExact(net, n);
        });

  test('a network that reads rating levels: each rerun leaves the movie and its rating out', () => {
    for (const simd of [true, false]) {
      const config = { dim: 16, blocks: 2, heads: 2, maxLength: 11, dropout: 0, ratingLevels: 10 };
      const net = network(config, simd);
      for (const n of lengths) expectExact(net, n);
    }
  });

  test('reruns whose first-block weights underflow are computed afresh', () => {
    const declined = vi.spyOn(FirstBlockAttention.prototype, 'forward');
    try {
      for (const simd of [true, false]) {
        const net = network(
          { dim: 16, blocks: 2, heads: 2, maxLength: 11, dropout: 0, ratingLevels: 0 },
          simd,
          40,
        );
        for (const n of [11, 19]) expectExact(net, n);
      }
      const results = declined.mock.results.map((r) => r.value as boolean);
      expect(results).toContain(false);
      expect(results).toContain(true);
    } finally {
      declined.mockRestore();
    }
  });

  test('heads that do not fill a group of 4', () => {
    for (const simd of [true, false]) {
      const net = network(
        { dim: 12, blocks: 2, heads: 3, maxLength: 11, dropout: 0, ratingLevels: 0 },
        simd,
      );
      for (const n of [5, 11, 14]) expectExact(net, n);
    }
  });

  test('a dimension the SIMD kernels do not fit, a window of 2', () => {
    const net = network(
      { dim: 6, blocks: 2, heads: 2, maxLength: 2, dropout: 0, ratingLevels: 0 },
      false,
    );
    for (const n of [2, 3, 5]) expectExact(net, n);
  });

  test('sasrec explains a one-movie history by the empty profile', () => {
    const settings = sasrecSettings.parse({ dim: 16, maxLength: 11 });
    const config = { ...settings, dropout: 0, ratingLevels: 0 };
    const weights = randomWeights(config, 3);
    const model = new SasrecModel(settings, {
      movieIds: Int32Array.from({ length: nItems }, (_, i) => i + 1),
      userKeys: Int32Array.of(1, 2),
      network: weights,
      users: new Rng(5).fillNormal(new Float32Array(2 * settings.dim), 1),
      scale: { min: 0.5, max: 5 },
    });
    const score = (items: Int32Array) => {
      const out = new Float32Array(nItems);
      const history = {
        items,
        ratings: new Float32Array(items.length),
        times: new Float64Array(items.length),
      };
      model.scoreAll(model.foldIn(history), history, out);
      return out[9];
    };
    const one = { items: Int32Array.of(4), ratings: Float32Array.of(5), times: Float64Array.of(1) };
    const drop = model.explain(model.foldIn(one), one, 9);
    expect(drop).toHaveLength(1);
    expect(drop[0]).toBeCloseTo(score(one.items) - score(new Int32Array(0)), 5);
    const empty = {
      items: new Int32Array(0),
      ratings: new Float32Array(0),
      times: new Float64Array(0),
    };
    expect(model.explain(model.foldIn(empty), empty, 9)).toHaveLength(0);
  });
});
