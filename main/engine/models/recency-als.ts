import { cholesky, choleskySolve, solveSpd } from '../numeric/linalg';
import { Rng } from '../numeric/rng';
import { SimdArena } from '../numeric/simd-kernels';
import { Yielder } from '../runtime/yield';
import { throwIfTrainingAborted } from './model-definition';
import type { UserHistories } from './user-histories';

/**
 * Biased matrix factorisation by alternating least squares in which each user's ratings are
 * weighted by recency (w_t = 1 + a·e^(−p/τ), p = ratings ago), the rating half of the recency
 * hybrid. Works on flat typed arrays (a 25M-rating release costs a few hundred MB, not
 * gigabytes of per-user lists) and can resume after any iteration from (q, item bias). The
 * normal equations are summed by a WebAssembly SIMD kernel where it works, in the same order as
 * the plain loops (`solvePerson`), so both give the same factors.
 */
export type AlsSettings = {
  dim: number;
  alsIterations: number;
  ratingRecency: number;
  ratingRecencyItems: number;
  userLambda: number;
  userBiasLambda: number;
  itemLambda: number;
  itemBiasLambda: number;
  initStd: number;
};

export interface AlsFactors {
  globalMean: number;
  itemVectors: Float32Array;
  itemBias: Float32Array;
  userVectors: Float32Array;
  userBias: Float32Array;
}

/** Where a resumed run starts: the item side after `iterations` iterations. */
export interface AlsResume {
  iterations: number;
  itemVectors: Float32Array;
  itemBias: Float32Array;
}

export interface AlsHooks {
  seed: number;
  signal?: AbortSignal;
  resume?: AlsResume;
  /** After each iteration, with the mean squared training error and the item side so far. */
  onIteration?: (iteration: number, mse: number, state: AlsResume) => void | Promise<void>;
}

/**
 * From this many ratings a history gets the whole recency boost; a shorter one of n ratings gets
 * (n / FULL_RECENCY_FROM)³ of it. Every rating of a short history is recent, so the full boost
 * (51× at 50) would outweigh the regularisation: one 5★ gave a new profile "predicted 5.0" on
 * almost every movie. Sixteen is the largest length that leaves protocols A and B as they were
 * (no training history is shorter); the cube was chosen on validation people's first ratings
 * (docs/MODELS.md, "Predicted stars for a short history").
 */
export const FULL_RECENCY_FROM = 16;

/** The share of the recency boost a history of n ratings gets. */
export function recencyShare(n: number): number {
  return Math.min(1, (n / FULL_RECENCY_FROM) ** 3);
}

/** Weight of each rating in the person's ridge regression (recent ones count more). */
export function ratingWeights(
  n: number,
  s: Pick<AlsSettings, 'ratingRecency' | 'ratingRecencyItems'>,
): Float64Array {
  const w = new Float64Array(n);
  const boost = s.ratingRecency * recencyShare(n);
  for (let t = 0; t < n; t++) w[t] = 1 + boost * Math.exp(-(n - 1 - t) / s.ratingRecencyItems);
  return w;
}

/**
 * Weighted ridge regression of a person's ratings on fixed item vectors and biases:
 * returns [p (dim), b].
 */
export function solvePerson(
  items: ArrayLike<number>,
  ratings: ArrayLike<number>,
  w: ArrayLike<number>,
  q: Float32Array,
  itemBias: ArrayLike<number>,
  mu: number,
  dim: number,
  lambda: number,
  biasLambda: number,
): Float64Array {
  const d = dim + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const x = new Float64Array(d);
  for (let t = 0; t < items.length; t++) {
    const i = items[t];
    for (let f = 0; f < dim; f++) x[f] = q[i * dim + f];
    x[dim] = 1;
    const y = ratings[t] - mu - itemBias[i];
    const wt = w[t];
    for (let r = 0; r < d; r++) {
      const wx = wt * x[r];
      b[r] += wx * y;
      for (let c = 0; c <= r; c++) a[r * d + c] += wx * x[c];
    }
  }
  for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
  for (let r = 0; r < dim; r++) a[r * d + r] += lambda;
  a[dim * d + dim] += biasLambda;
  return solveSpd(a, d, b);
}

/**
 * Ridge regressions [v, bias] = argmin Σ w_e (y_e − [x_e, 1]·[v, b])² + λ|v|² + λ_b b², with x_e
 * a row of a factor table kept in the kernel's memory and the normal equations summed by the
 * `weightedGram` kernel: allocate the tables with `table`, fill examples with `set`, `solve`.
 */
class SimdRidge {
  private readonly idx: Int32Array;
  private readonly w: Float64Array;
  private readonly y: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly scratch: Float64Array;
  private readonly lower: Float64Array;
  private readonly solution: Float64Array;
  private readonly dp: number;

  private constructor(
    private readonly arena: SimdArena,
    private readonly dim: number,
    capacity: number,
  ) {
    const d = dim + 1;
    this.dp = d + (d % 2);
    this.idx = arena.ints(capacity);
    this.w = arena.doubles(capacity);
    this.y = arena.doubles(capacity);
    this.a = arena.doubles(d * this.dp);
    this.b = arena.doubles(this.dp);
    this.scratch = arena.doubles(2 * 64 * this.dp);
    this.lower = new Float64Array(d * d);
    this.solution = new Float64Array(d);
  }

  /** Room for `capacity` examples and factor tables of `tableValues` values in all. */
  static create(dim: number, capacity: number, tableValues: number): SimdRidge | null {
    const dp = dim + 2;
    const bytes = 4 * tableValues + 20 * capacity + 8 * (dp * dp + dp + 2 * 64 * dp) + 4096;
    const arena = SimdArena.create(bytes);
    return arena ? new SimdRidge(arena, dim, capacity) : null;
  }

  table(values: number): Float32Array {
    return this.arena.floats(values);
  }

  /** Example e: row `row` of the table solved with, weight w, target y. */
  set(e: number, row: number, w: number, y: number): void {
    this.idx[e] = row;
    this.w[e] = w;
    this.y[e] = y;
  }

  /** [v, bias], valid until the next solve. */
  solve(table: Float32Array, n: number, lambda: number, biasLambda: number): Float64Array {
    const d = this.dim + 1;
    const { dp, a, b, lower } = this;
    a.fill(0);
    b.fill(0);
    this.arena.kernels.weightedGram(
      a.byteOffset,
      b.byteOffset,
      table.byteOffset,
      this.dim,
      this.idx.byteOffset,
      this.w.byteOffset,
      this.y.byteOffset,
      n,
      this.scratch.byteOffset,
    );
    // Cholesky reads the lower triangle only: the same arithmetic as solveSpd on the full matrix.
    for (let r = 0; r < d; r++) for (let c = 0; c <= r; c++) lower[r * d + c] = a[r * dp + c];
    for (let r = 0; r < this.dim; r++) lower[r * d + r] += lambda;
    lower[this.dim * d + this.dim] += biasLambda;
    this.solution.set(b.subarray(0, d));
    return choleskySolve(cholesky(lower, d), d, this.solution);
  }
}

/** The ratings of each item as positions into the flat user arrays, users in index order. */
function ratingsByItem(h: UserHistories, nItems: number): { start: Int32Array; at: Int32Array } {
  const start = new Int32Array(nItems + 1);
  for (const i of h.items) start[i + 1]++;
  for (let i = 0; i < nItems; i++) start[i + 1] += start[i];
  const fill = start.slice(0, nItems);
  const at = new Int32Array(h.items.length);
  for (let p = 0; p < h.items.length; p++) at[fill[h.items[p]]++] = p;
  return { start, at };
}

export async function trainAls(
  h: UserHistories,
  nItems: number,
  globalMean: number,
  s: AlsSettings,
  hooks: AlsHooks,
): Promise<AlsFactors> {
  const { dim } = s;
  const nUsers = h.histories.length;
  const mu = globalMean;
  const yielder = new Yielder(50);
  const rng = new Rng(hooks.seed);
  const userOf = new Int32Array(h.items.length);
  for (let u = 0; u < nUsers; u++) userOf.fill(u, h.start[u], h.start[u + 1]);
  const byItem = ratingsByItem(h, nItems);
  let most = 0;
  for (let u = 0; u < nUsers; u++) most = Math.max(most, h.start[u + 1] - h.start[u]);
  for (let i = 0; i < nItems; i++) most = Math.max(most, byItem.start[i + 1] - byItem.start[i]);
  const ridge = SimdRidge.create(dim, Math.max(1, most), (nItems + nUsers) * dim);
  const table = (values: number) => (ridge ? ridge.table(values) : new Float32Array(values));
  const q = rng.fillNormal(table(nItems * dim), s.initStd);
  const itemBias = new Float32Array(nItems);
  if (hooks.resume) {
    q.set(hooks.resume.itemVectors);
    itemBias.set(hooks.resume.itemBias);
  }
  const p = table(nUsers * dim);
  const userBias = new Float32Array(nUsers);
  const weights = new Float64Array(h.items.length);
  for (let u = 0; u < nUsers; u++)
    weights.set(ratingWeights(h.start[u + 1] - h.start[u], s), h.start[u]);

  const solveUser = (u: number): Float64Array => {
    const from = h.start[u];
    const to = h.start[u + 1];
    if (!ridge)
      return solvePerson(
        h.items.subarray(from, to),
        h.ratings.subarray(from, to),
        weights.subarray(from, to),
        q,
        itemBias,
        mu,
        dim,
        s.userLambda,
        s.userBiasLambda,
      );
    for (let at = from; at < to; at++) {
      const i = h.items[at];
      ridge.set(at - from, i, weights[at], h.ratings[at] - mu - itemBias[i]);
    }
    return ridge.solve(q, to - from, s.userLambda, s.userBiasLambda);
  };
  const solveUsers = async () => {
    for (let u = 0; u < nUsers; u++) {
      const from = h.start[u];
      const to = h.start[u + 1];
      if (to > from) {
        const v = solveUser(u);
        for (let f = 0; f < dim; f++) p[u * dim + f] = v[f];
        userBias[u] = v[dim];
      }
      if ((u & 1023) === 0) {
        throwIfTrainingAborted(hooks.signal);
        await yielder.maybeYield();
      }
    }
  };
  const d = dim + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const x = new Float64Array(d);
  for (let it = hooks.resume?.iterations ?? 0; it < s.alsIterations; it++) {
    await solveUsers();
    let sse = 0;
    for (let i = 0; i < nItems; i++) {
      const from = byItem.start[i];
      const to = byItem.start[i + 1];
      if (to === from) continue;
      let v: Float64Array;
      if (ridge) {
        for (let e = from; e < to; e++) {
          const at = byItem.at[e];
          const u = userOf[at];
          ridge.set(e - from, u, 1, h.ratings[at] - mu - userBias[u]);
        }
        v = ridge.solve(p, to - from, s.itemLambda, s.itemBiasLambda);
      } else {
        a.fill(0);
        b.fill(0);
        for (let e = from; e < to; e++) {
          const at = byItem.at[e];
          const u = userOf[at];
          for (let f = 0; f < dim; f++) x[f] = p[u * dim + f];
          x[dim] = 1;
          const y = h.ratings[at] - mu - userBias[u];
          for (let r = 0; r < d; r++) {
            b[r] += x[r] * y;
            for (let c = 0; c <= r; c++) a[r * d + c] += x[r] * x[c];
          }
        }
        for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
        for (let r = 0; r < dim; r++) a[r * d + r] += s.itemLambda;
        a[dim * d + dim] += s.itemBiasLambda;
        v = solveSpd(a, d, b);
      }
      for (let f = 0; f < dim; f++) q[i * dim + f] = v[f];
      itemBias[i] = v[dim];
      for (let e = from; e < to; e++) {
        const at = byItem.at[e];
        const u = userOf[at];
        let pred = mu + userBias[u] + itemBias[i];
        for (let f = 0; f < dim; f++) pred += p[u * dim + f] * q[i * dim + f];
        sse += (h.ratings[at] - pred) ** 2;
      }
      if ((i & 255) === 0) {
        throwIfTrainingAborted(hooks.signal);
        await yielder.maybeYield();
      }
    }
    await hooks.onIteration?.(it + 1, sse / Math.max(1, h.items.length), {
      iterations: it + 1,
      itemVectors: q,
      itemBias,
    });
  }
  await solveUsers();
  // Copies: the factors outlive the kernel's memory, which is then freed.
  return {
    globalMean: mu,
    itemVectors: Float32Array.from(q),
    itemBias,
    userVectors: Float32Array.from(p),
    userBias,
  };
}
