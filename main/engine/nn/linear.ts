import { transpose, type Gemm } from '../numeric/gemm';
import type { EmbeddingTable } from './embedding-table';
import type { Alloc } from './typed-params';

/**
 * A dense layer y = x·W + b on row-major Float32Arrays (W is in × out), forward and backward,
 * with its weights in one-row tables (typed-params.ts). The backward's dy·Wᵀ runs on a transposed
 * copy of W: call `syncTranspose` after every change of W (each optimizer step, a load).
 */
export class Linear {
  private readonly wT: Float32Array;
  private readonly one: Float32Array;

  constructor(
    readonly w: EmbeddingTable,
    readonly b: EmbeddingTable,
    readonly inDim: number,
    readonly outDim: number,
    alloc: Alloc,
  ) {
    if (w.dim !== inDim * outDim || b.dim !== outDim)
      throw new Error(`linear ${inDim}→${outDim}: weights of the wrong size`);
    this.wT = alloc(inDim * outDim);
    this.one = alloc(1);
    this.one[0] = 1;
    this.syncTranspose();
  }

  syncTranspose(): void {
    transpose(this.w.values, 0, this.outDim, this.inDim, this.outDim, this.wT, 0, this.inDim);
  }

  /** y (rows × out, row stride ldy) = (or += when `accumulate`) x (rows × in, ldx) · W + b. */
  forward(
    gemm: Gemm,
    x: Float32Array,
    ldx: number,
    rows: number,
    y: Float32Array,
    ldy: number,
    accumulate = false,
  ): void {
    const bias = this.b.values;
    if (accumulate)
      gemm(rows, this.outDim, 1, this.one, 0, 0, 0, bias, 0, this.outDim, y, 0, ldy, true);
    else for (let r = 0; r < rows; r++) y.set(bias, r * ldy);
    gemm(
      rows,
      this.outDim,
      this.inDim,
      x,
      0,
      ldx,
      1,
      this.w.values,
      0,
      this.outDim,
      y,
      0,
      ldy,
      true,
    );
  }

  /**
   * Adds x ᵀ·dy to W's gradient and the column sums of dy to b's; dx = dy·Wᵀ (+= when
   * `accumulate`), skipped when dx is null.
   */
  backward(
    gemm: Gemm,
    x: Float32Array,
    ldx: number,
    dy: Float32Array,
    ldy: number,
    rows: number,
    dx: Float32Array | null,
    accumulate: boolean,
  ): void {
    const { inDim, outDim } = this;
    gemm(inDim, outDim, rows, x, 0, 1, ldx, dy, 0, ldy, this.w.grad, 0, outDim, true);
    gemm(1, outDim, rows, this.one, 0, 0, 0, dy, 0, ldy, this.b.grad, 0, outDim, true);
    if (dx) gemm(rows, inDim, outDim, dy, 0, ldy, 1, this.wT, 0, inDim, dx, 0, ldx, accumulate);
  }
}
