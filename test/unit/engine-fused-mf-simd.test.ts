import path from 'node:path';
import { readFileSync } from 'node:fs';
import { FusedBiasedMf, type ItemFeatureIndex } from '../../main/engine/numeric/fused-mf';
import { Rng } from '../../main/engine/numeric/rng';
// @ts-expect-error plain ESM build script without type declarations
import { assemble, moduleSource } from '../../main/build/build-wasm-kernels.mjs';

/** The wasm SIMD kernels of the fused biased-MF trainer against its plain TypeScript loops. */
const nUsers = 23;
const nItems = 31;

function data(n: number, seed: number) {
  const rng = new Rng(seed);
  return {
    user: Int32Array.from({ length: n }, () => rng.int(nUsers)),
    item: Int32Array.from({ length: n }, () => rng.int(nItems)),
    rating: Float32Array.from({ length: n }, () => 0.5 + rng.int(10) / 2),
  };
}

const features: ItemFeatureIndex = (() => {
  const rng = new Rng(9);
  const start = new Int32Array(nItems + 1);
  const ids: number[] = [];
  for (let i = 0; i < nItems; i++) {
    const count = rng.int(4); // some items have none
    for (let c = 0; c < count; c++) ids.push(rng.int(6));
    start[i + 1] = ids.length;
  }
  return { start, ids: Int32Array.from(ids), nFeatures: 6 };
})();

function pair(dim: number, l2: number, withFeatures: boolean) {
  const make = (kernel: 'simd' | 'js') => {
    const mf = new FusedBiasedMf({
      nUsers,
      nItems,
      dim,
      globalMean: 3.4,
      l2,
      adam: { learningRate: 0.01 },
      initStd: 0.3,
      seed: 4,
      features: withFeatures ? features : undefined,
      kernel,
    });
    const rng = new Rng(5);
    rng.fillNormal(mf.userBias.values, 0.3);
    rng.fillNormal(mf.itemBias.values, 0.3);
    return mf;
  };
  const simd = make('simd');
  if (dim % 4 === 0) expect(simd.kernel).toBe('simd'); // never compare the reference with itself
  return { simd, js: make('js') };
}

function expectClose(a: Float32Array, b: Float32Array, tol: number) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  expect(worst).toBeLessThan(tol);
}

describe('fused biased-MF SIMD kernels', () => {
  test('the embedded wasm bytes are the assembled simd-kernels.wat', async () => {
    const dir = path.resolve(import.meta.dirname, '../../main/engine/numeric');
    const bytes = await assemble(path.join(dir, 'simd-kernels.wat'));
    expect(readFileSync(path.join(dir, 'simd-kernels-bytes.ts'), 'utf8')).toBe(
      moduleSource('simdKernelsWasm', 'simd-kernels.wat', bytes),
    );
  });

  test('run by default where dim is a multiple of 4; the TypeScript loops otherwise', () => {
    expect(pair(8, 0, false).simd.kernel).toBe('simd');
    expect(pair(8, 0, false).js.kernel).toBe('js');
    expect(pair(6, 0, false).simd.kernel).toBe('js');
  });

  for (const withFeatures of [false, true])
    for (const l2 of [0, 0.05])
      test(`gradients and Adam updates match the reference (l2 ${l2}, ${withFeatures ? 'with' : 'without'} features)`, () => {
        const { simd, js } = pair(8, l2, withFeatures);
        const { user, item, rating } = data(300, 1);
        const idx = new Rng(2).permutation(300);
        const sseSimd = simd.accumulateGradients(user, item, rating, idx, 0, 300);
        const sseJs = js.accumulateGradients(user, item, rating, idx, 0, 300);
        expect(sseSimd).toBeCloseTo(sseJs, 3);
        const tables = (m: FusedBiasedMf) => m.tablesForOptimizer();
        tables(simd).forEach((t, k) => expectClose(t.grad, tables(js)[k].grad, 1e-5));
        simd.optimizer.step(tables(simd));
        js.optimizer.step(tables(js));
        tables(simd).forEach((t, k) => {
          expectClose(t.values, tables(js)[k].values, 1e-5);
          expect(t.touchedCount).toBe(0);
          expect(t.grad.every((g) => g === 0)).toBe(true);
        });
        // and over many steps: rows appearing several times per batch, untouched rows, moments
        const rngA = new Rng(7);
        const rngB = new Rng(7);
        let lossA = 0;
        let lossB = 0;
        for (let e = 0; e < 20; e++) {
          lossA = simd.trainEpoch(user, item, rating, 32, rngA);
          lossB = js.trainEpoch(user, item, rating, 32, rngB);
        }
        expect(lossA).toBeCloseTo(lossB, 4);
        tables(simd).forEach((t, k) => expectClose(t.values, tables(js)[k].values, 1e-3));
      });

  test('batches larger than one kernel chunk give the same update', () => {
    const { simd, js } = pair(4, 0.01, false);
    const n = 9000; // > the kernel's 4096-example chunk
    const { user, item, rating } = data(n, 3);
    const idx = new Rng(4).permutation(n);
    expect(simd.trainBatch(user, item, rating, idx, 0, n)).toBeCloseTo(
      js.trainBatch(user, item, rating, idx, 0, n),
      1,
    );
    simd
      .tablesForOptimizer()
      .forEach((t, k) => expectClose(t.values, js.tablesForOptimizer()[k].values, 1e-5));
  });
});
