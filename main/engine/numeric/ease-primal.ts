import { SimdArena } from './simd-kernels';
import { SpdInverse, type SweepOptions } from './spd-inverse';

/**
 * EASE (Steck 2019) in its primal form, for releases with more users than the dual form fits
 * (ease-dual.ts): B = I − P·diag(P)⁻¹ with P = (XᵀX + λI)⁻¹, X the binary users × movies matrix,
 * over the N movies with the most ratings, so that the N×N Gram matrix and its inverse fit in
 * memory and time whatever the number of users. Movies outside those N (the long tail) are
 * neither inputs nor outputs: they score 0 here and are left to the model's other parts. With N
 * covering every rated movie this is exactly the dual's model.
 */
export interface EasePrimalWeights {
  lambda: number;
  /** The modelled items, most rated first (slot k holds item kept[k]). */
  kept: Int32Array;
  /** Slot of each item, −1 for an item left out. */
  slot: Int32Array;
  /** B over the kept items: N×N, row-major by slot, zero diagonal. */
  b: Float32Array;
  /** Set by withSimdScoring: B lives in the scoring kernel's memory. */
  simd?: PrimalSimd;
  /** Set when B's rows are read from disk on first use (a loaded model): call before reading one. */
  rows?: RowSource;
}

/** Rows of a matrix that may still be on disk. */
export interface RowSource {
  /** Makes row r readable. */
  need(r: number): void;
  /** Makes every row readable. */
  all(): void;
  /** Lets go of the file (rows not read by then are never read). */
  close(): void;
}

interface PrimalSimd {
  arena: SimdArena;
  rows: Int32Array;
  weights: Float32Array;
  sums: Float32Array;
}

/**
 * The same weights with B moved into the memory of the `weightedRowSum` SIMD kernel, which then
 * sums a person's rows four movies at a time (in f32); unchanged where SIMD is unavailable.
 */
export function withSimdScoring(e: EasePrimalWeights): EasePrimalWeights {
  const simd = primalSimd(e.kept.length);
  if (!simd) return e;
  simd.b.set(e.b);
  return { ...e, b: simd.b, simd: simd.kernel };
}

/**
 * The scoring kernel's memory for N kept movies, B's place in it empty (a model load reads B
 * straight into it); null without SIMD.
 */
export function primalSimd(n: number): { b: Float32Array; kernel: PrimalSimd } | null {
  const arena = n >= 4 ? SimdArena.create(4 * (n * n + 3 * n) + 256) : null;
  if (!arena) return null;
  const b = arena.floats(n * n);
  return {
    b,
    kernel: { arena, rows: arena.ints(n), weights: arena.floats(n), sums: arena.floats(n) },
  };
}

export interface KeptItems {
  kept: Int32Array;
  slot: Int32Array;
}

/** The `max` most-rated items (ties: lower index first); items nobody rated are never kept. */
export function keptItems(counts: ArrayLike<number>, max: number): KeptItems {
  const order = Array.from({ length: counts.length }, (_, i) => i)
    .filter((i) => counts[i] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b);
  const kept = Int32Array.from(order.slice(0, max));
  const slot = new Int32Array(counts.length).fill(-1);
  kept.forEach((item, k) => (slot[item] = k));
  return { kept, slot };
}

/**
 * Adds each row's co-occurrence counts over the kept items to the lower triangle of `gram`
 * (N×N, row-major by slot): gram[a, b] += 1 for every pair of kept items a ≥ b in the row.
 */
export function addToGram(gram: Int32Array, items: KeptItems, row: ArrayLike<number>): void {
  const n = items.kept.length;
  const slots = new Int32Array(row.length);
  let m = 0;
  for (let t = 0; t < row.length; t++) {
    const s = items.slot[row[t]];
    if (s >= 0) slots[m++] = s;
  }
  const sorted = slots.subarray(0, m).sort();
  for (let a = 0; a < m; a++) {
    const base = sorted[a] * n;
    for (let b = 0; b <= a; b++) gram[base + sorted[b]]++;
  }
}

/** Loads gram + λI (lower triangle) into the inverse's workspace. */
export function loadGram(inv: SpdInverse, gram: Int32Array, lambda: number): void {
  const n = inv.n;
  const { size, matrix } = inv;
  for (let i = 0; i < n; i++) {
    const row = i * size;
    for (let j = 0; j <= i; j++) matrix[row + j] = gram[i * n + j];
    matrix[row + i] += lambda;
  }
}

/** P = (gram + λI)⁻¹ into `inv.matrix` (resuming at `options.fromStep` when given). */
export async function invertGram(
  inv: SpdInverse,
  gram: Int32Array,
  lambda: number,
  options: SweepOptions = {},
): Promise<void> {
  if (!options.fromStep) loadGram(inv, gram, lambda);
  await inv.invert(options);
}

/** B = I − P·diag(P)⁻¹ from an inverted workspace: B[i, j] = −P[i, j] / P[j, j], B[j, j] = 0. */
export function easeFromInverse(inv: SpdInverse): Float32Array {
  const n = inv.n;
  const { size, matrix } = inv;
  const b = new Float32Array(n * n);
  const invDiag = new Float64Array(n);
  for (let j = 0; j < n; j++) invDiag[j] = 1 / matrix[j * size + j];
  for (let i = 0; i < n; i++) {
    const row = i * size;
    const out = i * n;
    for (let j = 0; j < n; j++) b[out + j] = -matrix[row + j] * invDiag[j];
    b[out + i] = 0;
  }
  return b;
}

/**
 * The symmetric numerator of the weights from seed slot `s`, X_sᵀKX_j = −λ·P[s, j] (the dual's
 * shared pull, ease-dual.ts), for every kept slot into `out` (length N); 0 at the seed.
 */
export function sharedPullRow(inv: SpdInverse, lambda: number, s: number, out: Float32Array): void {
  const row = s * inv.size;
  for (let j = 0; j < inv.n; j++) out[j] = -lambda * inv.matrix[row + j];
  out[s] = 0;
}

/** x·B for a person's items with per-item weights (null = binary x), into `out` (every item). */
export function easePrimalScore(
  e: EasePrimalWeights,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  out: Float32Array,
): void {
  const n = e.kept.length;
  if (e.rows)
    for (let t = 0; t < items.length; t++) if (e.slot[items[t]] >= 0) e.rows.need(e.slot[items[t]]);
  if (e.simd && items.length <= n) {
    simdScore(e, e.simd, items, weights, out);
    return;
  }
  const acc = new Float64Array(n);
  for (let t = 0; t < items.length; t++) {
    const s = e.slot[items[t]];
    if (s < 0) continue;
    const w = weights ? weights[t] : 1;
    const base = s * n;
    for (let j = 0; j < n; j++) acc[j] += w * e.b[base + j];
  }
  out.fill(0);
  for (let j = 0; j < n; j++) out[e.kept[j]] = acc[j];
}

function simdScore(
  e: EasePrimalWeights,
  k: PrimalSimd,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  out: Float32Array,
): void {
  const n = e.kept.length;
  let m = 0;
  for (let t = 0; t < items.length; t++) {
    const s = e.slot[items[t]];
    if (s < 0) continue;
    k.rows[m] = s;
    k.weights[m++] = weights ? weights[t] : 1;
  }
  const cols = n - (n % 4);
  k.arena.kernels.weightedRowSum(
    e.b.byteOffset,
    n,
    k.rows.byteOffset,
    k.weights.byteOffset,
    m,
    k.sums.byteOffset,
    cols,
  );
  for (let j = cols; j < n; j++) {
    let v = 0;
    for (let r = 0; r < m; r++) v += k.weights[r] * e.b[k.rows[r] * n + j];
    k.sums[j] = v;
  }
  out.fill(0);
  for (let j = 0; j < n; j++) out[e.kept[j]] = k.sums[j];
}

/** EASE's weight B[i, j] (0 when either item is left out, and on the diagonal). */
export function easePrimalWeight(e: EasePrimalWeights, i: number, j: number): number {
  const a = e.slot[i];
  const b = e.slot[j];
  if (a < 0 || b < 0) return 0;
  e.rows?.need(a);
  return e.b[a * e.kept.length + b];
}

/** Each history entry's pull on item j: weight_t · B[items_t, j]. */
export function easePrimalContributions(
  e: EasePrimalWeights,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  j: number,
): Float32Array {
  const out = new Float32Array(items.length);
  for (let t = 0; t < items.length; t++)
    out[t] = (weights ? weights[t] : 1) * easePrimalWeight(e, items[t], j);
  return out;
}
