import { Rng } from '../../main/engine/numeric/rng';
import { SimdArena } from '../../main/engine/numeric/simd-kernels';
import { vectorKernelsFor, vectorKernelsJs } from '../../main/engine/numeric/vector-kernels';

/** The row kernels of the typed-array networks: SIMD against the TypeScript reference. */
const arena = SimdArena.create(1 << 22)!;
const simd = vectorKernelsFor(arena);
const js = vectorKernelsJs;

function both(n: number, rng: Rng, std = 1): [Float32Array, Float32Array] {
  const a = arena.floats(n);
  rng.fillNormal(a, std);
  return [Float32Array.from(a), a];
}

function expectClose(a: Float32Array, b: Float32Array, digits = 5) {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) expect(b[k]).toBeCloseTo(a[k], digits);
}

describe('vector kernels', () => {
  test('the SIMD arena is available here', () => expect(arena).not.toBeNull());

  test('layer norm forward and backward', () => {
    const rng = new Rng(1);
    const rows = 7;
    const d = 12;
    const [x, xs] = both(rows * d, rng, 3);
    const [g, gs] = both(d, rng);
    const [b, bs] = both(d, rng);
    const out = () => [new Float32Array(rows * d), arena.floats(rows * d)];
    const [y, ys] = out();
    const [xh, xhs] = out();
    const rs = new Float32Array(rows);
    const rss = arena.floats(rows);
    js.layerNorm(x, y, xh, rs, g, b, rows, d, 1e-8);
    simd.layerNorm(xs, ys, xhs, rss, gs, bs, rows, d, 1e-8);
    expectClose(y, ys);
    expectClose(rs, rss);
    // the normalised rows have mean 0 and variance 1
    let mean = 0;
    let sq = 0;
    for (let c = 0; c < d; c++) {
      mean += xh[d + c] / d;
      sq += (xh[d + c] * xh[d + c]) / d;
    }
    expect(mean).toBeCloseTo(0, 5);
    expect(sq).toBeCloseTo(1, 4);
    for (const accumulate of [false, true]) {
      const [dy, dys] = both(rows * d, rng);
      const [dx, dxs] = both(rows * d, rng);
      const [dg, dgs] = both(d, rng);
      const [db, dbs] = both(d, rng);
      js.layerNormBack(dy, xh, rs, g, dg, db, dx, rows, d, accumulate);
      simd.layerNormBack(dys, xhs, rss, gs, dgs, dbs, dxs, rows, d, accumulate);
      expectClose(dx, dxs, 4);
      expectClose(dg, dgs, 4);
      expectClose(db, dbs, 4);
    }
  });

  test('dropout masks: identical streams, the right rate and scale', () => {
    const n = 40_000;
    const state = Int32Array.of(1, 2, 3, 4);
    const stateFloats = arena.floats(4);
    const stateS = new Int32Array(stateFloats.buffer, stateFloats.byteOffset, 4);
    stateS.set(state);
    const m = new Float32Array(n);
    const ms = arena.floats(n);
    for (let rep = 0; rep < 2; rep++) {
      js.dropoutMask(m, n, state, 0.2);
      simd.dropoutMask(ms, n, stateS, 0.2);
      expect(Array.from(ms)).toEqual(Array.from(m));
      expect(Array.from(stateS)).toEqual(Array.from(state));
    }
    const zeros = m.filter((v) => v === 0).length;
    expect(zeros / n).toBeGreaterThan(0.19);
    expect(zeros / n).toBeLessThan(0.21);
    expect(m.filter((v) => v !== 0).every((v) => Math.abs(v - 1.25) < 1e-6)).toBe(true);
  });

  for (const dropout of [false, true])
    test(`causal softmax forward and backward${dropout ? ' with dropout' : ''}`, () => {
      const rng = new Rng(dropout ? 3 : 2);
      const rows = 9;
      const cols = 12;
      const ld = 16;
      const off = 2 * ld; // a map that starts inside the buffer (a second head)
      const size = off + rows * ld;
      const [p, ps] = both(size, rng, 4);
      const mask = Float32Array.from({ length: size }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7));
      const masks = arena.floats(size);
      masks.set(mask);
      const [d, ds] = both(size, rng);
      js.causalSoftmax(p, off, dropout ? mask : null, dropout ? d : null, rows, cols, ld, 0.5);
      simd.causalSoftmax(ps, off, dropout ? masks : null, dropout ? ds : null, rows, cols, ld, 0.5);
      expectClose(p, ps, 6);
      if (dropout) expectClose(d, ds, 6);
      for (let i = 0; i < rows; i++) {
        let sum = 0;
        for (let j = 0; j <= i; j++) sum += p[off + i * ld + j];
        expect(sum).toBeCloseTo(1, 5);
        for (let j = i + 1; j < cols; j++) expect(ps[off + i * ld + j]).toBe(0);
      }
      const [g, gs] = both(rows * ld, rng);
      js.causalSoftmaxBack(g, p, off, dropout ? mask : null, rows, cols, ld, 0.5);
      simd.causalSoftmaxBack(gs, ps, off, dropout ? masks : null, rows, cols, ld, 0.5);
      expectClose(g, gs, 5);
    });
});
