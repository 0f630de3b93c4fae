import type { ArrayKernels } from '../numeric/array-kernels';
import { FirstBlockAttention } from './first-block-attention';
import { LastRowAttention } from './last-row-attention';
import { Prefix, PrefixedAttention } from './prefixed-attention';
import { layerNormEps, type BlockLayers } from './self-attention-block';
import type { EncoderConfig, SelfAttentiveEncoder } from './self-attentive-encoder';
import type { Alloc, TypedParams } from './typed-params';

/**
 * The encoder's last hidden vector after a history without each one of the movies in its window
 * (inference): what the reruns on those shorter histories give, at a fraction of their cost.
 *
 * Let W be the window (the latest `rows` ≤ maxLength movies) and S the history without its
 * latest movie. The rerun without W[k] reads the movies before k (and, when the history is
 * longer than the window, the one older movie that enters it) at the positions they have in S,
 * and the m = rows − 1 − k movies after k at the positions they have in W (positions count from
 * the end). The attention being causal, the rerun's rows before k are S's at every layer, and
 * the first block's inputs of the rows after k are W's. So one forward on W and one on S serve
 * all reruns: each computes only its m rows through the blocks, attending over S's rows before
 * k (nn/prefixed-attention.ts; in the first block, whose scores do not depend on k,
 * nn/first-block-attention.ts), and the last block for its last row only
 * (nn/last-row-attention.ts); the rerun without W's latest movie is S.
 */
export interface LeftOut {
  /** The last hidden vector after the whole history. */
  full: Float32Array;
  /** Per movie, the last hidden vector without it; null for movies older than the window. */
  without: (Float32Array | null)[];
}

/** Some rows' block input x, LN1(x), query projections and K|V, from row `off`. */
interface BlockInputs {
  x: Float32Array;
  q: Float32Array;
  qp: Float32Array;
  kv: Float32Array;
  off: number;
}

export class LeaveOneOut {
  private readonly attention: PrefixedAttention;
  private readonly firstBlock: FirstBlockAttention;
  private readonly lastRow: LastRowAttention;
  /** S's K|V rows in each block. */
  private readonly prefixes: Prefix[];
  /** W's first-block inputs. */
  private readonly window: BlockInputs;
  /** A rerun's inputs of its next block. */
  private readonly next: BlockInputs;
  private readonly att: Float32Array;
  private readonly r: Float32Array;
  private readonly y: Float32Array;
  private readonly f: Float32Array;
  private readonly out: Float32Array;
  private readonly xhat: Float32Array;
  private readonly rstd: Float32Array;
  /** The final layer norm's γ and β. */
  private readonly lnf: { g: Float32Array; b: Float32Array };

  constructor(
    readonly config: EncoderConfig,
    params: TypedParams,
    private readonly encoder: SelfAttentiveEncoder,
    private readonly kernels: ArrayKernels,
    alloc: Alloc,
  ) {
    const { dim: d, heads, maxLength: T } = config;
    this.attention = new PrefixedAttention(d, heads, T, alloc);
    this.firstBlock = new FirstBlockAttention(d, heads, T, alloc);
    this.lastRow = new LastRowAttention(d, heads, T, alloc);
    this.prefixes = Array.from({ length: config.blocks }, () => new Prefix(d, T, alloc));
    [this.att, this.r, this.y, this.f, this.out, this.xhat] = Array.from({ length: 6 }, () =>
      alloc(T * d),
    );
    this.rstd = alloc(T);
    this.lnf = { g: params.get('lnf.g').values, b: params.get('lnf.b').values };
    const inputs = (x: Float32Array): BlockInputs => ({
      x,
      q: alloc(T * d),
      qp: alloc(T * d),
      kv: alloc(2 * T * d),
      off: 0,
    });
    this.window = inputs(alloc(T * d));
    // the last block reads its inputs x before it overwrites `out`; the others only q, qp, kv
    this.next = inputs(this.out);
  }

  /**
   * The vectors for the history items (oldest first, at least 2 movies) and their ratings'
   * levels (see the encoder's forward).
   */
  run(items: Int32Array, levels: Int32Array): LeftOut {
    const { dim: d, maxLength: T } = this.config;
    const n = items.length;
    if (n < 2) throw new Error('leave-one-out: fewer than 2 movies');
    const keepFrom = Math.max(0, n - T);
    const rows = n - keepFrom;
    const older = keepFrom > 0 ? 1 : 0;
    const { encoder, window } = this;
    const blocks = encoder.blocks;
    const full = lastHidden(encoder.forward(items, levels, keepFrom, rows, null), rows, d);
    const first = blocks[0].projections;
    window.x.set(encoder.embedded.subarray(0, rows * d));
    window.q.set(first.q.subarray(0, rows * d));
    window.qp.set(first.qp.subarray(0, rows * d));
    window.kv.set(first.kv.subarray(0, 2 * rows * d));
    const sRows = rows - 1 + older;
    const without: (Float32Array | null)[] = new Array<Float32Array | null>(n).fill(null);
    without[n - 1] = lastHidden(
      encoder.forward(items, levels, keepFrom - older, sRows, null),
      sRows,
      d,
    );
    blocks.forEach((block, b) => this.prefixes[b].set(block.projections.kv, sRows));
    if (blocks.length > 1)
      this.firstBlock.prepare(this.kernels, window.qp, window.kv, rows, this.prefixes[0]);
    for (let k = 0; k < rows - 1; k++) without[keepFrom + k] = this.rerun(k + older, k + 1, rows);
    return { full, without };
  }

  /** The rerun whose P rows before the left-out movie are S's, then W's rows from .. rows. */
  private rerun(P: number, from: number, rows: number): Float32Array {
    const { kernels, att } = this;
    const d = this.config.dim;
    const blocks = this.encoder.blocks;
    const last = blocks.length - 1;
    const m = rows - from;
    let x: BlockInputs = { ...this.window, off: from };
    for (let b = 0; b < last; b++) {
      const o = x.off * d;
      const prefix = this.prefixes[b];
      if (b > 0 || !this.firstBlock.forward(kernels, from, P, att))
        this.attention.forward(kernels, x.qp, o, x.kv, 2 * o, m, prefix, P, att, 0);
      this.afterAttention(blocks[b].layers, x.q, o, m);
      x = this.project(blocks[b + 1].layers, m, b + 1 < last);
    }
    const w = blocks[last].layers;
    const qo = (x.off + m - 1) * d;
    const prefix = this.prefixes[last];
    this.lastRow.forward(kernels, w.kv, x.qp, qo, x.x, x.off * d, m, prefix, P, att, 0);
    this.afterAttention(w, x.q, qo, 1);
    const { g, b } = this.lnf;
    kernels.vec.layerNorm(this.out, this.r, this.xhat, this.rstd, g, b, 1, d, layerNormEps);
    return this.r.slice(0, d);
  }

  /**
   * The next block's inputs from the m rows of `out`: LN1 and the query projections of all of
   * them and their K|V when `all`, else LN1 and the query of the last (the last block's).
   */
  private project(w: BlockLayers, m: number, all: boolean): BlockInputs {
    const { gemm, vec } = this.kernels;
    const d = this.config.dim;
    const { next, out } = this;
    if (all) w.kv.forward(gemm, out, d, m, next.kv, 2 * d);
    const o = all ? 0 : (m - 1) * d;
    const rows = all ? m : 1;
    const [x, q] = [out.subarray(o), next.q.subarray(o)];
    const { g, b } = w.norm1;
    vec.layerNorm(x, q, this.xhat, this.rstd, g.values, b.values, rows, d, layerNormEps);
    w.q.forward(gemm, q, d, rows, next.qp.subarray(o), d);
    next.off = 0;
    return next;
  }

  /** out = y + FF(y) with y = LN2(q + o(att)), for `rows` rows (q from qOff). */
  private afterAttention(w: BlockLayers, q: Float32Array, qOff: number, rows: number): void {
    const { gemm, vec } = this.kernels;
    const d = this.config.dim;
    const { att, r, y, f, out } = this;
    const n = rows * d;
    r.set(q.subarray(qOff, qOff + n));
    w.o.forward(gemm, att, d, rows, r, d, true);
    const { g, b } = w.norm2;
    vec.layerNorm(r, y, this.xhat, this.rstd, g.values, b.values, rows, d, layerNormEps);
    w.ff1.forward(gemm, y, d, rows, f, d);
    for (let i = 0; i < n; i++) if (f[i] < 0) f[i] = 0;
    out.set(y.subarray(0, n));
    w.ff2.forward(gemm, f, d, rows, out, d, true);
  }
}

function lastHidden(h: Float32Array, rows: number, d: number): Float32Array {
  return h.slice((rows - 1) * d, rows * d);
}
