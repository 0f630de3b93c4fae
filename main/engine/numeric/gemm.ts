import type { SimdArena } from './simd-kernels';

/**
 * The f32 matrix product of the engine's typed-array networks (the SASRec encoder):
 *
 *   C(i,j) = [C(i,j) +] Σ_k A(i,k)·B(k,j),  i < m, j < n, k < K
 *
 * with A(i,k) = a[aOff + i·ais + k·aks] (a row-major A has ais = its row length and aks = 1; a
 * transposed one ais = 1 and aks = its row length), B(k,j) = b[bOff + k·ldb + j] and
 * C(i,j) = c[cOff + i·ldc + j]. Products with a transposed B are done by transposing B first
 * (`transpose`): every operand then streams along rows, which the SIMD kernel needs.
 *
 * `tri` lets causal attention skip work, per block of 4 rows starting at i0 (then per single row,
 * i0 = i): Tri.cols computes only columns j < i0 + 4 (rounded up to 4; the others keep what they
 * held), Tri.kUpTo sums only k < i0 + 4 (A(i,k) must be 0 for k > i), Tri.kFrom only k ≥ i0
 * (A(i,k) must be 0 for k < i). On the entries they define, all modes equal the plain product.
 *
 * `gemmJs` is the reference and the fallback; `gemmFor(arena)` runs the `sgemm` SIMD kernel
 * (simd-kernels.wat) on arrays that live in that arena when n is a multiple of 4.
 */
export const Tri = { none: 0, cols: 1, kUpTo: 2, kFrom: 3 } as const;
export type TriMode = (typeof Tri)[keyof typeof Tri];

export type Gemm = (
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  ais: number,
  aks: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
  tri?: TriMode,
) => void;

/** The range of one row block under `tri`: [columns, kLo, kHi). */
function limits(
  tri: number,
  i0: number,
  end: number,
  n: number,
  k: number,
): [number, number, number] {
  if (tri === Tri.cols) return [Math.min(n, (end + 3) & ~3), 0, k];
  if (tri === Tri.kUpTo) return [n, 0, Math.min(k, end)];
  if (tri === Tri.kFrom) return [n, Math.min(k, i0), k];
  return [n, 0, k];
}

export const gemmJs: Gemm = (
  m,
  n,
  k,
  a,
  aOff,
  ais,
  aks,
  b,
  bOff,
  ldb,
  c,
  cOff,
  ldc,
  acc,
  tri = 0,
) => {
  const blocked = m - (m % 4);
  for (let i = 0; i < m; i++) {
    const i0 = i < blocked ? i - (i % 4) : i;
    const end = i < blocked ? i0 + 4 : i + 1;
    const [cols, kLo, kHi] = limits(tri, i0, end, n, k);
    const co = cOff + i * ldc;
    if (!acc) c.fill(0, co, co + cols);
    for (let kk = kLo; kk < kHi; kk++) {
      const av = a[aOff + i * ais + kk * aks];
      if (av === 0) continue;
      const bo = bOff + kk * ldb;
      for (let j = 0; j < cols; j++) c[co + j] += av * b[bo + j];
    }
  }
};

/** The SIMD kernel where the arena has one (arrays must be the arena's), else gemmJs. */
export function gemmFor(arena: SimdArena | null): Gemm {
  if (!arena) return gemmJs;
  const { sgemm } = arena.kernels;
  const memory = arena.memory;
  return (m, n, k, a, aOff, ais, aks, b, bOff, ldb, c, cOff, ldc, acc, tri = 0) => {
    if ((n & 3) !== 0) {
      gemmJs(m, n, k, a, aOff, ais, aks, b, bOff, ldb, c, cOff, ldc, acc, tri);
      return;
    }
    const buffer = memory.buffer;
    if (a.buffer !== buffer || b.buffer !== buffer || c.buffer !== buffer)
      throw new Error('gemm: an operand is not in the SIMD arena');
    sgemm(
      a.byteOffset + 4 * aOff,
      ais,
      aks,
      b.byteOffset + 4 * bOff,
      ldb,
      c.byteOffset + 4 * cOff,
      ldc,
      m,
      n,
      k,
      acc ? 1 : 0,
      tri,
    );
  };
}

/** out[j·ldo + i] = x[i·ldx + j] for i < rows, j < cols (out: cols × rows). */
export function transpose(
  x: Float32Array,
  xOff: number,
  ldx: number,
  rows: number,
  cols: number,
  out: Float32Array,
  outOff: number,
  ldo: number,
): void {
  for (let i = 0; i < rows; i++) {
    const xo = xOff + i * ldx;
    for (let j = 0; j < cols; j++) out[outOff + j * ldo + i] = x[xo + j];
  }
}
