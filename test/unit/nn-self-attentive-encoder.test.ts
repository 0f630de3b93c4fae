import { EmbeddingTable } from '../../main/engine/nn/embedding-table';
import { sampledBce } from '../../main/engine/nn/sampled-bce';
import {
  encoderParams,
  SelfAttentiveEncoder,
  type EncoderConfig,
} from '../../main/engine/nn/self-attentive-encoder';
import { allocFrom, TypedParams } from '../../main/engine/nn/typed-params';
import { arrayKernelsFor } from '../../main/engine/numeric/array-kernels';
import { Rng } from '../../main/engine/numeric/rng';
import { SimdArena } from '../../main/engine/numeric/simd-kernels';

/**
 * The SASRec encoder's hand-written backward (rating levels read) against finite differences of its loss (dropout
 * masks fixed by reseeding), with the TypeScript and the SIMD matrix products, and the two
 * against each other.
 */
const config: EncoderConfig = {
  dim: 8,
  blocks: 2,
  heads: 2,
  maxLength: 7,
  dropout: 0.25,
  ratingLevels: 10,
};
const nItems = 11;

function net(simd: boolean) {
  const arena = simd ? SimdArena.create(1 << 22) : null;
  if (simd) expect(arena).not.toBeNull();
  const rng = new Rng(5);
  const params = new TypedParams(arena);
  for (const [name, init] of encoderParams(config, rng)) {
    // larger than the reference's init, so every term of the gradient matters
    if (!name.endsWith('.g')) for (let k = 0; k < init.length; k++) init[k] += rng.normal() * 0.3;
    params.add(name, init);
  }
  const items = new EmbeddingTable(
    nItems,
    config.dim,
    rng.fillNormal(new Float32Array(nItems * config.dim), 0.5),
    arena,
  );
  const encoder = new SelfAttentiveEncoder(
    config,
    params,
    items,
    arrayKernelsFor(arena),
    allocFrom(arena),
  );
  return { params, items, encoder, dHidden: allocFrom(arena)(config.maxLength * config.dim) };
}

type Net = ReturnType<typeof net>;
const ids = Int32Array.of(3, 1, 4, 1, 5, 9, 2);
const levels = Int32Array.of(9, 2, 7, 0, 5, 9, 3);
const positives = Int32Array.of(1, 4, 1, 5, 9, 2, 6);
const negatives = Int32Array.of(7, 0, 8, 10, 3, 6, 5);

function loss(n: Net, rows: number, train: boolean): number {
  const h = n.encoder.forward(ids, levels, 0, rows, train ? new Rng(42) : null);
  const l = sampledBce(h, rows, n.items, positives, 0, negatives, 0, 1, n.dHidden);
  n.items.clearGrad();
  return l;
}

function gradients(n: Net, rows: number, train: boolean): void {
  n.params.clearGrad();
  n.items.clearGrad();
  const h = n.encoder.forward(ids, levels, 0, rows, train ? new Rng(42) : null);
  sampledBce(h, rows, n.items, positives, 0, negatives, 0, 1, n.dHidden);
  n.encoder.backward(n.dHidden);
}

function checkAgainstFiniteDifferences(n: Net, rows: number, train: boolean): void {
  gradients(n, rows, train);
  const analytic = new Map<string, Float32Array>();
  for (const name of n.params.names()) analytic.set(name, n.params.get(name).grad.slice());
  const itemGrad = n.items.grad.slice();
  n.params.clearGrad();
  n.items.clearGrad();
  const rng = new Rng(8);
  let checked = 0;
  let kinks = 0;
  const fdAt = (values: Float32Array, k: number, eps: number) => {
    const v = values[k];
    values[k] = v + eps;
    n.encoder.syncWeights();
    const up = loss(n, rows, train);
    values[k] = v - eps;
    n.encoder.syncWeights();
    const down = loss(n, rows, train);
    values[k] = v;
    n.encoder.syncWeights();
    return (up - down) / (2 * eps);
  };
  const tolerance = (fd: number) => 2e-3 + 2e-2 * Math.abs(fd);
  const probe = (values: Float32Array, k: number, want: number, what: string) => {
    const fd = fdAt(values, k, 2e-3);
    // a ReLU switching inside the step makes the loss non-smooth there: skip such probes
    if (Math.abs(fdAt(values, k, 1e-3) - fd) > tolerance(fd)) {
      kinks++;
      return;
    }
    expect(Math.abs(fd - want), `${what}[${k}]: fd ${fd}, backward ${want}`).toBeLessThan(
      tolerance(fd),
    );
    checked++;
  };
  for (const name of n.params.names()) {
    const values = n.params.get(name).values;
    const g = analytic.get(name)!;
    // position rows that the sequence uses are at the end of the table
    const lo = name === 'pos' ? (config.maxLength - rows) * config.dim : 0;
    for (let t = 0; t < 4; t++) {
      const k = lo + rng.int(values.length - lo);
      probe(values, k, g[k], name);
    }
  }
  for (const item of [1, 4, 7, 9])
    for (let c = 0; c < config.dim; c += 3)
      probe(n.items.values, item * config.dim + c, itemGrad[item * config.dim + c], 'items');
  expect(checked).toBeGreaterThan(60);
  expect(kinks).toBeLessThan(checked / 10);
}

describe('self-attentive encoder backward', () => {
  for (const simd of [false, true])
    for (const rows of [7, 5])
      test(`matches finite differences (${simd ? 'SIMD' : 'TypeScript'} products, ${rows} positions, dropout on)`, () => {
        checkAgainstFiniteDifferences(net(simd), rows, true);
      });

  test('matches finite differences without dropout (inference mode)', () => {
    checkAgainstFiniteDifferences(net(true), 6, false);
  });

  test('the SIMD and TypeScript products give the same hidden vectors and gradients', () => {
    const a = net(false);
    const b = net(true);
    gradients(a, 7, true);
    gradients(b, 7, true);
    const close = (x: Float32Array, y: Float32Array) => {
      expect(x.length).toBe(y.length);
      // float32 sums in another order: relative to the magnitude
      for (let k = 0; k < x.length; k++)
        expect(Math.abs(x[k] - y[k])).toBeLessThan(5e-5 * Math.max(1, Math.abs(y[k])));
    };
    close(
      a.encoder.hidden.subarray(0, 7 * config.dim),
      b.encoder.hidden.subarray(0, 7 * config.dim),
    );
    for (const name of a.params.names()) close(a.params.get(name).grad, b.params.get(name).grad);
    close(a.items.grad, b.items.grad);
  });

  test('position t sees items up to t only (causal)', () => {
    const n = net(true);
    const before = n.encoder.forward(ids, levels, 0, 7, null).slice(0, 7 * config.dim);
    const changed = ids.slice();
    changed[4] = 10;
    const after = n.encoder.forward(changed, levels, 0, 7, null);
    const d = config.dim;
    for (let k = 0; k < 4 * d; k++) expect(after[k]).toBe(before[k]);
    let moved = 0;
    for (let k = 4 * d; k < 7 * d; k++) moved = Math.max(moved, Math.abs(after[k] - before[k]));
    expect(moved).toBeGreaterThan(1e-3);
  });
});
