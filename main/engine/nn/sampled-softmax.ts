import type { Gemm } from '../numeric/gemm';
import type { Alloc } from './typed-params';
import type { EmbeddingTable } from './embedding-table';

/**
 * Next-item cross-entropy over the positive and K negatives shared by every position of one
 * sequence (Klenitskiy & Vasilev 2023: SASRec trained with a softmax loss ranks far better than
 * with one BCE negative). For position r the logits are h_r·e[positive_r] and h_r·e[negative_k];
 * a negative equal to the positive is left out of that row's softmax. Uniform negatives need no
 * log-q correction. The three products are matrix products, so they run on the SIMD kernel.
 */
export class SampledSoftmax {
  /** K rounded up to a multiple of 4 (the SIMD kernel's width); the extra columns are masked. */
  private readonly width: number;
  private readonly negT: Float32Array;
  private readonly neg: Float32Array;
  private readonly logits: Float32Array;
  private readonly dNeg: Float32Array;
  private readonly ids: Int32Array;

  constructor(
    readonly negatives: number,
    private readonly maxRows: number,
    private readonly dim: number,
    private readonly gemm: Gemm,
    alloc: Alloc,
  ) {
    this.width = (negatives + 3) & ~3;
    this.negT = alloc(dim * this.width);
    this.neg = alloc(this.width * dim);
    this.logits = alloc(maxRows * this.width);
    this.dNeg = alloc(this.width * dim);
    this.ids = new Int32Array(this.width).fill(-1);
  }

  /** Floats an arena needs for these buffers. */
  static floats(negatives: number, maxRows: number, dim: number): number {
    const width = (negatives + 3) & ~3;
    return 3 * width * dim + maxRows * width + 64;
  }

  /**
   * The loss of `rows` positions of hidden vectors (rows × dim) whose next items are
   * positives[posOff + r], against the negative ids `negatives` (K of them). Writes dHidden
   * (times `weight`), adds the item rows' gradients into the table. Returns the unweighted sum.
   */
  loss(
    hidden: Float32Array,
    rows: number,
    table: EmbeddingTable,
    positives: Int32Array,
    posOff: number,
    negatives: Int32Array,
    weight: number,
    dHidden: Float32Array,
  ): number {
    if (rows > this.maxRows) throw new Error(`${rows} rows, at most ${this.maxRows}`);
    const { dim: d, width: K, negT, neg, logits, dNeg, ids, gemm } = this;
    const e = table.values;
    const g = table.grad;
    ids.fill(-1);
    ids.set(negatives.subarray(0, this.negatives));
    neg.fill(0);
    for (let k = 0; k < this.negatives; k++) neg.set(e.subarray(ids[k] * d, ids[k] * d + d), k * d);
    for (let k = 0; k < K; k++) for (let c = 0; c < d; c++) negT[c * K + k] = neg[k * d + c];
    gemm(rows, K, d, hidden, 0, d, 1, negT, 0, K, logits, 0, K, false);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      const pi = positives[posOff + r];
      const p = pi * d;
      let zp = 0;
      for (let c = 0; c < d; c++) zp += hidden[o + c] * e[p + c];
      const row = r * K;
      let max = zp;
      for (let k = 0; k < K; k++) {
        if (ids[k] < 0 || ids[k] === pi) logits[row + k] = -Infinity;
        else if (logits[row + k] > max) max = logits[row + k];
      }
      let sum = Math.exp(zp - max);
      for (let k = 0; k < K; k++) {
        const x = Math.exp(logits[row + k] - max);
        logits[row + k] = x;
        sum += x;
      }
      total += Math.log(sum) - (zp - max);
      // the gradient of the logits: softmax − one-hot, times weight
      const gp = weight * (Math.exp(zp - max) / sum - 1);
      const scale = weight / sum;
      for (let k = 0; k < K; k++) logits[row + k] *= scale;
      table.touch(pi);
      for (let c = 0; c < d; c++) {
        dHidden[o + c] = gp * e[p + c];
        g[p + c] += gp * hidden[o + c];
      }
    }
    // dHidden += dLogits · N; dN = dLogitsᵀ · H
    gemm(rows, d, K, logits, 0, K, 1, neg, 0, d, dHidden, 0, d, true);
    gemm(K, d, rows, logits, 0, 1, K, hidden, 0, d, dNeg, 0, d, false);
    for (let k = 0; k < this.negatives; k++) {
      const row = ids[k];
      table.touch(row);
      const o = row * d;
      for (let c = 0; c < d; c++) g[o + c] += dNeg[k * d + c];
    }
    return total;
  }
}
