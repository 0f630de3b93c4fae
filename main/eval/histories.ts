import type { EngineDataset } from '../core/engine-dataset';
import type { PersonHistory } from '../engine/models/model-definition';
import { chronologicalHistories } from '../engine/models/sequence-data';

/** Each user's ratings, sorted by (timestamp, movieId): the order every protocol splits on. */
export const historiesByUser: (dataset: EngineDataset) => PersonHistory[] = chronologicalHistories;

export function sliceHistory(h: PersonHistory, start: number, end: number): PersonHistory {
  return {
    items: h.items.slice(start, end),
    ratings: h.ratings.slice(start, end),
    times: h.times.slice(start, end),
  };
}

export function emptyHistory(): PersonHistory {
  return { items: new Int32Array(0), ratings: new Float32Array(0), times: new Float64Array(0) };
}

/** Training data of one protocol: per-user histories (empty for users outside it). */
export interface TrainSet {
  nUsers: number;
  nItems: number;
  histories: PersonHistory[];
  scale: { min: number; max: number };
  /** Genres per item (for diversity metrics and feature models). */
  genres: string[][];
  movieIds: Int32Array;
}

export interface FlatRatings {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  time: Float64Array;
}

export function flatten(train: TrainSet): FlatRatings {
  let n = 0;
  for (const h of train.histories) n += h.items.length;
  const out: FlatRatings = {
    user: new Int32Array(n),
    item: new Int32Array(n),
    rating: new Float32Array(n),
    time: new Float64Array(n),
  };
  let k = 0;
  train.histories.forEach((h, u) => {
    for (let j = 0; j < h.items.length; j++, k++) {
      out.user[k] = u;
      out.item[k] = h.items[j];
      out.rating[k] = h.ratings[j];
      out.time[k] = h.times[j];
    }
  });
  return out;
}

export function globalMean(train: TrainSet): number {
  let s = 0;
  let n = 0;
  for (const h of train.histories) {
    for (const r of h.ratings) s += r;
    n += h.ratings.length;
  }
  return n ? s / n : 0;
}

export function itemCounts(train: TrainSet): Float64Array {
  const c = new Float64Array(train.nItems);
  for (const h of train.histories) for (const i of h.items) c[i]++;
  return c;
}
