import type { ArrayKernels } from '../numeric/array-kernels';
import type { Linear } from './linear';
import { softmaxRow, type Prefix } from './prefixed-attention';
import type { Alloc } from './typed-params';

/**
 * The attention output (inference) of the last row of a sequence made of a prefix's first P rows
 * (nn/prefixed-attention.ts) and m own rows given as block inputs x, never projected: with q the
 * last row's query of head h, its score against own row i is q·(x_i·W_k + b_k) = x_i·(W_k·q) +
 * b_k·q, and its value part Σ a_i·(x_i·W_v + b_v) = (Σ a_i·x_i)·W_v + (Σ a_i)·b_v. So the own
 * rows cost one product with d-vectors per head instead of their K|V projections.
 */
export class LastRowAttention {
  /** Heads rounded up to 4: the columns of kq and of the own scores. */
  private readonly hp: number;
  /** dim × hp: column h is W_k·q of head h. */
  private readonly kq: Float32Array;
  private readonly ownScores: Float32Array;
  /** heads rows of maxRows + 3: the prefix's then the own rows' attention weights. */
  private readonly weights: Float32Array;
  private readonly ld: number;
  /** heads × dim: Σ a_i·x_i. */
  private readonly mix: Float32Array;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly maxRows: number,
    alloc: Alloc,
  ) {
    this.hp = (heads + 3) & ~3;
    this.kq = alloc(dim * this.hp);
    this.ownScores = alloc(maxRows * this.hp);
    this.ld = (maxRows + 6) & ~3;
    this.weights = alloc(heads * this.ld);
    this.mix = alloc(heads * dim);
  }

  /**
   * out (dim values at outOff) from the last row's query projections qp (at qOff), the own rows'
   * block inputs x (m × dim at xOff) and the block's K|V layer, after the prefix's first P rows.
   */
  forward(
    k: ArrayKernels,
    kvLayer: Linear,
    qp: Float32Array,
    qOff: number,
    x: Float32Array,
    xOff: number,
    m: number,
    prefix: Prefix,
    P: number,
    out: Float32Array,
    outOff: number,
  ): void {
    const { gemm } = k;
    const { dim: d, heads, hp, kq, ld, weights: a, mix } = this;
    if (P > prefix.rows || P + m > this.maxRows)
      throw new Error(`last-row attention: ${P} + ${m} rows`);
    const dh = d / heads;
    const scale = 1 / Math.sqrt(dh);
    const w = kvLayer.w.values;
    const bias = kvLayer.b.values;
    for (let c = 0; c < d; c++)
      for (let h = 0; h < heads; h++) {
        let s = 0;
        for (let t = h * dh; t < (h + 1) * dh; t++) s += w[c * 2 * d + t] * qp[qOff + t];
        kq[c * hp + h] = s;
      }
    gemm(m, hp, d, x, xOff, d, 1, kq, 0, hp, this.ownScores, 0, hp, false);
    for (let h = 0; h < heads; h++) {
      const o = h * ld;
      let bq = 0;
      for (let t = h * dh; t < (h + 1) * dh; t++) bq += bias[t] * qp[qOff + t];
      // the prefix's scores fill columns up to P rounded up to 4; the own ones then follow P
      if (P > 0)
        gemm(
          1,
          (P + 3) & ~3,
          dh,
          qp,
          qOff + h * dh,
          d,
          1,
          prefix.kT,
          h * dh * prefix.ld,
          prefix.ld,
          a,
          o,
          ld,
          false,
        );
      for (let i = 0; i < m; i++) a[o + P + i] = this.ownScores[i * hp + h] + bq;
      softmaxRow(a, o, P + m, scale);
      const oo = outOff + h * dh;
      gemm(1, dh, P, a, o, ld, 1, prefix.kv, d + h * dh, 2 * d, out, oo, d, false);
      gemm(1, d, m, a, o + P, ld, 1, x, xOff, d, mix, h * d, d, false);
      gemm(1, dh, d, mix, h * d, d, 1, w, d + h * dh, 2 * d, out, oo, d, true);
      let own = 0;
      for (let i = 0; i < m; i++) own += a[o + P + i];
      for (let t = 0; t < dh; t++) out[oo + t] += own * bias[d + h * dh + t];
    }
  }
}
