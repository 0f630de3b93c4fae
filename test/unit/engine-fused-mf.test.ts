import * as tf from '../../main/engine/runtime/tf';
import { initBackend } from '../../main/engine/runtime/backend';
import { FusedBiasedMf, type ItemFeatureIndex } from '../../main/engine/numeric/fused-mf';
import { Rng } from '../../main/engine/numeric/rng';
import { tfMfBatch } from '../../main/engine/nn/tf-mf-step';

const nUsers = 7;
const nItems = 9;
const n = 40;

function data(seed: number) {
  const rng = new Rng(seed);
  const user = Int32Array.from({ length: n }, () => rng.int(nUsers));
  const item = Int32Array.from({ length: n }, () => rng.int(nItems));
  const rating = Float32Array.from({ length: n }, () => 1 + rng.int(9) / 2);
  const idx = rng.permutation(n);
  return { user, item, rating, idx };
}

const features: ItemFeatureIndex = {
  start: Int32Array.of(0, 2, 3, 3, 5, 6, 8, 9, 10, 12),
  ids: Int32Array.of(0, 1, 2, 0, 3, 1, 2, 3, 0, 4, 1, 2),
  nFeatures: 5,
};

function model(withFeatures: boolean, l2 = 0.1) {
  const mf = new FusedBiasedMf({
    nUsers,
    nItems,
    dim: 4,
    globalMean: 3.2,
    l2,
    adam: { learningRate: 0.01 },
    initStd: 0.5,
    seed: 11,
    features: withFeatures ? features : undefined,
  });
  // non-zero biases and feature rows so every gradient term is exercised
  const rng = new Rng(5);
  rng.fillNormal(mf.userBias.values, 0.3);
  rng.fillNormal(mf.itemBias.values, 0.3);
  if (mf.featureTable) rng.fillNormal(mf.featureTable.values, 0.5);
  return mf;
}

describe('fused biased-MF kernel', () => {
  for (const withFeatures of [false, true]) {
    test(`gradients match finite differences (${withFeatures ? 'with' : 'without'} item features)`, () => {
      const mf = model(withFeatures);
      const { user, item, rating, idx } = data(1);
      mf.accumulateGradients(user, item, rating, idx, 0, n);
      const tables = mf.tablesForOptimizer();
      const h = 1e-2;
      let checked = 0;
      for (const t of tables) {
        for (let k = 0; k < t.values.length; k += 3) {
          const orig = t.values[k];
          t.values[k] = orig + h;
          const up = mf.batchLoss(user, item, rating, idx, 0, n);
          t.values[k] = orig - h;
          const down = mf.batchLoss(user, item, rating, idx, 0, n);
          t.values[k] = orig;
          const numeric = (up - down) / (2 * h);
          expect(t.grad[k]).toBeCloseTo(numeric, 2);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(20);
    });
  }

  test('one epoch lowers the training loss', () => {
    const mf = model(true, 0);
    const { user, item, rating } = data(2);
    const rng = new Rng(0);
    const first = mf.trainEpoch(user, item, rating, 8, rng);
    let last = first;
    for (let e = 0; e < 30; e++) last = mf.trainEpoch(user, item, rating, 8, rng);
    expect(last).toBeLessThan(first * 0.7);
  });

  test('the tfjs gather+grads path computes the same updates on wasm and cpu', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      // initBackend is once per thread; switch explicitly for the second backend
      if (backend === 'wasm') await initBackend('wasm');
      else await tf.setBackend('cpu');
      const a = model(false, 0.05);
      const b = model(false, 0.05);
      const { user, item, rating, idx } = data(3);
      for (let s = 0; s < n; s += 10) {
        const lossBefore = a.batchLoss(user, item, rating, idx, s, s + 10);
        a.trainBatch(user, item, rating, idx, s, s + 10);
        const viaTf = tfMfBatch(b, user, item, rating, idx, s, s + 10, 0.05);
        expect(viaTf / 10).toBeCloseTo(lossBefore, 3);
      }
      for (const [ta, tb] of a
        .tablesForOptimizer()
        .map((t, k) => [t, b.tablesForOptimizer()[k]] as const)) {
        for (let k = 0; k < ta.values.length; k++)
          expect(tb.values[k]).toBeCloseTo(ta.values[k], 4);
      }
    }
  });
});
