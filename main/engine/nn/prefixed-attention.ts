import type { ArrayKernels } from '../numeric/array-kernels';
import { Tri, transpose } from '../numeric/gemm';
import type { Alloc } from './typed-params';

/**
 * CausalAttention's forward (inference) for the m rows of a sequence that follow a prefix kept
 * elsewhere: the keys and values are the prefix's first P rows, then the m own rows, and own row
 * t sees the prefix and own rows ≤ t. Sequences that share prefixes of one array are then served
 * without copying it (the leave-one-out reruns, nn/leave-one-out.ts).
 */

/** A prefix's K|V projections and its keys transposed (`ld` apart), as attention reads them. */
export class Prefix {
  readonly kv: Float32Array;
  readonly kT: Float32Array;
  readonly ld: number;
  rows = 0;

  constructor(
    readonly dim: number,
    maxRows: number,
    alloc: Alloc,
  ) {
    this.ld = (maxRows + 3) & ~3;
    this.kv = alloc(2 * maxRows * dim);
    this.kT = alloc(dim * this.ld);
  }

  /** Takes the first `rows` rows of kv (rows × 2·dim). */
  set(kv: Float32Array, rows: number): void {
    const d = this.dim;
    this.kv.set(kv.subarray(0, 2 * rows * d));
    transpose(kv, 0, 2 * d, rows, d, this.kT, 0, this.ld);
    this.rows = rows;
  }
}

export class PrefixedAttention {
  private readonly ld: number;
  /** Row stride of the score map: room for P + m columns and the m part rounded up to 4. */
  private readonly lds: number;
  private readonly ownKT: Float32Array;
  private readonly scores: Float32Array;

  constructor(
    readonly dim: number,
    readonly heads: number,
    readonly maxRows: number,
    alloc: Alloc,
  ) {
    if (dim % heads !== 0) throw new Error(`attention: ${heads} heads do not divide ${dim}`);
    this.ld = (maxRows + 3) & ~3;
    this.lds = (maxRows + 6) & ~3;
    this.ownKT = alloc(dim * this.ld);
    this.scores = alloc(maxRows * this.lds);
  }

  /**
   * out (m × dim at outOff) from the own rows' queries qp (m × dim at qOff) and K|V kv
   * (m × 2·dim at kvOff), after the prefix's first P rows.
   */
  forward(
    k: ArrayKernels,
    qp: Float32Array,
    qOff: number,
    kv: Float32Array,
    kvOff: number,
    m: number,
    prefix: Prefix,
    P: number,
    out: Float32Array,
    outOff: number,
  ): void {
    const { gemm } = k;
    const { dim, heads, ld, lds, scores: s } = this;
    if (P > prefix.rows || P + m > this.maxRows)
      throw new Error(`prefixed attention: ${P} + ${m} rows`);
    const dh = dim / heads;
    const scale = 1 / Math.sqrt(dh);
    transpose(kv, kvOff, 2 * dim, m, dim, this.ownKT, 0, ld);
    for (let h = 0; h < heads; h++) {
      const qo = qOff + h * dh;
      // scores: prefix columns [0, P), own columns [P, P + m); the second gemm overwrites the
      // first's padding columns past P
      if (P > 0)
        gemm(
          m,
          (P + 3) & ~3,
          dh,
          qp,
          qo,
          dim,
          1,
          prefix.kT,
          h * dh * prefix.ld,
          prefix.ld,
          s,
          0,
          lds,
          false,
        );
      gemm(
        m,
        (m + 3) & ~3,
        dh,
        qp,
        qo,
        dim,
        1,
        this.ownKT,
        h * dh * ld,
        ld,
        s,
        P,
        lds,
        false,
        Tri.cols,
      );
      for (let i = 0; i < m; i++) {
        const o = i * lds;
        softmaxRow(s, o, P + i + 1, scale);
        // kUpTo below sums own columns up to the end of the row's block of 4: those must be 0
        s.fill(0, o + P + i + 1, o + P + Math.min(m, (i | 3) + 1));
      }
      const vo = dim + h * dh;
      gemm(m, dh, P, s, 0, lds, 1, prefix.kv, vo, 2 * dim, out, outOff + h * dh, dim, false);
      gemm(
        m,
        dh,
        m,
        s,
        P,
        lds,
        1,
        kv,
        kvOff + vo,
        2 * dim,
        out,
        outOff + h * dh,
        dim,
        true,
        Tri.kUpTo,
      );
    }
  }
}

/** p[o, o + n) = softmax(scale · p[o, o + n)). */
export function softmaxRow(p: Float32Array, o: number, n: number, scale: number): void {
  let max = -Infinity;
  for (let j = o; j < o + n; j++) if (p[j] > max) max = p[j];
  let sum = 0;
  for (let j = o; j < o + n; j++) {
    const e = Math.exp((p[j] - max) * scale);
    p[j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = o; j < o + n; j++) p[j] *= inv;
}
