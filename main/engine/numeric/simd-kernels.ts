import { simdKernelsWasm } from './simd-kernels-bytes';

/**
 * The WebAssembly SIMD kernels (simd-kernels.wat: the fused biased-MF trainer's batch and Adam
 * loops, row dot products, the SPD inverse's block product) and the memory they work in. Arrays the kernels touch are allocated from one fixed-size WebAssembly.Memory
 * (never grown, so the Float32Array views stay valid) and passed to the kernels as byte offsets.
 * `SimdArena.create` returns null where WebAssembly SIMD is unavailable; callers then keep their
 * plain TypeScript loops, which are also the reference the kernels are tested against.
 */
export interface SimdKernels {
  accumulate(
    P: number,
    Q: number,
    PG: number,
    QG: number,
    BU: number,
    BI: number,
    BUG: number,
    BIG: number,
    U: number,
    I: number,
    R: number,
    n: number,
    k: number,
    mu: number,
    scale: number,
    l2s: number,
  ): number;
  adam(
    W: number,
    G: number,
    M: number,
    V: number,
    rows: number,
    nRows: number,
    d: number,
    beta1: number,
    beta2: number,
    stepSize: number,
    epsHat: number,
  ): void;
  rowDot(M: number, rows: number, d: number, V: number, OUT: number): void;
  /** f64: C[i,j] += alpha · A[i,:k]·B[j,:k] (m % 4 == 0, n and k even; leading dims in values). */
  gemmNT(
    C: number,
    ldc: number,
    A: number,
    lda: number,
    B: number,
    ldb: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
  ): void;
  /** OUT[c] = Σ_t W[t]·M[IDX[t]·ld + c], c < cols (f32; ld, cols multiples of 4). */
  weightedRowSum(
    M: number,
    ld: number,
    IDX: number,
    W: number,
    n: number,
    OUT: number,
    cols: number,
  ): void;
  /** f64 weighted normal equations of f32 rows, lower triangle (see simd-kernels.wat). */
  weightedGram(
    A: number,
    B: number,
    V: number,
    dim: number,
    IDX: number,
    W: number,
    Y: number,
    n: number,
    S: number,
  ): void;
  /** f32 matrix product; see gemm.ts (strides and leading dims in values, tri 0–3). */
  sgemm(
    A: number,
    ais: number,
    aks: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
    accumulate: number,
    tri: number,
  ): void;
  /** The typed-array networks' row kernels; see vector-kernels.ts. */
  dropoutMask(M: number, n: number, S: number, threshold: number, keep: number): void;
  layerNorm(
    X: number,
    Y: number,
    XH: number,
    RS: number,
    G: number,
    B: number,
    rows: number,
    d: number,
    eps: number,
  ): void;
  layerNormBack(
    DY: number,
    XH: number,
    RS: number,
    G: number,
    DG: number,
    DB: number,
    DX: number,
    rows: number,
    d: number,
    accumulate: number,
  ): void;
  causalSoftmax(
    P: number,
    M: number,
    D: number,
    drop: number,
    rows: number,
    cols: number,
    ld: number,
    scale: number,
  ): void;
  causalSoftmaxBack(
    G: number,
    P: number,
    M: number,
    drop: number,
    rows: number,
    cols: number,
    ld: number,
    scale: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(simdKernelsWasm, 'base64'));
    } catch {
      compiled = null; // no SIMD support: the TypeScript path runs
    }
  }
  return compiled;
}

/** Bytes an allocation of n 4-byte values takes in an arena (16-byte aligned). */
export const arenaBytes = (n: number) => (n * 4 + 15) & ~15;

export class SimdArena {
  private top = 0;

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly kernels: SimdKernels,
  ) {}

  /** An arena of at least `bytes` bytes with the kernels bound to it, or null without SIMD. */
  static create(bytes: number): SimdArena | null {
    if (process.env.MOVIE_ASSISTANT_NO_SIMD === '1') return null;
    const mod = kernelModule();
    if (!mod) return null;
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    if (pages > 65536) return null;
    try {
      const memory = new WebAssembly.Memory({ initial: pages });
      const instance = new WebAssembly.Instance(mod, { env: { memory } });
      return new SimdArena(memory, instance.exports as unknown as SimdKernels);
    } catch {
      return null; // e.g. the memory could not be reserved: the TypeScript loops run
    }
  }

  private take(n: number): number {
    const at = this.top;
    this.top += arenaBytes(n);
    if (this.top > this.memory.buffer.byteLength) throw new Error('SIMD arena is full');
    return at;
  }

  floats(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(n), n);
  }

  ints(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(n), n);
  }

  doubles(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(2 * n), n);
  }
}
