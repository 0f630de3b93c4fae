import type { ArrayKernels } from '../numeric/array-kernels';
import { Tri, transpose } from '../numeric/gemm';
import type { Prefix } from './prefixed-attention';
import type { Alloc } from './typed-params';

/**
 * The first block's attention in the leave-one-out reruns (nn/leave-one-out.ts), where nothing
 * but the key set depends on the movie left out: the rerun without window movie k has the
 * window's rows t > k query with their own (the window's) projections, over S's first P rows
 * and the window's rows k+1..t. So `prepare` exponentiates every window row's scores against
 * S's and the window's keys once per history (relative to the row's largest), and a rerun's
 * attention is the product of its share of them with the values, divided by their sum (a column
 * of ones next to the values). Where that sum underflows (the row's largest keys all left out),
 * `forward` declines and the caller computes that rerun's attention afresh.
 */
export class FirstBlockAttention {
  private readonly ld: number;
  /** Value columns per head: dh, a column of ones, padding to 4. */
  private readonly vw: number;
  /** Per head, window rows × (S's keys, the window's keys): the exponentiated scores. */
  private readonly expS: Float32Array;
  private readonly expW: Float32Array;
  /** Per head, S's and the window's value rows (vw wide). */
  private readonly valS: Float32Array;
  private readonly valW: Float32Array;
  private readonly kT: Float32Array;
  private readonly sums: Float32Array;
  private rows = 0;
  private prefixRows = 0;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly maxRows: number,
    alloc: Alloc,
  ) {
    const dh = dim / heads;
    this.ld = (maxRows + 3) & ~3;
    this.vw = dh + 4;
    const map = heads * maxRows * this.ld;
    this.expS = alloc(map);
    this.expW = alloc(map);
    this.valS = alloc(heads * maxRows * this.vw);
    this.valW = alloc(heads * maxRows * this.vw);
    this.kT = alloc(dim * this.ld);
    this.sums = alloc(maxRows * this.vw);
  }

  /** From the window's (rows) query projections qp and K|V kv, and S's first block. */
  prepare(k: ArrayKernels, qp: Float32Array, kv: Float32Array, rows: number, prefix: Prefix): void {
    const { gemm } = k;
    const { dim: d, heads, ld, vw, expS, expW } = this;
    const dh = d / heads;
    const scale = 1 / Math.sqrt(dh);
    const sRows = prefix.rows;
    // S has the older movie that enters the window (shift 1) or not (0)
    const shift = sRows - rows + 1;
    if (rows > this.maxRows || shift < 0 || shift > 1)
      throw new Error(`first-block attention: ${rows} window rows, ${sRows} of S`);
    this.rows = rows;
    this.prefixRows = sRows;
    transpose(kv, 0, 2 * d, rows, d, this.kT, 0, ld);
    for (let h = 0; h < heads; h++) {
      const mo = h * this.maxRows * ld;
      const qo = h * dh;
      gemm(
        rows,
        (sRows + 3) & ~3,
        dh,
        qp,
        qo,
        d,
        1,
        prefix.kT,
        qo * prefix.ld,
        prefix.ld,
        expS,
        mo,
        ld,
        false,
      );
      gemm(
        rows,
        (rows + 3) & ~3,
        dh,
        qp,
        qo,
        d,
        1,
        this.kT,
        qo * ld,
        ld,
        expW,
        mo,
        ld,
        false,
        Tri.cols,
      );
      for (let t = 0; t < rows; t++) {
        const o = mo + t * ld;
        // S's rows before a left-out movie k < t
        const nS = t - 1 + shift;
        let max = -Infinity;
        for (let i = o; i < o + nS; i++) if (expS[i] > max) max = expS[i];
        for (let i = o; i <= o + t; i++) if (expW[i] > max) max = expW[i];
        for (let i = o; i < o + nS; i++) expS[i] = Math.exp((expS[i] - max) * scale);
        for (let i = o; i <= o + t; i++) expW[i] = Math.exp((expW[i] - max) * scale);
        expW.fill(0, o + t + 1, o + rows);
      }
      values(kv, rows, d, qo, dh, this.valW, h * this.maxRows * vw, vw);
      values(prefix.kv, sRows, d, qo, dh, this.valS, h * this.maxRows * vw, vw);
    }
  }

  /**
   * out (m × dim) for the window's rows from .. rows, attending over S's first P rows and the
   * window's rows from .. t; false (out undefined) where a row's weights underflow.
   */
  forward(k: ArrayKernels, from: number, P: number, out: Float32Array): boolean {
    const { gemm } = k;
    const { dim: d, heads, ld, vw, sums } = this;
    const m = this.rows - from;
    if (from < 1 || m < 1 || P > from - 1 + this.prefixRows - this.rows + 1)
      throw new Error(`first-block attention: rows from ${from}, ${P} of S`);
    const dh = d / heads;
    for (let h = 0; h < heads; h++) {
      const mo = h * this.maxRows * ld + from * ld;
      const vo = h * this.maxRows * vw;
      gemm(m, vw, P, this.expS, mo, ld, 1, this.valS, vo, vw, sums, 0, vw, false);
      gemm(
        m,
        vw,
        m,
        this.expW,
        mo + from,
        ld,
        1,
        this.valW,
        vo + from * vw,
        vw,
        sums,
        0,
        vw,
        true,
        Tri.kUpTo,
      );
      for (let i = 0; i < m; i++) {
        const total = sums[i * vw + dh];
        // the weights are relative to the row's largest score over all reruns: below this sum,
        // f32 may have flushed some that matter here to zero
        if (!(total > 1e-20)) return false;
        const inv = 1 / total;
        for (let t = 0; t < dh; t++) out[i * d + h * dh + t] = sums[i * vw + t] * inv;
      }
    }
    return true;
  }
}

/** Head h's values of kv (rows × 2·dim) into out (rows × vw at off): V_h, 1, zeros. */
function values(
  kv: Float32Array,
  rows: number,
  d: number,
  qo: number,
  dh: number,
  out: Float32Array,
  off: number,
  vw: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * vw;
    out.set(kv.subarray(r * 2 * d + d + qo, r * 2 * d + d + qo + dh), o);
    out[o + dh] = 1;
    out.fill(0, o + dh + 1, o + vw);
  }
}
