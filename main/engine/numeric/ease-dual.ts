import { inverseSpd } from './linalg';

/**
 * EASE (Steck 2019) solved exactly in its dual form. EASE's item-item weights are
 * B = I − P·diag(P)⁻¹ with P = (XᵀX + λI)⁻¹ and X the users × items interaction matrix; a person
 * with (possibly weighted) item vector x scores x·B. By Woodbury, P = (I − Xᵀ K X)/λ with
 * K = (XXᵀ + λI)⁻¹, an m×m matrix over the m training users. MovieLens releases of app size have
 * far fewer users than movies (610 vs 9,742), so this inverts a 610×610 matrix instead of a
 * 9,742×9,742 one, keeps every movie, and never materialises B:
 *   x·P = (x − ((X xᵀ)ᵀ K) X)/λ,  diag(P)_j = (1 − X_jᵀ K X_j)/λ,  (x·B)_j = x_j − (x·P)_j / P_jj.
 * (With many more users than movies the primal inverse would be the cheaper one.)
 */
export interface EaseDualWeights {
  lambda: number;
  /** Number of training rows m. */
  rows: number;
  /** CSR by item: the training rows containing item j are rowIndex[rowStart[j] .. rowStart[j+1]). */
  rowStart: Int32Array;
  rowIndex: Int32Array;
  /** K = (XXᵀ + λI)⁻¹, m×m row-major. */
  k: Float64Array;
  /** 1 − X_jᵀ K X_j per item (= λ·P_jj). */
  denom: Float64Array;
}

/** Fits EASE on the given rows (each an item list); rows with no items are skipped. */
/** Past this many training users the m×m dual matrix (8·m² bytes) outgrows a desktop's memory. */
export const EASE_DUAL_MAX_USERS = 12_000;

export function fitEaseDual(
  nItems: number,
  rows: ArrayLike<number>[],
  lambda: number,
): EaseDualWeights {
  const kept = rows.filter((r) => r.length > 0);
  const m = kept.length;
  if (m > EASE_DUAL_MAX_USERS) {
    throw new Error(
      `EASE in its dual form needs an ${m}×${m} matrix for this release's ${m} users ` +
        `(at most ${EASE_DUAL_MAX_USERS} fit); pretrain the biased-mf model for a release this large`,
    );
  }
  const counts = new Int32Array(nItems + 1);
  for (const r of kept) for (let t = 0; t < r.length; t++) counts[r[t] + 1]++;
  const rowStart = new Int32Array(nItems + 1);
  for (let j = 0; j < nItems; j++) rowStart[j + 1] = rowStart[j] + counts[j + 1];
  const fill = rowStart.slice(0, nItems);
  const rowIndex = new Int32Array(rowStart[nItems]);
  kept.forEach((r, row) => {
    for (let t = 0; t < r.length; t++) rowIndex[fill[r[t]]++] = row;
  });
  const g = new Float64Array(m * m);
  for (let j = 0; j < nItems; j++) {
    for (let a = rowStart[j]; a < rowStart[j + 1]; a++) {
      const ra = rowIndex[a] * m;
      for (let b = rowStart[j]; b < rowStart[j + 1]; b++) g[ra + rowIndex[b]]++;
    }
  }
  for (let r = 0; r < m; r++) g[r * m + r] += lambda;
  const k = inverseSpd(g, m);
  const denom = new Float64Array(nItems);
  for (let j = 0; j < nItems; j++) {
    let s = 0;
    for (let a = rowStart[j]; a < rowStart[j + 1]; a++) {
      const ra = rowIndex[a] * m;
      for (let b = rowStart[j]; b < rowStart[j + 1]; b++) s += k[ra + rowIndex[b]];
    }
    denom[j] = 1 - s;
  }
  return { lambda, rows: m, rowStart, rowIndex, k, denom };
}

/** x·B for a person's items with per-item weights (null = binary x), into `out`. */
export function easeDualScore(
  e: EaseDualWeights,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  out: Float32Array,
): void {
  const m = e.rows;
  const a = new Float64Array(m);
  const x = new Float64Array(out.length);
  for (let t = 0; t < items.length; t++) {
    const w = weights ? weights[t] : 1;
    const i = items[t];
    x[i] += w;
    for (let p = e.rowStart[i]; p < e.rowStart[i + 1]; p++) a[e.rowIndex[p]] += w;
  }
  const b = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const ar = a[r];
    if (ar === 0) continue;
    const kr = r * m;
    for (let c = 0; c < m; c++) b[c] += ar * e.k[kr + c];
  }
  for (let j = 0; j < out.length; j++) {
    let c = 0;
    for (let p = e.rowStart[j]; p < e.rowStart[j + 1]; p++) c += b[e.rowIndex[p]];
    out[j] = x[j] - (x[j] - c) / e.denom[j];
  }
}

/** EASE's item-item weight B[i, j] (how much having item i pulls item j up); 0 on the diagonal. */
export function easeDualWeight(e: EaseDualWeights, i: number, j: number): number {
  if (i === j) return 0;
  const m = e.rows;
  let s = 0;
  for (let a = e.rowStart[i]; a < e.rowStart[i + 1]; a++) {
    const ra = e.rowIndex[a] * m;
    for (let b = e.rowStart[j]; b < e.rowStart[j + 1]; b++) s += e.k[ra + e.rowIndex[b]];
  }
  return s / e.denom[j];
}

/**
 * Each history entry's pull on item j: weight_t · B[items_t, j]. One pass: v = K X_j (m values),
 * then B[i, j] = (Σ_{r ∈ rows(i)} v_r) / denom_j, so explaining costs O(m·|X_j| + Σ|X_i|).
 */
export function easeDualContributions(
  e: EaseDualWeights,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  j: number,
): Float32Array {
  const m = e.rows;
  const v = new Float64Array(m);
  for (let b = e.rowStart[j]; b < e.rowStart[j + 1]; b++) {
    const col = e.rowIndex[b];
    for (let r = 0; r < m; r++) v[r] += e.k[r * m + col];
  }
  const out = new Float32Array(items.length);
  for (let t = 0; t < items.length; t++) {
    const i = items[t];
    if (i === j) continue;
    let s = 0;
    for (let a = e.rowStart[i]; a < e.rowStart[i + 1]; a++) s += v[e.rowIndex[a]];
    out[t] = ((weights ? weights[t] : 1) * s) / e.denom[j];
  }
  return out;
}

/**
 * X_sᵀ K X_j for every item j, into `out`: the symmetric numerator of EASE's weights
 * (B[s, j] = this / denom_j, B[j, s] = this / denom_s). Ranking a seed's row by it asks how
 * strongly each movie predicts the seed; unlike B[s, ·] it does not favour popular movies.
 */
export function easeDualSharedPull(e: EaseDualWeights, s: number, out: Float32Array): void {
  const m = e.rows;
  const v = new Float64Array(m);
  for (let a = e.rowStart[s]; a < e.rowStart[s + 1]; a++) {
    const r = e.rowIndex[a] * m;
    for (let c = 0; c < m; c++) v[c] += e.k[r + c];
  }
  for (let j = 0; j < out.length; j++) {
    let t = 0;
    for (let p = e.rowStart[j]; p < e.rowStart[j + 1]; p++) t += v[e.rowIndex[p]];
    out[j] = t;
  }
}
