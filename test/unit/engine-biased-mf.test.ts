import {
  biasedMf,
  type BiasedMfModel,
  type BiasedMfSettings,
} from '../../main/engine/models/biased-mf';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { plantedDataset } from '../helpers/planted-dataset';

const settings: BiasedMfSettings = {
  ...biasedMf.defaults,
  dim: 8,
  epochs: 30,
  batchSize: 256,
  learningRate: 0.02,
  rankingPopularityWeight: 0,
};
const data = plantedDataset({ nUsers: 120, nItems: 300, ratingsPerUser: 40, seed: 4 });
let model: BiasedMfModel;

beforeAll(async () => {
  model = await biasedMf.train(data, settings, { seed: 7 });
});

function historyOfUser(u: number): PersonHistory {
  const ks = [...data.ratings.user.keys()].filter((k) => data.ratings.user[k] === u);
  return {
    items: Int32Array.from(ks, (k) => data.ratings.item[k]),
    ratings: Float32Array.from(ks, (k) => data.ratings.rating[k]),
    times: Float64Array.from(ks, (k) => data.ratings.time[k]),
  };
}

describe('biased-mf model', () => {
  test('fold-in solves the ridge normal equations, and explain() splits the personal score exactly', () => {
    const h = historyOfUser(3);
    const s = model.foldIn(h);
    const d = model.dim;
    const zero = { ...s, userVector: new Float32Array(d), params: { bias: Float32Array.of(0) } };
    const base = new Float32Array(model.movieIds.length);
    model.scoreAll(zero, h, base); // μ + b_i (no popularity prior in these settings)
    const personal = (i: number) => {
      let v = s.params.bias[0];
      for (let c = 0; c < d; c++) v += s.userVector[c] * model.itemVectors[i * d + c];
      return v;
    };
    // ∇ [Σ (t_j − personal_j)² + λ|p|² + λ_b b²] = 0 at the ridge solution
    const grad = new Float64Array(d + 1);
    h.items.forEach((i, j) => {
      const err = personal(i) - (h.ratings[j] - base[i]);
      for (let c = 0; c < d; c++) grad[c] += 2 * err * model.itemVectors[i * d + c];
      grad[d] += 2 * err;
    });
    for (let c = 0; c < d; c++) grad[c] += 2 * settings.foldInLambda * s.userVector[c];
    grad[d] += 2 * settings.foldInBiasLambda * s.params.bias[0];
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-3);
    for (const item of [0, 5, 42]) {
      let sum = 0;
      model.explain(s, h, item).forEach((x) => (sum += x));
      expect(sum).toBeCloseTo(personal(item), 4);
    }
  });

  test('fold-in of a dataset user lands near the trained user vector (cosine)', () => {
    let total = 0;
    for (let u = 0; u < 20; u++) {
      const s = model.foldIn(historyOfUser(u));
      const d = model.dim;
      let dot = 0;
      let a = 0;
      let b = 0;
      for (let c = 0; c < d; c++) {
        const x = s.userVector[c];
        const y = model.datasetUserVectors[u * d + c];
        dot += x * y;
        a += x * x;
        b += y * y;
      }
      total += dot / Math.sqrt(a * b);
    }
    expect(total / 20).toBeGreaterThan(0.5);
  });

  test('fine-tune fits the per-person genre adapter, its loss falling step by step', async () => {
    const h = historyOfUser(10);
    const steps: number[] = [];
    const result = await model.fineTune(h, model.foldIn(h), {
      onStep: (_s, _t, loss) => steps.push(loss),
    });
    expect(steps[steps.length - 1]).toBeLessThanOrEqual(steps[0]);
    expect(result.state.params.adapter.some((x) => x !== 0)).toBe(true);
  });

  test('scoring adds the genre adapter: the mean of its weights over the genres of each movie', () => {
    const h = historyOfUser(5);
    const folded = model.foldIn(h);
    const names = model.genres;
    const genres = data.movies.map((m) => m.genres.map((g) => names.indexOf(g)));
    const adapter = Float32Array.from(names, (_, g) => 0.1 * (g + 1) * (g % 2 ? 1 : -1));
    const tuned = { ...folded, params: { ...folded.params, adapter } };
    const plain = new Float32Array(data.nItems);
    const adapted = new Float32Array(data.nItems);
    model.scoreAll(folded, h, plain);
    model.scoreAll(tuned, h, adapted);
    let withGenres = 0;
    for (let i = 0; i < data.nItems; i++) {
      const gs = genres[i].filter((g) => g >= 0);
      const term = gs.length ? gs.reduce((a, g) => a + adapter[g], 0) / gs.length : 0;
      if (gs.length) withGenres++;
      expect(adapted[i] - plain[i]).toBeCloseTo(term, 4);
    }
    expect(withGenres).toBeGreaterThan(data.nItems / 2);
  });

  test('an empty history folds in to a zero vector and still ranks', () => {
    const empty: PersonHistory = {
      items: new Int32Array(0),
      ratings: new Float32Array(0),
      times: new Float64Array(0),
    };
    const s = model.foldIn(empty);
    expect(s.userVector.every((x) => x === 0)).toBe(true);
    const out = new Float32Array(model.movieIds.length);
    model.scoreAll(s, empty, out);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  test('predictions follow the planted taste: liked cluster above the others, on average', () => {
    const { itemCluster, userCluster } = data as unknown as {
      itemCluster: Int32Array;
      userCluster: Int32Array;
    };
    const all = Int32Array.from({ length: 300 }, (_, i) => i);
    let gap = 0;
    for (let u = 0; u < 20; u++) {
      const h = historyOfUser(u);
      const pred = model.predictRatings(model.foldIn(h), h, all);
      let inSum = 0;
      let inN = 0;
      let outSum = 0;
      let outN = 0;
      pred.forEach((p, i) => {
        if (itemCluster[i] === userCluster[u]) {
          inSum += p;
          inN++;
        } else {
          outSum += p;
          outN++;
        }
      });
      gap += inSum / inN - outSum / outN;
      expect(pred.every((p) => p >= 0.5 && p <= 5)).toBe(true);
    }
    expect(gap / 20).toBeGreaterThan(0.2);
  });
});
