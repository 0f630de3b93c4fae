import type { ArrayKernels } from '../numeric/array-kernels';
import type { Rng } from '../numeric/rng';
import { DropoutStream, type Dropout } from './dropout';
import type { EmbeddingTable } from './embedding-table';
import {
  layerNormEps,
  SelfAttentionBlock,
  selfAttentionBlockParams,
  type LayerNormCache,
} from './self-attention-block';
import type { Alloc, TypedParams } from './typed-params';

/**
 * The SASRec encoder on one sequence of item ids (oldest first, at most maxLength): item
 * embeddings × √dim plus learned positional embeddings (positions are counted from the end, so
 * the latest item always has the last one), dropout, the self-attention blocks, a final layer
 * norm. With `ratingLevels` > 0 each position also adds a learned vector of its rating's level
 * (ratingLevel: half stars), so the network can tell a movie loved from one disliked.
 * Returns one hidden vector per position; position t has seen items 0..t only. The item
 * embeddings live in an EmbeddingTable (the caller's: a model scores items against the same
 * table), and the backward adds their gradient to the touched rows only.
 */

/** What the encoder needs of the item table (an inference-only model passes its bare values). */
export type ItemRows = Pick<EmbeddingTable, 'values' | 'grad' | 'dim' | 'touch'>;

export interface EncoderConfig {
  dim: number;
  blocks: number;
  heads: number;
  maxLength: number;
  dropout: number;
  /** Rating levels the input reads (0: the movies alone, as the paper). */
  ratingLevels: number;
}

/** The half-star level of a rating: 0.5 → 0, 1 → 1, …, 5 → 9 (clamped to levels − 1). */
export function ratingLevel(rating: number, levels: number): number {
  return Math.max(0, Math.min(levels - 1, Math.round(2 * rating) - 1));
}

/** The rating levels of a history's ratings (empty when the network reads none). */
export function ratingLevelsOf(ratings: ArrayLike<number>, levels: number): Int32Array {
  return levels > 0 ? Int32Array.from(ratings, (r) => ratingLevel(r, levels)) : new Int32Array(0);
}

/** Parameter names and initial values of the encoder (not the item table). */
export function encoderParams(c: EncoderConfig, rng: Rng): [string, Float32Array][] {
  const out: [string, Float32Array][] = [
    [
      'pos',
      rng.fillNormal(new Float32Array(c.maxLength * c.dim), Math.sqrt(2 / (c.maxLength + c.dim))),
    ],
  ];
  if (c.ratingLevels > 0)
    out.push([
      'rating',
      rng.fillNormal(
        new Float32Array(c.ratingLevels * c.dim),
        Math.sqrt(2 / (c.ratingLevels + c.dim)),
      ),
    ]);
  for (let b = 0; b < c.blocks; b++) out.push(...selfAttentionBlockParams(`block${b}`, c.dim, rng));
  out.push(['lnf.g', new Float32Array(c.dim).fill(1)], ['lnf.b', new Float32Array(c.dim)]);
  return out;
}

export class SelfAttentiveEncoder {
  private readonly blockList: SelfAttentionBlock[];
  private readonly x0: Float32Array;
  private readonly m0: Float32Array;
  private readonly lnf: LayerNormCache;
  private readonly dLast: Float32Array;
  private readonly stream: DropoutStream;
  /** Hidden vectors of the last forward (rows × dim). */
  readonly hidden: Float32Array;
  private ids: Int32Array = new Int32Array(0);
  private levels: Int32Array = new Int32Array(0);
  private idsOff = 0;
  private rows = 0;
  private dropout = 0;

  constructor(
    readonly config: EncoderConfig,
    private readonly params: TypedParams,
    readonly items: ItemRows,
    private readonly kernels: ArrayKernels,
    alloc: Alloc,
  ) {
    const { dim, maxLength } = config;
    this.blockList = Array.from(
      { length: config.blocks },
      (_, b) => new SelfAttentionBlock(params, `block${b}`, dim, config.heads, maxLength, alloc),
    );
    const n = maxLength * dim;
    this.x0 = alloc(n);
    this.m0 = alloc(n);
    this.lnf = { xhat: alloc(n), rstd: alloc(maxLength) };
    this.dLast = alloc(n);
    this.hidden = alloc(n);
    this.stream = new DropoutStream(kernels.vec, alloc);
  }

  get blocks(): readonly SelfAttentionBlock[] {
    return this.blockList;
  }

  /** The last forward's first block input: embeddings × √dim + positions (after dropout). */
  get embedded(): Float32Array {
    return this.x0;
  }

  syncWeights(): void {
    for (const b of this.blockList) b.syncWeights();
  }

  /**
   * Hidden vectors for ids[off .. off + rows) into `hidden`; with an Rng, in training mode
   * (dropout drawn from it), else deterministic. `levels` runs parallel to ids: their ratings'
   * levels, read when the config has rating levels.
   */
  forward(
    ids: Int32Array,
    levels: Int32Array,
    off: number,
    rows: number,
    rng: Rng | null,
  ): Float32Array {
    const { dim, maxLength } = this.config;
    if (rows < 1 || rows > maxLength)
      throw new Error(`encoder: ${rows} positions (1..${maxLength})`);
    if (this.config.ratingLevels > 0 && levels.length < off + rows)
      throw new Error('encoder: the rating levels do not cover the positions');
    this.ids = ids;
    this.levels = levels;
    this.idsOff = off;
    this.rows = rows;
    this.dropout = rng ? this.config.dropout : 0;
    const e = this.items.values;
    const pos = this.params.get('pos').values;
    const scale = Math.sqrt(dim);
    const x = this.x0;
    const p0 = (maxLength - rows) * dim;
    for (let r = 0; r < rows; r++) {
      const eo = ids[off + r] * dim;
      const o = r * dim;
      for (let c = 0; c < dim; c++) x[o + c] = e[eo + c] * scale + pos[p0 + o + c];
    }
    if (this.config.ratingLevels > 0) {
      const level = this.params.get('rating').values;
      for (let r = 0; r < rows; r++) {
        const lo = levels[off + r] * dim;
        const o = r * dim;
        for (let c = 0; c < dim; c++) x[o + c] += level[lo + c];
      }
    }
    const n = rows * dim;
    let drop: Dropout | null = null;
    if (this.dropout > 0) {
      this.stream.seed(rng!);
      this.stream.fill(this.m0, n, this.dropout);
      for (let k = 0; k < n; k++) x[k] *= this.m0[k];
      drop = { rate: this.dropout, stream: this.stream };
    }
    let h = x;
    for (const block of this.blockList) h = block.forward(this.kernels, h, rows, drop);
    const g = this.params.get('lnf.g').values;
    const b = this.params.get('lnf.b').values;
    const { xhat, rstd } = this.lnf;
    this.kernels.vec.layerNorm(h, this.hidden, xhat, rstd, g, b, rows, dim, layerNormEps);
    return this.hidden;
  }

  /** Adds the gradients of dHidden (rows × dim, for the last forward) to params and item rows. */
  backward(dHidden: Float32Array): void {
    const { dim, maxLength } = this.config;
    const rows = this.rows;
    const gf = this.params.get('lnf.g');
    const bf = this.params.get('lnf.b');
    const { xhat, rstd } = this.lnf;
    const vec = this.kernels.vec;
    vec.layerNormBack(
      dHidden,
      xhat,
      rstd,
      gf.values,
      gf.grad,
      bf.grad,
      this.dLast,
      rows,
      dim,
      false,
    );
    let d = this.dLast;
    for (let b = this.blockList.length - 1; b >= 0; b--)
      d = this.blockList[b].backward(this.kernels, d, rows);
    const n = rows * dim;
    if (this.dropout > 0) for (let k = 0; k < n; k++) d[k] *= this.m0[k];
    const posGrad = this.params.get('pos').grad;
    const p0 = (maxLength - rows) * dim;
    for (let k = 0; k < n; k++) posGrad[p0 + k] += d[k];
    if (this.config.ratingLevels > 0) {
      const levelGrad = this.params.get('rating').grad;
      for (let r = 0; r < rows; r++) {
        const lo = this.levels[this.idsOff + r] * dim;
        const o = r * dim;
        for (let c = 0; c < dim; c++) levelGrad[lo + c] += d[o + c];
      }
    }
    const table = this.items;
    const eg = table.grad;
    const scale = Math.sqrt(dim);
    for (let r = 0; r < rows; r++) {
      const id = this.ids[this.idsOff + r];
      table.touch(id);
      const go = id * dim;
      const o = r * dim;
      for (let c = 0; c < dim; c++) eg[go + c] += scale * d[o + c];
    }
  }
}
