import { inverseSpd } from './linalg';
import { SimdArena } from './simd-kernels';

/**
 * In-place inverse of a large symmetric positive-definite matrix (thousands of rows) by the
 * blocked sweep operator, symmetric Gauss–Jordan elimination: sweeping block K of
 * M = [[M_KK, M_KR], [M_RK, M_RR]] with D = M_KK⁻¹ gives [[−D, D·M_KR], [M_RK·D, M_RR − M_RK·D·M_KR]],
 * and sweeping every block leaves −M⁻¹. For an SPD matrix every pivot block stays SPD, so no
 * pivoting is needed. Each step's work is one product M_RR −= P·Tᵀ over the lower triangle (P the
 * block's column panel, T = P·D), done by the `gemmNT` WebAssembly SIMD kernel in f64 where
 * SIMD works (a plain loop otherwise): n³ flops in all, as many as Cholesky + triangular inverse +
 * product, with one kernel and rows read contiguously. The matrix lives in the kernel's memory;
 * between steps it is a consistent state, so a caller can save it and resume at a later step.
 */
export const SWEEP_BLOCK = 128;
/** Columns of the lower triangle updated per pass over the rows (their T rows stay in cache). */
const COLUMN_TILE = 256;

export type GemmNT = (
  c: number,
  ldc: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
) => void;

export interface SweepOptions {
  /** Resume here: the matrix holds the state after this many steps. */
  fromStep?: number;
  signal?: AbortSignal;
  /** After each step (done of total); may save the matrix (a checkpoint). */
  onStep?: (done: number, total: number) => void | Promise<void>;
}

export class SpdInverse {
  /** Rows padded to a multiple of SWEEP_BLOCK (padding rows are the identity). */
  readonly size: number;
  /** size × size, row-major; fill rows and columns 0..n−1 (the lower triangle is enough). */
  readonly matrix: Float64Array;
  readonly steps: number;
  private readonly panel: Float64Array;
  private readonly t: Float64Array;
  private readonly d: Float64Array;
  private readonly gemm: GemmNT;
  /** Byte offsets of matrix, panel, t and d for the kernel (0 for the plain loops). */
  private readonly at: { m: number; p: number; t: number; d: number };

  constructor(
    readonly n: number,
    kernel: 'auto' | 'js' = 'auto',
  ) {
    const b = SWEEP_BLOCK;
    this.size = Math.max(b, Math.ceil(n / b) * b);
    this.steps = this.size / b;
    const size = this.size;
    const arena =
      kernel === 'auto' ? SimdArena.create(8 * (size * size + 2 * size * b + b * b) + 256) : null;
    if (arena) {
      this.matrix = arena.doubles(size * size);
      this.panel = arena.doubles(size * b);
      this.t = arena.doubles(size * b);
      this.d = arena.doubles(b * b);
      this.gemm = arena.kernels.gemmNT;
      this.at = {
        m: this.matrix.byteOffset,
        p: this.panel.byteOffset,
        t: this.t.byteOffset,
        d: this.d.byteOffset,
      };
    } else {
      this.matrix = new Float64Array(size * size);
      this.panel = new Float64Array(size * b);
      this.t = new Float64Array(size * b);
      this.d = new Float64Array(b * b);
      const views = new Map<number, Float64Array>([
        [1, this.matrix],
        [2, this.panel],
        [3, this.t],
        [4, this.d],
      ]);
      this.gemm = plainGemm(views);
      this.at = { m: 2 ** 40, p: 2 * 2 ** 40, t: 3 * 2 ** 40, d: 4 * 2 ** 40 };
    }
  }

  /** Whether the SIMD kernel does the work. */
  get simd(): boolean {
    return this.at.m < 2 ** 40;
  }

  /** Sweeps every block; afterwards `matrix` holds the full (symmetric) inverse. */
  async invert(options: SweepOptions = {}): Promise<void> {
    const from = options.fromStep ?? 0;
    if (from === 0) this.padIdentity();
    for (let s = from; s < this.steps; s++) {
      if (options.signal?.aborted) throw abortError();
      this.sweepBlock(s);
      await options.onStep?.(s + 1, this.steps);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (options.signal?.aborted) throw abortError();
    this.finish();
  }

  private padIdentity(): void {
    const { size, n, matrix } = this;
    for (let i = n; i < size; i++) {
      matrix.fill(0, i * size, (i + 1) * size);
      for (let j = 0; j < n; j++) matrix[j * size + i] = 0;
      matrix[i * size + i] = 1;
    }
  }

  /** One step of the sweep over columns [k0, k0 + b). */
  sweepBlock(step: number): void {
    const b = SWEEP_BLOCK;
    const { size, matrix: a, panel: p, t, d } = this;
    const k0 = step * b;
    const k1 = k0 + b;
    // P = M[:, K] from the lower triangle.
    for (let c = 0; c < b; c++) {
      const row = (k0 + c) * size;
      for (let i = 0; i < k0; i++) p[i * b + c] = a[row + i];
    }
    for (let i = k0; i < size; i++) {
      const row = i * size;
      for (let c = 0; c < b; c++) {
        const col = k0 + c;
        p[i * b + c] = i >= col ? a[row + col] : a[col * size + i];
      }
    }
    d.set(inverseSpd(p.subarray(k0 * b, k1 * b), b));
    t.fill(0);
    const at = this.at;
    this.gemm(at.t, b, at.p, b, at.d, b, size, b, b, 1);
    // M_RR −= P·Tᵀ on the lower triangle, R = every row and column outside K.
    for (let j0 = 0; j0 < size; j0 += COLUMN_TILE) {
      const j1 = Math.min(size, j0 + COLUMN_TILE);
      for (const [c0, c1] of outside(j0, j1, k0, k1)) {
        for (const [r0, r1] of outside(c0, size, k0, k1)) {
          this.gemm(
            at.m + 8 * (r0 * size + c0),
            size,
            at.p + 8 * r0 * b,
            b,
            at.t + 8 * c0 * b,
            b,
            r1 - r0,
            c1 - c0,
            b,
            -1,
          );
        }
      }
    }
    // M_RK = T, M_KK = −D (lower triangle).
    for (let c = 0; c < b; c++) {
      const row = (k0 + c) * size;
      for (let i = 0; i < k0; i++) a[row + i] = t[i * b + c];
    }
    for (let i = k1; i < size; i++) {
      const row = i * size + k0;
      for (let c = 0; c < b; c++) a[row + c] = t[i * b + c];
    }
    for (let r = 0; r < b; r++)
      for (let c = 0; c <= r; c++) a[(k0 + r) * size + k0 + c] = -d[r * b + c];
  }

  /** −M⁻¹ (lower) → M⁻¹, both triangles. */
  private finish(): void {
    const { size, matrix: a } = this;
    for (let i = 0; i < size; i++) {
      const row = i * size;
      for (let j = 0; j <= i; j++) {
        const v = -a[row + j];
        a[row + j] = v;
        a[j * size + i] = v;
      }
    }
  }
}

/** [lo, hi) without [k0, k1), as up to two ranges. */
function outside(lo: number, hi: number, k0: number, k1: number): [number, number][] {
  const out: [number, number][] = [];
  if (lo < Math.min(hi, k0)) out.push([lo, Math.min(hi, k0)]);
  if (Math.max(lo, k1) < hi) out.push([Math.max(lo, k1), hi]);
  return out;
}

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * The kernel's contract as a plain loop over the views (the reference, and the path without
 * SIMD). Addresses are `view id << 40` plus a byte offset, so one signature serves both.
 */
function plainGemm(views: Map<number, Float64Array>): GemmNT {
  const view = (addr: number): [Float64Array, number] => {
    const id = Math.floor(addr / 2 ** 40);
    return [views.get(id)!, (addr - id * 2 ** 40) / 8];
  };
  return (c, ldc, a, lda, b, ldb, m, n, k, alpha) => {
    const [cv, co] = view(c);
    const [av, ao] = view(a);
    const [bv, bo] = view(b);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const ar = ao + i * lda;
        const br = bo + j * ldb;
        for (let x = 0; x < k; x++) s += av[ar + x] * bv[br + x];
        cv[co + i * ldc + j] += alpha * s;
      }
    }
  };
}
