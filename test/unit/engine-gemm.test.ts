import { gemmFor, gemmJs, Tri, type TriMode } from '../../main/engine/numeric/gemm';
import { Rng } from '../../main/engine/numeric/rng';
import { SimdArena } from '../../main/engine/numeric/simd-kernels';

/** The sgemm SIMD kernel against the TypeScript reference, and the reference against a plain product. */
function naive(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  ais: number,
  aks: number,
  b: Float32Array,
  ldb: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) s += a[i * ais + kk * aks] * b[kk * ldb + j];
      out[i * n + j] = s;
    }
  return out;
}

/** Entries a tri mode defines (see gemm.ts). */
function defined(tri: TriMode, i: number, j: number): boolean {
  return tri !== Tri.cols || j <= i;
}

const arena = SimdArena.create(1 << 22)!;
const simd = gemmFor(arena);

const cases: [number, number, number][] = [
  [1, 4, 1],
  [3, 8, 5],
  [4, 12, 7],
  [13, 20, 9],
  [17, 64, 64],
  [64, 64, 30],
  [6, 8, 6],
  [9, 12, 9],
  [13, 16, 13],
  [21, 8, 21],
];

describe('gemm', () => {
  test('the SIMD arena is available here (else the kernel would not be tested)', () => {
    expect(arena).not.toBeNull();
  });

  for (const [m, n, k] of cases)
    for (const transposed of [false, true])
      for (const tri of [Tri.none, Tri.cols, Tri.kUpTo, Tri.kFrom] as TriMode[]) {
        if (tri !== Tri.none && m !== k) continue; // causal modes act on square maps
        test(`${m}×${n}×${k}${transposed ? ', Aᵀ' : ''}, tri ${tri}: kernel = reference = product`, () => {
          const rng = new Rng(m * 1000 + n * 10 + k + tri);
          const a = arena.floats(m * k);
          rng.fillNormal(a, 1);
          const ais = transposed ? 1 : k;
          const aks = transposed ? m : 1;
          // zero what a causal operand holds as zeros
          for (let i = 0; i < m; i++)
            for (let kk = 0; kk < k; kk++)
              if ((tri === Tri.kUpTo && kk > i) || (tri === Tri.kFrom && kk < i))
                a[i * ais + kk * aks] = 0;
          const b = rng.fillNormal(arena.floats(k * n), 1);
          const expected = naive(m, n, k, a, ais, aks, b, n);
          for (const acc of [false, true]) {
            const start = rng.fillNormal(new Float32Array(m * n), 1);
            const cJs = Float32Array.from(start);
            const cSimd = arena.floats(m * n);
            cSimd.set(start);
            gemmJs(m, n, k, a, 0, ais, aks, b, 0, n, cJs, 0, n, acc, tri);
            simd(m, n, k, a, 0, ais, aks, b, 0, n, cSimd, 0, n, acc, tri);
            for (let i = 0; i < m; i++)
              for (let j = 0; j < n; j++) {
                if (!defined(tri, i, j)) continue;
                const want = expected[i * n + j] + (acc ? start[i * n + j] : 0);
                expect(cJs[i * n + j]).toBeCloseTo(want, 4);
                expect(cSimd[i * n + j]).toBeCloseTo(want, 4);
              }
          }
        });
      }

  test('offsets and leading dimensions address sub-matrices', () => {
    const rng = new Rng(3);
    const a = rng.fillNormal(arena.floats(10 * 12), 1);
    const b = rng.fillNormal(arena.floats(9 * 16), 1);
    const c1 = arena.floats(7 * 20);
    const c2 = new Float32Array(7 * 20);
    // A = a[1.., 2..] (5×6 of a 10×12), B = b[2.., 4..] (6×8 of 9×16), C = c[1.., 4..]
    simd(5, 8, 6, a, 14, 12, 1, b, 36, 16, c1, 24, 20, false);
    gemmJs(5, 8, 6, a, 14, 12, 1, b, 36, 16, c2, 24, 20, false);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += a[(1 + i) * 12 + 2 + k] * b[(2 + k) * 16 + 4 + j];
        expect(c1[(1 + i) * 20 + 4 + j]).toBeCloseTo(s, 4);
        expect(c2[(1 + i) * 20 + 4 + j]).toBeCloseTo(s, 4);
      }
    expect(c1[0]).toBe(0);
  });

  test('refuses operands outside its arena', () => {
    const a = new Float32Array(16);
    const b = arena.floats(16);
    const c = arena.floats(16);
    expect(() => simd(4, 4, 4, a, 0, 4, 1, b, 0, 4, c, 0, 4, false)).toThrow(/arena/);
  });
});
