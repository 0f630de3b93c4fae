import type { ArrayKernels } from '../numeric/array-kernels';
import { Tri, transpose } from '../numeric/gemm';
import type { Dropout } from './dropout';
import type { Alloc } from './typed-params';

/**
 * Multi-head causal scaled dot-product attention over one sequence of `rows` positions, forward
 * and backward on Float32Arrays (the core of nn.MultiheadAttention with a causal mask, without
 * its projections): per head h, A = softmax(Q_h K_hᵀ / √d_h) over keys j ≤ i, dropout on A
 * (as torch does on the attention weights), out_h = A·V_h. Q is rows × dim; K and V come side by
 * side in one rows × 2·dim array (the K|V projection's output). The attention maps are kept
 * for the backward. Only the causal half of every product is computed (gemm's `tri`).
 */
export class CausalAttention {
  /** Row stride of the attention maps and of the transposed K and V (maxRows rounded up to 4). */
  private readonly ld: number;
  private readonly kT: Float32Array;
  private readonly vT: Float32Array;
  private readonly probs: Float32Array;
  private readonly dropped: Float32Array;
  private readonly mask: Float32Array;
  private readonly dScores: Float32Array;
  private dropout = false;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly maxRows: number,
    alloc: Alloc,
  ) {
    if (dim % heads !== 0) throw new Error(`attention: ${heads} heads do not divide ${dim}`);
    this.ld = (maxRows + 3) & ~3;
    const map = heads * maxRows * this.ld;
    this.kT = alloc(dim * this.ld);
    this.vT = alloc(dim * this.ld);
    this.probs = alloc(map);
    this.dropped = alloc(map);
    this.mask = alloc(map);
    this.dScores = alloc(maxRows * this.ld);
  }

  /** out (rows × dim) from q (rows × dim) and kv (rows × 2·dim); dropout when given. */
  forward(
    k: ArrayKernels,
    q: Float32Array,
    kv: Float32Array,
    rows: number,
    out: Float32Array,
    dropout: Dropout | null,
  ): void {
    const { gemm } = k;
    const { dim, heads, ld } = this;
    const dh = dim / heads;
    const cols = (rows + 3) & ~3;
    const scale = 1 / Math.sqrt(dh);
    transpose(kv, 0, 2 * dim, rows, dim, this.kT, 0, ld);
    transpose(kv, dim, 2 * dim, rows, dim, this.vT, 0, ld);
    this.dropout = dropout !== null && dropout.rate > 0;
    for (let h = 0; h < heads; h++) {
      const mo = h * this.maxRows * ld;
      const p = this.probs;
      gemm(rows, cols, dh, q, h * dh, dim, 1, this.kT, h * dh * ld, ld, p, mo, ld, false, Tri.cols);
      const d = this.dropped;
      const m = this.mask;
      if (this.dropout) {
        dropout!.stream.fill(m.subarray(mo, mo + rows * ld), rows * ld, dropout!.rate);
        k.vec.causalSoftmax(p, mo, m, d, rows, cols, ld, scale);
      } else k.vec.causalSoftmax(p, mo, null, null, rows, cols, ld, scale);
      const a = this.dropout ? d : p;
      gemm(
        rows,
        dh,
        rows,
        a,
        mo,
        ld,
        1,
        kv,
        dim + h * dh,
        2 * dim,
        out,
        h * dh,
        dim,
        false,
        Tri.kUpTo,
      );
    }
  }

  /** dq (rows × dim) and dkv (rows × 2·dim) from dOut, after a forward on the same q, kv. */
  backward(
    k: ArrayKernels,
    q: Float32Array,
    kv: Float32Array,
    rows: number,
    dOut: Float32Array,
    dq: Float32Array,
    dkv: Float32Array,
  ): void {
    const { gemm } = k;
    const { dim, heads, ld } = this;
    const dh = dim / heads;
    const cols = (rows + 3) & ~3;
    const scale = 1 / Math.sqrt(dh);
    const ds = this.dScores;
    for (let h = 0; h < heads; h++) {
      const mo = h * this.maxRows * ld;
      const p = this.probs;
      const a = this.dropout ? this.dropped : p;
      const m = this.mask;
      // dV_h = Aᵀ·dOut_h
      gemm(
        rows,
        dh,
        rows,
        a,
        mo,
        1,
        ld,
        dOut,
        h * dh,
        dim,
        dkv,
        dim + h * dh,
        2 * dim,
        false,
        Tri.kFrom,
      );
      // dA = dOut_h·V_hᵀ, then through dropout and softmax into the scores' gradient
      gemm(
        rows,
        cols,
        dh,
        dOut,
        h * dh,
        dim,
        1,
        this.vT,
        h * dh * ld,
        ld,
        ds,
        0,
        ld,
        false,
        Tri.cols,
      );
      k.vec.causalSoftmaxBack(ds, p, mo, this.dropout ? m : null, rows, cols, ld, scale);
      // dQ_h = dS·K_h, dK_h = dSᵀ·Q_h
      gemm(rows, dh, rows, ds, 0, ld, 1, kv, h * dh, 2 * dim, dq, h * dh, dim, false, Tri.kUpTo);
      gemm(rows, dh, rows, ds, 0, 1, ld, q, h * dh, dim, dkv, h * dh, 2 * dim, false, Tri.kFrom);
    }
  }
}
