import type { EngineDataset } from '../../core/engine-dataset';
import { ndcgAtK, ndcgOfRank, rankOf, topK } from '../validation/metrics';
import type { PersonHistory, TrainedModel } from './model-definition';
import type { UserHistories } from './user-histories';

/**
 * How the recency hybrid chooses its sequence weight w on a release (sequenceWeight "auto"), on
 * validation drawn from the release's own users:
 *
 * - next movie (protocol B's question): every user outside the pseudo-new group with ≥ 3 ratings
 *   loses their latest rating, which their history must rank (NDCG@10 among unrated movies);
 * - new people (protocol C's): users whose key ends in 5 leave the training data and bring the
 *   first half of their ratings; the second half's movies rated ≥ 4 are relevant (NDCG@20).
 *
 * The default is trained on the rest with the network at w = 1; as the blend is linear in w,
 * the scores at w are s0 + w · (s1 − s0). Every profile in the app is a new person, so a weight
 * may not lower the new-people figure below w = 0's; among those that do not, the chosen w has
 * the best next-movie figure (the smaller w on a tie; 0 when none beats w = 0).
 */
export const sequenceWeightGrid = [0, 0.5, 1, 2, 3, 5, 8, 13] as const;

export interface WeightValidation {
  /** The release less the held-out ratings. */
  data: EngineDataset;
  next: { history: PersonHistory; item: number }[];
  newPeople: { visible: PersonHistory; relevant: Set<number> }[];
}

export interface WeightChoice {
  weight: number;
  /** Per w of the grid: next-movie NDCG@10 and new-people NDCG@20. */
  rows: { w: number; next: number; newPeople: number }[];
  people: { next: number; newPeople: number };
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
  const newPeople: WeightValidation['newPeople'] = [];
  h.histories.forEach((x, u) => {
    const n = x.items.length;
    if (data.userKeys[u] % 10 === 5) {
      if (n < 2) return;
      dropUser[u] = 1;
      const half = n >> 1;
      const relevant = new Set<number>();
      for (let t = half; t < n; t++) if (x.ratings[t] >= 4) relevant.add(x.items[t]);
      if (relevant.size > 0) newPeople.push({ visible: slice(x, 0, half), relevant });
    } else if (n >= 3) {
      // a movie is rated once per user, so (user, movie) names the held-out rating
      drop.add(`${u}:${x.items[n - 1]}`);
      next.push({ history: slice(x, 0, n - 1), item: x.items[n - 1] });
    }
  });
  const r = data.ratings;
  const keep = Array.from(r.user.keys()).filter(
    (k) => !dropUser[r.user[k]] && !drop.has(`${r.user[k]}:${r.item[k]}`),
  );
  return {
    data: {
      ...data,
      ratings: {
        user: Int32Array.from(keep, (k) => r.user[k]),
        item: Int32Array.from(keep, (k) => r.item[k]),
        rating: Float32Array.from(keep, (k) => r.rating[k]),
        time: Float64Array.from(keep, (k) => r.time[k]),
      },
    },
    next,
    newPeople,
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
  const rows = sequenceWeightGrid.map((w) => ({ w, next: 0, newPeople: 0 }));
  const excluded = new Uint8Array(nItems);
  const mark = (h: PersonHistory, value: number) => {
    for (const i of h.items) excluded[i] = value;
  };
  for (const { history, item } of v.next) {
    const blend = gridScores(without, at1, history, nItems);
    mark(history, 1);
    for (const row of rows) row.next += ndcgOfRank(rankOf(blend(row.w), item, excluded), 10);
    mark(history, 0);
  }
  for (const { visible, relevant } of v.newPeople) {
    const blend = gridScores(without, at1, visible, nItems);
    mark(visible, 1);
    for (const row of rows)
      row.newPeople += ndcgAtK(topK(blend(row.w), 20, excluded), relevant, 20);
    mark(visible, 0);
  }
  for (const row of rows) {
    row.next /= Math.max(1, v.next.length);
    row.newPeople /= Math.max(1, v.newPeople.length);
  }
  // the app's people are all new people: a weight may not make their lists worse
  const base = rows[0];
  const allowed = rows.filter((r) => v.newPeople.length === 0 || r.newPeople >= base.newPeople);
  const figure = (r: (typeof rows)[number]) => (v.next.length > 0 ? r.next : r.newPeople);
  let best = base;
  for (const row of allowed) if (figure(row) > figure(best) + 1e-9) best = row;
  return {
    weight: best.w,
    rows: rows.map((r) => ({ w: r.w, next: round(r.next), newPeople: round(r.newPeople) })),
    people: { next: v.next.length, newPeople: v.newPeople.length },
  };
}

const round = (x: number) => Number(x.toFixed(4));
