import type { EngineDataset } from '../../core/engine-dataset';
import type { PersonHistory } from './model-definition';

/**
 * Every user's ratings sorted by (time, movieId), the order recency weights refer to, in flat
 * typed arrays (user u's entries are [start[u], start[u + 1])); `histories[u]` are views into
 * them, so 25M ratings cost 16 bytes each and no per-rating objects.
 */
export interface UserHistories {
  start: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  times: Float64Array;
  histories: PersonHistory[];
}

export function userHistories(data: EngineDataset): UserHistories {
  const { user, item, rating, time } = data.ratings;
  const n = user.length;
  const start = new Int32Array(data.nUsers + 1);
  for (let k = 0; k < n; k++) start[user[k] + 1]++;
  for (let u = 0; u < data.nUsers; u++) start[u + 1] += start[u];
  const order = new Int32Array(n);
  const fill = start.slice(0, data.nUsers);
  for (let k = 0; k < n; k++) order[fill[user[k]]++] = k;
  const byTime = (a: number, b: number) =>
    time[a] - time[b] || data.movieIds[item[a]] - data.movieIds[item[b]];
  for (let u = 0; u < data.nUsers; u++) order.subarray(start[u], start[u + 1]).sort(byTime);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const times = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const k = order[p];
    items[p] = item[k];
    ratings[p] = rating[k];
    times[p] = time[k];
  }
  const histories = Array.from({ length: data.nUsers }, (_, u) => ({
    items: items.subarray(start[u], start[u + 1]),
    ratings: ratings.subarray(start[u], start[u + 1]),
    times: times.subarray(start[u], start[u + 1]),
  }));
  return { start, items, ratings, times, histories };
}
