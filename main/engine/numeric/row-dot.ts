import { currentBackend, loadedTensorflow } from '../runtime/backend';
import { SimdArena } from './simd-kernels';
import type * as tf from '../runtime/tf';

/**
 * Dot products of every row of a fixed n×d matrix with one vector — the core of scoring all
 * movies and of cosine search. Where WebAssembly SIMD works and d is a multiple of 4, the
 * matrix is copied once into the memory of the `rowDot` SIMD kernel (simd-kernels.wat; on
 * 62,000 × 32 several times faster than the backend's matmul, whose matrix-vector case is
 * slow, and than the JS loop); otherwise on the wasm or native backend one matmul does it;
 * elsewhere, or before the engine chose a backend, a plain loop (also the reference).
 */
export class RowDot {
  private tensor: tf.Tensor2D | null = null;
  private simd: { arena: SimdArena; m: Float32Array; v: Float32Array; out: Float32Array } | null =
    null;
  private simdTried = false;
  readonly rows: number;

  /** `kernel` forces one way (tests): 'auto' takes the first of simd, backend, js that applies. */
  constructor(
    readonly matrix: Float32Array,
    readonly dim: number,
    private readonly kernel: 'auto' | 'simd' | 'backend' | 'js' = 'auto',
  ) {
    this.rows = dim > 0 ? matrix.length / dim : 0;
  }

  private useBackend(): boolean {
    if (this.kernel !== 'auto' && this.kernel !== 'backend') return false;
    const chosen = currentBackend()?.backend;
    return (
      (chosen === 'wasm' || chosen === 'tensorflow' || chosen === 'tensorflow-gpu') &&
      this.rows >= 2048
    );
  }

  private simdKernel() {
    if (!this.simdTried) {
      this.simdTried = true;
      const d = this.dim;
      const arena =
        d % 4 === 0 && this.rows > 0 && (this.kernel === 'auto' || this.kernel === 'simd')
          ? SimdArena.create(4 * (this.rows * d + d + this.rows) + 64)
          : null;
      if (arena) {
        const m = arena.floats(this.rows * d);
        m.set(this.matrix.subarray(0, this.rows * d));
        this.simd = { arena, m, v: arena.floats(d), out: arena.floats(this.rows) };
      }
    }
    return this.simd;
  }

  /** Which way `into` computes (after the first call; 'simd' falls back where unavailable). */
  get way(): 'simd' | 'backend' | 'js' {
    return this.simdKernel() ? 'simd' : this.useBackend() ? 'backend' : 'js';
  }

  /** out[i] = matrix[i,:] · vector */
  into(vector: Float32Array, out: Float32Array): void {
    const d = this.dim;
    const simd = this.simdKernel();
    if (simd) {
      simd.v.set(vector.subarray(0, d));
      simd.arena.kernels.rowDot(
        simd.m.byteOffset,
        this.rows,
        d,
        simd.v.byteOffset,
        simd.out.byteOffset,
      );
      out.set(simd.out);
      return;
    }
    const tf = this.useBackend() ? loadedTensorflow() : null;
    if (tf) {
      this.tensor ??= tf.tensor2d(this.matrix, [this.rows, d]);
      const result = tf.tidy(() => tf.matMul(this.tensor!, tf.tensor2d(vector, [d, 1])));
      out.set(result.dataSync() as Float32Array);
      result.dispose();
      return;
    }
    const m = this.matrix;
    for (let i = 0, o = 0; i < this.rows; i++, o += d) {
      let s = 0;
      for (let c = 0; c < d; c++) s += vector[c] * m[o + c];
      out[i] = s;
    }
  }

  dispose(): void {
    this.tensor?.dispose();
    this.tensor = null;
    this.simd = null;
  }
}
