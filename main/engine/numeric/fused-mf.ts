import { EmbeddingTable, SparseAdam, type AdamConfig } from '../nn/embedding-table';
import { SimdArena, arenaBytes } from './simd-kernels';
import { Rng } from './rng';

/**
 * The fused typed-array path for dot-product models: biased MF
 *   r̂(u,i) = μ + b_u + b_i + p_u · q_i,   q_i = v_i + |F_i|^-½ Σ_{f∈F_i} w_f   (features optional)
 * trained with MSE (+ L2 on the rows of each example) and lazy sparse Adam, forward, backward and
 * optimizer step in one pass over each batch, no tfjs. Gradients are checked against finite
 * differences and the tfjs path in test/unit/engine-fused-mf.test.ts.
 */
export interface ItemFeatureIndex {
  /** CSR: features of item i are ids[start[i] .. start[i+1]). */
  start: Int32Array;
  ids: Int32Array;
  nFeatures: number;
}

export interface FusedMfOptions {
  nUsers: number;
  nItems: number;
  dim: number;
  globalMean: number;
  /** L2 weight per example on p_u, q_i (effective) and both biases. */
  l2: number;
  adam: AdamConfig;
  initStd: number;
  seed: number;
  features?: ItemFeatureIndex;
  /**
   * 'simd' (the default where WebAssembly SIMD works and dim is a multiple of 4): the batch and
   * Adam loops run as the wasm kernels of kernels/simd-kernels.wat. 'js': the plain loops below,
   * the reference the kernels are tested against.
   */
  kernel?: 'simd' | 'js';
}

/** Examples per call of the SIMD batch kernel (larger batches are processed in chunks). */
const simdChunk = 4096;

export class FusedBiasedMf {
  readonly users: EmbeddingTable;
  readonly items: EmbeddingTable;
  readonly userBias: EmbeddingTable;
  readonly itemBias: EmbeddingTable;
  readonly featureTable: EmbeddingTable | null;
  readonly optimizer: SparseAdam;
  readonly dim: number;
  globalMean: number;
  private readonly l2: number;
  private readonly features: ItemFeatureIndex | undefined;
  /** Effective item vectors of the current batch (features path only). */
  private readonly qEff: Float32Array | null;
  private readonly qMark: Int32Array | null;
  private batchStamp = 0;
  /** The SIMD kernels' memory (tables, effective item vectors, a chunk of examples), or null. */
  private readonly arena: SimdArena | null;
  private readonly chunkUser: Int32Array | null = null;
  private readonly chunkItem: Int32Array | null = null;
  private readonly chunkRating: Float32Array | null = null;

  constructor(opts: FusedMfOptions) {
    const rng = new Rng(opts.seed);
    const k = (this.dim = opts.dim);
    const { nUsers, nItems } = opts;
    const nFeatures = opts.features?.nFeatures ?? 0;
    this.arena =
      opts.kernel !== 'js' && k % 4 === 0
        ? SimdArena.create(
            EmbeddingTable.arenaBytes(nUsers, k) +
              EmbeddingTable.arenaBytes(nItems, k) +
              EmbeddingTable.arenaBytes(nUsers, 1) +
              EmbeddingTable.arenaBytes(nItems, 1) +
              (opts.features
                ? EmbeddingTable.arenaBytes(nFeatures, k) + arenaBytes(nItems * k)
                : 0) +
              3 * arenaBytes(simdChunk),
          )
        : null;
    const arena = this.arena;
    this.users = new EmbeddingTable(
      nUsers,
      k,
      rng.fillNormal(new Float32Array(nUsers * k), opts.initStd),
      arena,
    );
    this.items = new EmbeddingTable(
      nItems,
      k,
      rng.fillNormal(new Float32Array(nItems * k), opts.initStd),
      arena,
    );
    this.userBias = new EmbeddingTable(nUsers, 1, undefined, arena);
    this.itemBias = new EmbeddingTable(nItems, 1, undefined, arena);
    this.features = opts.features;
    this.featureTable = opts.features
      ? new EmbeddingTable(
          nFeatures,
          k,
          rng.fillNormal(new Float32Array(nFeatures * k), opts.initStd * 0.1),
          arena,
        )
      : null;
    this.qEff = opts.features
      ? arena
        ? arena.floats(nItems * k)
        : new Float32Array(nItems * k)
      : null;
    if (arena) {
      this.chunkUser = arena.ints(simdChunk);
      this.chunkItem = arena.ints(simdChunk);
      this.chunkRating = arena.floats(simdChunk);
    }
    this.qMark = opts.features ? new Int32Array(opts.nItems) : null;
    this.globalMean = opts.globalMean;
    this.l2 = opts.l2;
    this.optimizer = new SparseAdam(opts.adam);
  }

  /** Which loops train: the wasm SIMD kernels or the plain TypeScript reference. */
  get kernel(): 'simd' | 'js' {
    return this.arena ? 'simd' : 'js';
  }

  private tables(): EmbeddingTable[] {
    const t = [this.users, this.items, this.userBias, this.itemBias];
    if (this.featureTable) t.push(this.featureTable);
    return t;
  }

  /** Writes the effective vector of item i into out[o..o+dim). */
  itemVectorInto(i: number, out: Float32Array, o: number): void {
    const k = this.dim;
    const v = this.items.values;
    for (let c = 0; c < k; c++) out[o + c] = v[i * k + c];
    const f = this.features;
    if (!f || !this.featureTable) return;
    const a = f.start[i];
    const b = f.start[i + 1];
    if (b === a) return;
    const s = 1 / Math.sqrt(b - a);
    const w = this.featureTable.values;
    for (let j = a; j < b; j++) {
      const fo = f.ids[j] * k;
      for (let c = 0; c < k; c++) out[o + c] += s * w[fo + c];
    }
  }

  /** All effective item vectors (nItems × dim). */
  allItemVectors(): Float32Array {
    const out = new Float32Array(this.items.rows * this.dim);
    for (let i = 0; i < this.items.rows; i++) this.itemVectorInto(i, out, i * this.dim);
    return out;
  }

  /**
   * One batch: examples idx[from..to) of (user, item, rating). Returns the batch's summed squared
   * error (before the update).
   */
  trainBatch(
    user: Int32Array,
    item: Int32Array,
    rating: Float32Array,
    idx: Int32Array,
    from: number,
    to: number,
  ): number {
    const sse = this.accumulateGradients(user, item, rating, idx, from, to);
    this.optimizer.step(this.tables());
    return sse;
  }

  /**
   * Forward and backward of a batch: adds the gradient of
   *   L = (1/n) Σ err² + (l2/n) Σ (|p_u|² + |q_i|² + b_u² + b_i²)
   * into the tables' `grad` (touched rows) and returns Σ err². Exposed for gradient checks.
   */
  accumulateGradients(
    user: Int32Array,
    item: Int32Array,
    rating: Float32Array,
    idx: Int32Array,
    from: number,
    to: number,
  ): number {
    const k = this.dim;
    const n = to - from;
    const scale = 2 / n;
    const r = scale * this.l2;
    const mu = this.globalMean;
    const P = this.users.values;
    const PG = this.users.grad;
    const QG = this.items.grad;
    const BU = this.userBias.values;
    const BUG = this.userBias.grad;
    const BI = this.itemBias.values;
    const BIG = this.itemBias.grad;
    let Q = this.items.values;
    const { users, items, userBias, itemBias } = this;
    const qEff = this.qEff;
    const stamp = ++this.batchStamp;
    if (qEff) {
      for (let e = from; e < to; e++) {
        const i = item[idx[e]];
        if (this.qMark![i] !== stamp) {
          this.qMark![i] = stamp;
          this.itemVectorInto(i, qEff, i * k);
        }
      }
      Q = qEff;
    }
    if (this.arena) {
      const sse = this.accumulateSimd(user, item, rating, idx, from, to, Q, scale, r);
      if (this.featureTable && this.features) this.distributeToFeatures();
      return sse;
    }
    let sse = 0;
    for (let e = from; e < to; e++) {
      const x = idx[e];
      const u = user[x];
      const i = item[x];
      const po = u * k;
      const qo = i * k;
      // four partial sums: shorter dependency chains than one accumulator
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let c = 0;
      for (; c + 3 < k; c += 4) {
        d0 += P[po + c] * Q[qo + c];
        d1 += P[po + c + 1] * Q[qo + c + 1];
        d2 += P[po + c + 2] * Q[qo + c + 2];
        d3 += P[po + c + 3] * Q[qo + c + 3];
      }
      for (; c < k; c++) d0 += P[po + c] * Q[qo + c];
      const err = mu + BU[u] + BI[i] + d0 + d1 + d2 + d3 - rating[x];
      sse += err * err;
      const g = scale * err;
      users.touch(u);
      items.touch(i);
      userBias.touch(u);
      itemBias.touch(i);
      if (r === 0) {
        for (let c2 = 0; c2 < k; c2++) {
          const pc = P[po + c2];
          PG[po + c2] += g * Q[qo + c2];
          QG[qo + c2] += g * pc;
        }
        BUG[u] += g;
        BIG[i] += g;
      } else {
        for (let c2 = 0; c2 < k; c2++) {
          const pc = P[po + c2];
          const qc = Q[qo + c2];
          PG[po + c2] += g * qc + r * pc;
          QG[qo + c2] += g * pc + r * qc;
        }
        BUG[u] += g + r * BU[u];
        BIG[i] += g + r * BI[i];
      }
    }
    if (this.featureTable && this.features) this.distributeToFeatures();
    return sse;
  }

  /** The example loop of accumulateGradients as the wasm kernel, in chunks of simdChunk. */
  private accumulateSimd(
    user: Int32Array,
    item: Int32Array,
    rating: Float32Array,
    idx: Int32Array,
    from: number,
    to: number,
    Q: Float32Array,
    scale: number,
    l2s: number,
  ): number {
    const cu = this.chunkUser!;
    const ci = this.chunkItem!;
    const cr = this.chunkRating!;
    const { users, items, userBias, itemBias } = this;
    const kernels = this.arena!.kernels;
    let sse = 0;
    for (let s = from; s < to; s += simdChunk) {
      const n = Math.min(simdChunk, to - s);
      for (let j = 0; j < n; j++) {
        const x = idx[s + j];
        const u = user[x];
        const i = item[x];
        cu[j] = u;
        ci[j] = i;
        cr[j] = rating[x];
        users.touch(u);
        items.touch(i);
        userBias.touch(u);
        itemBias.touch(i);
      }
      sse += kernels.accumulate(
        users.values.byteOffset,
        Q.byteOffset,
        users.grad.byteOffset,
        items.grad.byteOffset,
        userBias.values.byteOffset,
        itemBias.values.byteOffset,
        userBias.grad.byteOffset,
        itemBias.grad.byteOffset,
        cu.byteOffset,
        ci.byteOffset,
        cr.byteOffset,
        n,
        this.dim,
        this.globalMean,
        scale,
        l2s,
      );
    }
    return sse;
  }

  /** The batch loss L of accumulateGradients, computed directly (for finite differences). */
  batchLoss(
    user: Int32Array,
    item: Int32Array,
    rating: Float32Array,
    idx: Int32Array,
    from: number,
    to: number,
  ): number {
    const k = this.dim;
    const n = to - from;
    const q = new Float32Array(k);
    let loss = 0;
    for (let e = from; e < to; e++) {
      const x = idx[e];
      const u = user[x];
      const i = item[x];
      this.itemVectorInto(i, q, 0);
      const err = this.predict(u, i, q) - rating[x];
      let reg = this.userBias.values[u] ** 2 + this.itemBias.values[i] ** 2;
      for (let c = 0; c < k; c++) reg += this.users.values[u * k + c] ** 2 + q[c] ** 2;
      loss += err * err + this.l2 * reg;
    }
    return loss / n;
  }

  tablesForOptimizer(): EmbeddingTable[] {
    return this.tables();
  }

  /** Item-vector gradients also flow to the item's features: ∂q_i/∂w_f = |F_i|^-½. */
  private distributeToFeatures(): void {
    const f = this.features!;
    const W = this.featureTable!;
    const k = this.dim;
    const QG = this.items.grad;
    const WG = W.grad;
    this.items.forEachTouched((i) => {
      const a = f.start[i];
      const b = f.start[i + 1];
      if (b === a) return;
      const s = 1 / Math.sqrt(b - a);
      for (let j = a; j < b; j++) {
        const fid = f.ids[j];
        W.touch(fid);
        const fo = fid * k;
        for (let c = 0; c < k; c++) WG[fo + c] += s * QG[i * k + c];
      }
    });
  }

  /** One shuffled epoch; returns the mean squared error over the epoch's batches. */
  trainEpoch(
    user: Int32Array,
    item: Int32Array,
    rating: Float32Array,
    batchSize: number,
    rng: Rng,
    shouldStop?: () => boolean,
  ): number {
    const perm = rng.permutation(rating.length);
    let sse = 0;
    for (let s = 0; s < perm.length; s += batchSize) {
      if (shouldStop?.()) break;
      sse += this.trainBatch(user, item, rating, perm, s, Math.min(s + batchSize, perm.length));
    }
    return sse / rating.length;
  }

  predict(u: number, i: number, scratch = new Float32Array(this.dim)): number {
    this.itemVectorInto(i, scratch, 0);
    const k = this.dim;
    let dot = 0;
    for (let c = 0; c < k; c++) dot += this.users.values[u * k + c] * scratch[c];
    return this.globalMean + this.userBias.values[u] + this.itemBias.values[i] + dot;
  }
}
