import type { ArrayKernels } from '../numeric/array-kernels';
import type { Rng } from '../numeric/rng';
import { CausalAttention } from './causal-attention';
import type { Dropout } from './dropout';
import type { EmbeddingTable } from './embedding-table';
import { Linear } from './linear';
import type { Alloc, TypedParams } from './typed-params';

/**
 * One SASRec block on one sequence (rows × dim, oldest position first), forward and backward on
 * Float32Arrays, as the PyTorch SASRec the project measures against:
 *
 *   q = LN1(x);  a = MHA(query q, keys and values x, causal);  y = LN2(q + a)
 *   out = y + Dropout(W2·Dropout(ReLU(W1·y + b1)) + b2)
 *
 * (the query is normalised, keys and values are not; attention dropout on the weights). The
 * forward keeps what the backward needs, so a block serves one sequence at a time; `x` must stay
 * unchanged between the two.
 */
export const layerNormEps = 1e-8;

/** A layer norm's saved normalised rows and reciprocal standard deviations. */
export interface LayerNormCache {
  xhat: Float32Array;
  rstd: Float32Array;
}

/** Parameter names and initial values of a block (xavier-normal matrices, as the reference). */
export function selfAttentionBlockParams(
  prefix: string,
  dim: number,
  rng: Rng,
): [string, Float32Array][] {
  const xavier = (fanIn: number, fanOut: number) =>
    rng.fillNormal(new Float32Array(fanIn * fanOut), Math.sqrt(2 / (fanIn + fanOut)));
  const uniform = (n: number, limit: number) =>
    Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * limit);
  const ones = () => new Float32Array(dim).fill(1);
  // torch's in-projection is one 3·dim × dim matrix: its xavier std uses those fans
  const inStd = Math.sqrt(2 / (dim + 3 * dim));
  return [
    [`${prefix}/ln1.g`, ones()],
    [`${prefix}/ln1.b`, new Float32Array(dim)],
    [`${prefix}/q.w`, rng.fillNormal(new Float32Array(dim * dim), inStd)],
    [`${prefix}/q.b`, new Float32Array(dim)],
    [`${prefix}/kv.w`, rng.fillNormal(new Float32Array(dim * 2 * dim), inStd)],
    [`${prefix}/kv.b`, new Float32Array(2 * dim)],
    [`${prefix}/o.w`, xavier(dim, dim)],
    [`${prefix}/o.b`, new Float32Array(dim)],
    [`${prefix}/ln2.g`, ones()],
    [`${prefix}/ln2.b`, new Float32Array(dim)],
    [`${prefix}/ff1.w`, xavier(dim, dim)],
    [`${prefix}/ff1.b`, uniform(dim, 1 / Math.sqrt(dim))],
    [`${prefix}/ff2.w`, xavier(dim, dim)],
    [`${prefix}/ff2.b`, uniform(dim, 1 / Math.sqrt(dim))],
  ];
}

/** A layer norm's γ and β. */
export interface NormWeights {
  g: EmbeddingTable;
  b: EmbeddingTable;
}

/** A block's layers, for inference outside `forward` (nn/leave-one-out.ts). */
export interface BlockLayers {
  norm1: NormWeights;
  q: Linear;
  kv: Linear;
  o: Linear;
  norm2: NormWeights;
  ff1: Linear;
  ff2: Linear;
}

export class SelfAttentionBlock {
  private readonly qLin: Linear;
  private readonly kvLin: Linear;
  private readonly oLin: Linear;
  private readonly ff1: Linear;
  private readonly ff2: Linear;
  private readonly attention: CausalAttention;
  private readonly norm1: NormWeights;
  private readonly norm2: NormWeights;
  private readonly ln1: LayerNormCache;
  private readonly ln2: LayerNormCache;
  private readonly q: Float32Array;
  private readonly qp: Float32Array;
  private readonly kv: Float32Array;
  private readonly att: Float32Array;
  private readonly r: Float32Array;
  private readonly y: Float32Array;
  private readonly f1: Float32Array;
  private readonly h1: Float32Array;
  private readonly m1: Float32Array;
  private readonly m2: Float32Array;
  /** The block's output (rows × dim). */
  readonly out: Float32Array;
  /** The gradient with respect to the block's input, after `backward`. */
  readonly dx: Float32Array;
  private readonly t1: Float32Array;
  private readonly t2: Float32Array;
  private readonly dkv: Float32Array;
  private x: Float32Array | null = null;
  private dropout = 0;
  readonly layers: BlockLayers;

  constructor(
    params: TypedParams,
    prefix: string,
    readonly dim: number,
    heads: number,
    readonly maxRows: number,
    alloc: Alloc,
  ) {
    const d = dim;
    const norm = (name: string) => ({
      g: params.get(`${prefix}/${name}.g`),
      b: params.get(`${prefix}/${name}.b`),
    });
    this.norm1 = norm('ln1');
    this.norm2 = norm('ln2');
    const lin = (name: string, inDim: number, outDim: number) =>
      new Linear(
        params.get(`${prefix}/${name}.w`),
        params.get(`${prefix}/${name}.b`),
        inDim,
        outDim,
        alloc,
      );
    this.qLin = lin('q', d, d);
    this.kvLin = lin('kv', d, 2 * d);
    this.oLin = lin('o', d, d);
    this.ff1 = lin('ff1', d, d);
    this.ff2 = lin('ff2', d, d);
    this.attention = new CausalAttention(d, heads, maxRows, alloc);
    const n = maxRows * d;
    const cache = (): LayerNormCache => ({ xhat: alloc(n), rstd: alloc(maxRows) });
    this.ln1 = cache();
    this.ln2 = cache();
    [this.q, this.qp, this.att, this.r, this.y, this.f1, this.h1, this.m1, this.m2, this.out] =
      Array.from({ length: 10 }, () => alloc(n));
    this.kv = alloc(2 * n);
    [this.dx, this.t1, this.t2] = Array.from({ length: 3 }, () => alloc(n));
    this.dkv = alloc(2 * n);
    this.layers = {
      norm1: this.norm1,
      q: this.qLin,
      kv: this.kvLin,
      o: this.oLin,
      norm2: this.norm2,
      ff1: this.ff1,
      ff2: this.ff2,
    };
  }

  /** The last forward's LN1(x) and query projections (rows × dim) and K|V (rows × 2·dim). */
  get projections(): { q: Float32Array; qp: Float32Array; kv: Float32Array } {
    return { q: this.q, qp: this.qp, kv: this.kv };
  }

  /** Refreshes the layers' transposed weights after the parameters changed. */
  syncWeights(): void {
    for (const l of [this.qLin, this.kvLin, this.oLin, this.ff1, this.ff2]) l.syncTranspose();
  }

  forward(k: ArrayKernels, x: Float32Array, rows: number, dropout: Dropout | null): Float32Array {
    const { gemm, vec } = k;
    const d = this.dim;
    const n = rows * d;
    this.x = x;
    this.dropout = dropout?.rate ?? 0;
    const { q, qp, kv, att, r, y, f1, h1, m1, m2, out, ln1, ln2 } = this;
    vec.layerNorm(
      x,
      q,
      ln1.xhat,
      ln1.rstd,
      this.norm1.g.values,
      this.norm1.b.values,
      rows,
      d,
      layerNormEps,
    );
    this.qLin.forward(gemm, q, d, rows, qp, d);
    this.kvLin.forward(gemm, x, d, rows, kv, 2 * d);
    this.attention.forward(k, qp, kv, rows, att, dropout);
    this.oLin.forward(gemm, att, d, rows, r, d);
    for (let i = 0; i < n; i++) r[i] += q[i];
    vec.layerNorm(
      r,
      y,
      ln2.xhat,
      ln2.rstd,
      this.norm2.g.values,
      this.norm2.b.values,
      rows,
      d,
      layerNormEps,
    );
    this.ff1.forward(gemm, y, d, rows, f1, d);
    if (this.dropout > 0) {
      dropout!.stream.fill(m1, n, this.dropout);
      dropout!.stream.fill(m2, n, this.dropout);
      for (let i = 0; i < n; i++) h1[i] = f1[i] > 0 ? f1[i] * m1[i] : 0;
    } else for (let i = 0; i < n; i++) h1[i] = f1[i] > 0 ? f1[i] : 0;
    this.ff2.forward(gemm, h1, d, rows, out, d);
    if (this.dropout > 0) for (let i = 0; i < n; i++) out[i] = y[i] + out[i] * m2[i];
    else for (let i = 0; i < n; i++) out[i] += y[i];
    return out;
  }

  /** Adds the parameter gradients of `dOut` and returns dx (its own buffer). */
  backward(k: ArrayKernels, dOut: Float32Array, rows: number): Float32Array {
    const x = this.x;
    if (!x) throw new Error('backward before forward');
    const { gemm, vec } = k;
    const d = this.dim;
    const n = rows * d;
    const { q, qp, kv, att, y, f1, h1, m1, m2, dx, t1, t2, dkv, ln1, ln2 } = this;
    // feed-forward: t1 = d(ff2 output), t2 = d(h1) → d(f1), then dy = dOut + ff1's dx into t1
    if (this.dropout > 0) for (let i = 0; i < n; i++) t1[i] = dOut[i] * m2[i];
    else t1.set(dOut.subarray(0, n));
    this.ff2.backward(gemm, h1, d, t1, d, rows, t2, false);
    if (this.dropout > 0) for (let i = 0; i < n; i++) t2[i] = f1[i] > 0 ? t2[i] * m1[i] : 0;
    else for (let i = 0; i < n; i++) if (f1[i] <= 0) t2[i] = 0;
    t1.set(dOut.subarray(0, n));
    this.ff1.backward(gemm, y, d, t2, d, rows, t1, true);
    // y = LN2(q + a): t2 = dr
    const g2 = this.norm2.g.values;
    vec.layerNormBack(
      t1,
      ln2.xhat,
      ln2.rstd,
      g2,
      this.norm2.g.grad,
      this.norm2.b.grad,
      t2,
      rows,
      d,
      false,
    );
    // a = o(att): t1 = d(att)
    this.oLin.backward(gemm, att, d, t2, d, rows, t1, false);
    // attention: dx holds dQp for now, dkv d(K|V)
    this.attention.backward(k, qp, kv, rows, t1, dx, dkv);
    // q gets dr directly and through the query projection: t2 += dQp·Wqᵀ
    this.qLin.backward(gemm, q, d, dx, d, rows, t2, true);
    this.kvLin.backward(gemm, x, d, dkv, 2 * d, rows, dx, false);
    const g1 = this.norm1.g.values;
    vec.layerNormBack(
      t2,
      ln1.xhat,
      ln1.rstd,
      g1,
      this.norm1.g.grad,
      this.norm1.b.grad,
      dx,
      rows,
      d,
      true,
    );
    return dx;
  }
}
