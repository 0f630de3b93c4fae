import { ratingRows, type EngineDataset } from '../../core/engine-dataset';
import { ndcgAtK, ndcgOfRank, rankOf, topK } from '../validation/metrics';
import type { PersonHistory, TrainedModel } from './model-definition';
import type { UserHistories } from './user-histories';

/**
 * How the recency hybrid chooses its sequence weight w on a release (sequenceWeight "auto"), on
 * validation drawn from the release's own users:
 *
 * - users whose key ends in 5 leave the training data as pseudo-new people and bring the first
 *   half of their ratings; every other user with ≥ 3 ratings loses their latest fifth (at least
 *   one rating), as a person who comes back later;
 * - next movie (protocol B's question): each of a returning user's first held-out movies (up to
 *   NEXT_PER_USER), ranked (NDCG@10) after the history before it among the movies outside that
 *   history and the user's later held-out ones; a user's questions are averaged, then the users,
 *   so every user weighs the same and the figure rests on several questions per user (one
 *   question each left the choice between neighbouring weights to chance);
 * - the future (protocol C's): the held-out movies rated ≥ 4 of both groups are relevant
 *   (NDCG@20; a returning user counts when two or more were held out), so the figure rests on
 *   every user rather than on a tenth of them.
 *
 * The default is trained on the rest with the network at w = 1; as the blend is linear in w,
 * the scores at w are s0 + w · (s1 − s0). Every profile in the app is a new person, so a weight
 * may not make the future figure detectably worse than w = 0's (a mean loss larger than its
 * paired standard error over the people); among those that pass, the chosen w has the best
 * next-movie figure (the smaller w on a tie; 0 when none beats w = 0).
 */
export const sequenceWeightGrid = [0, 0.5, 1, 2, 3, 5, 8, 13] as const;

/** The share of each returning user's latest ratings held out (at least one). */
const TAIL = 0.2;

/** The held-out movies of a returning user asked as next-movie questions, oldest first. */
export const NEXT_PER_USER = 10;

export interface WeightValidation {
  /** The release less the held-out ratings. */
  data: EngineDataset;
  /**
   * Next-movie questions: a held-out movie, ranked among the movies outside the history before it
   * and `later`; `weight` is 1 / the number of its user's questions.
   */
  next: { history: PersonHistory; item: number; later: Int32Array; weight: number }[];
  /** Pseudo-new people and returning users: a visible history and its later movies rated ≥ 4. */
  future: { visible: PersonHistory; relevant: Set<number> }[];
}

export interface WeightChoice {
  weight: number;
  /**
   * Per w of the grid: next-movie NDCG@10, future NDCG@20, and whether its future figure stays
   * within one paired standard error of w = 0's or above.
   */
  rows: { w: number; next: number; future: number; allowed: boolean }[];
  people: { next: number; future: number };
}

const slice = (h: PersonHistory, from: number, to: number): PersonHistory => ({
  items: h.items.slice(from, to),
  ratings: h.ratings.slice(from, to),
  times: h.times.slice(from, to),
});

export function weightValidationSplit(data: EngineDataset, h: UserHistories): WeightValidation {
  const drop = new Set<string>();
  const dropUser = new Uint8Array(data.nUsers);
  const next: WeightValidation['next'] = [];
  const futures: WeightValidation['future'] = [];
  const future = (x: PersonHistory, from: number) => {
    const relevant = new Set<number>();
    for (let t = from; t < x.items.length; t++) if (x.ratings[t] >= 4) relevant.add(x.items[t]);
    if (relevant.size > 0) futures.push({ visible: slice(x, 0, from), relevant });
  };
  h.histories.forEach((x, u) => {
    const n = x.items.length;
    if (data.userKeys[u] % 10 === 5) {
      if (n < 2) return;
      dropUser[u] = 1;
      future(x, n >> 1);
    } else if (n >= 3) {
      const from = n - Math.max(1, Math.ceil(TAIL * n));
      // a movie is rated once per user, so (user, movie) names a held-out rating
      for (let t = from; t < n; t++) drop.add(`${u}:${x.items[t]}`);
      const asked = Math.min(NEXT_PER_USER, n - from);
      for (let t = from; t < from + asked; t++)
        next.push({
          history: slice(x, 0, t),
          item: x.items[t],
          later: x.items.slice(t + 1),
          weight: 1 / asked,
        });
      if (n - from > 1) future(x, from);
    }
  });
  const r = data.ratings;
  const keep = Array.from(r.user.keys()).filter(
    (k) => !dropUser[r.user[k]] && !drop.has(`${r.user[k]}:${r.item[k]}`),
  );
  return {
    data: { ...data, ratings: ratingRows(r, keep) },
    next,
    future: futures,
  };
}

/** Scores w = 0 and w = 1 of one person, then the blend at each w of the grid. */
function gridScores(without: TrainedModel, at1: TrainedModel, h: PersonHistory, nItems: number) {
  const s0 = new Float32Array(nItems);
  const s1 = new Float32Array(nItems);
  without.scoreAll(without.foldIn(h), h, s0);
  at1.scoreAll(at1.foldIn(h), h, s1);
  const out = new Float32Array(nItems);
  return (w: number) => {
    for (let i = 0; i < nItems; i++) out[i] = s0[i] + w * (s1[i] - s0[i]);
    return out;
  };
}

export function chooseSequenceWeight(
  v: WeightValidation,
  without: TrainedModel,
  at1: TrainedModel,
): WeightChoice {
  const nItems = v.data.nItems;
  const g = sequenceWeightGrid.length;
  const next = new Float64Array(g);
  // per person and w, so the loss against w = 0 gets its paired standard error
  const future = v.future.map(() => new Float64Array(g));
  const excluded = new Uint8Array(nItems);
  const mark = (items: ArrayLike<number>, value: number) => {
    for (let k = 0; k < items.length; k++) excluded[items[k]] = value;
  };
  let users = 0;
  for (const { history, item, later, weight } of v.next) {
    const blend = gridScores(without, at1, history, nItems);
    mark(history.items, 1);
    mark(later, 1);
    users += weight;
    sequenceWeightGrid.forEach((w, j) => {
      next[j] += weight * ndcgOfRank(rankOf(blend(w), item, excluded), 10);
    });
    mark(history.items, 0);
    mark(later, 0);
  }
  v.future.forEach(({ visible, relevant }, p) => {
    const blend = gridScores(without, at1, visible, nItems);
    mark(visible.items, 1);
    sequenceWeightGrid.forEach((w, j) => {
      future[p][j] = ndcgAtK(topK(blend(w), 20, excluded), relevant, 20);
    });
    mark(visible.items, 0);
  });
  const rows = sequenceWeightGrid.map((w, j) => {
    const loss = pairedMean(future.map((f) => f[j] - f[0]));
    return {
      w,
      next: next[j] / Math.max(1, users),
      future: mean(future.map((f) => f[j])),
      allowed: future.length === 0 || loss.mean >= -loss.se,
    };
  });
  const figure = (r: (typeof rows)[number]) => (v.next.length > 0 ? r.next : r.future);
  let best = rows[0];
  for (const row of rows) if (row.allowed && figure(row) > figure(best) + 1e-9) best = row;
  return {
    weight: best.w,
    rows: rows.map((r) => ({
      w: r.w,
      next: round(r.next),
      future: round(r.future),
      allowed: r.allowed,
    })),
    people: { next: Math.round(users), future: v.future.length },
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The mean of paired differences and its standard error. */
function pairedMean(xs: number[]): { mean: number; se: number } {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, se: 0 };
  const variance = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(variance / xs.length) };
}

const round = (x: number) => Number(x.toFixed(4));
