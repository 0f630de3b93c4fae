/**
 * Pure metric functions of ../shared/EVALUATION.md. Ranks count from 1; ties between equal
 * scores are broken by item index ascending (the order a stable sort would give), so a model
 * that scores everything the same gains nothing from ties.
 */

export function clip(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < actual.length; k++) s += (predicted[k] - actual[k]) ** 2;
  return Math.sqrt(s / actual.length);
}

export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < actual.length; k++) s += Math.abs(predicted[k] - actual[k]);
  return s / actual.length;
}

/** 1 − SSE/SST, with SST taken around the mean of `actual`. */
export function rSquared(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let mean = 0;
  for (let k = 0; k < actual.length; k++) mean += actual[k];
  mean /= actual.length;
  let sse = 0;
  let sst = 0;
  for (let k = 0; k < actual.length; k++) {
    sse += (predicted[k] - actual[k]) ** 2;
    sst += (actual[k] - mean) ** 2;
  }
  return 1 - sse / sst;
}

/** True when item a ranks above item b. */
function above(scores: ArrayLike<number>, a: number, b: number): boolean {
  return scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
}

/**
 * Rank (from 1) of `target` among the candidate items: every item whose `excluded` flag is 0,
 * or only the listed `candidates` when given (the target is always a candidate).
 */
export function rankOf(
  scores: ArrayLike<number>,
  target: number,
  excluded: Uint8Array | null,
  candidates?: ArrayLike<number>,
): number {
  let rank = 1;
  if (candidates) {
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k];
      if (i !== target && above(scores, i, target)) rank++;
    }
    return rank;
  }
  for (let i = 0; i < scores.length; i++) {
    if (i !== target && !(excluded && excluded[i]) && above(scores, i, target)) rank++;
  }
  return rank;
}

/** The k best items, best first, skipping excluded ones. */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  excluded: Uint8Array | null,
): Int32Array {
  const heap: number[] = []; // the current best, kept sorted best-first (k is small)
  for (let i = 0; i < scores.length; i++) {
    if (excluded && excluded[i]) continue;
    if (heap.length === k && !above(scores, i, heap[k - 1])) continue;
    let pos = heap.length === k ? k - 1 : heap.length;
    if (heap.length < k) heap.push(i);
    while (pos > 0 && above(scores, i, heap[pos - 1])) {
      heap[pos] = heap[pos - 1];
      pos--;
    }
    heap[pos] = i;
  }
  return Int32Array.from(heap);
}

export function hitAtK(rank: number, k: number): number {
  return rank <= k ? 1 : 0;
}

/** NDCG@k with one relevant item: 1/log2(rank+1) when it is in the top k. */
export function ndcgOfRank(rank: number, k: number): number {
  return rank <= k ? 1 / Math.log2(rank + 1) : 0;
}

/** Share of the relevant items found in the list. */
export function recallAtK(list: ArrayLike<number>, relevant: Set<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, list.length); r++) if (relevant.has(list[r])) hits++;
  return hits / relevant.size;
}

/** Binary-relevance NDCG@k: DCG of the list over the DCG of an ideal list. */
export function ndcgAtK(list: ArrayLike<number>, relevant: Set<number>, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, list.length); r++) {
    if (relevant.has(list[r])) dcg += 1 / Math.log2(r + 2);
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Distinct items over all lists, as a share of the items seen in training. */
export function catalogueCoverage(lists: ArrayLike<number>[], trainItemCount: number): number {
  const seen = new Set<number>();
  for (const list of lists) for (let r = 0; r < list.length; r++) seen.add(list[r]);
  return trainItemCount === 0 ? 0 : seen.size / trainItemCount;
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const setA = new Set(a);
  let inter = 0;
  const union = new Set(a);
  for (const g of b) {
    if (setA.has(g)) inter++;
    union.add(g);
  }
  return inter / union.size;
}

/** Mean pairwise genre Jaccard similarity inside one list. */
export function intraListSimilarity(list: ArrayLike<number>, genres: readonly string[][]): number {
  let s = 0;
  let pairs = 0;
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      s += jaccard(genres[list[a]], genres[list[b]]);
      pairs++;
    }
  }
  return pairs ? s / pairs : 0;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k];
  return values.length ? s / values.length : 0;
}
