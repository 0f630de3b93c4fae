import type { EngineDataset, RatingTriples } from './engine-dataset';

/**
 * Sparse rows of ratings (compressed sparse rows). The ratings are kept in half stars, a byte
 * each: the app holds every rating of its release twice (by user and by movie) for as long as it
 * runs, and a Float32Array would take four.
 */
export interface RatingsCsr {
  /** Row r's entries are [start[r], start[r+1]); columns ascending within a row. */
  start: Int32Array;
  cols: Int32Array;
  /** The rating of each entry in half stars (1 to 10 for 0.5 to 5 stars). */
  halfStars: Uint8Array;
}

/** A release's ratings as users × movies and movies × users, in a model's index spaces. */
export interface DatasetRatings {
  byUser: RatingsCsr;
  byItem: RatingsCsr;
}

/** The index spaces of a model: its movies by catalogue movieId, its users by dataset key. */
export interface ModelIndex {
  movieIds: Int32Array;
  userKeys: Int32Array;
}

/** A RatingsCsr of (row, col, half stars) entries, columns ascending in each row; rows < 0 are skipped. */
export function ratingsCsr(
  rows: number,
  row: Int32Array,
  col: Int32Array,
  halfStars: Uint8Array,
): RatingsCsr {
  const start = new Int32Array(rows + 1);
  for (let k = 0; k < row.length; k++) if (row[k] >= 0 && col[k] >= 0) start[row[k] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const cols = new Int32Array(start[rows]);
  const vals = new Uint8Array(start[rows]);
  for (let k = 0; k < row.length; k++) {
    if (row[k] < 0 || col[k] < 0) continue;
    const p = fill[row[k]]++;
    cols[p] = col[k];
    vals[p] = halfStars[k];
  }
  // sort each row by column (insertion sort: rows are short or nearly sorted)
  for (let r = 0; r < rows; r++) {
    for (let a = start[r] + 1; a < start[r + 1]; a++) {
      const c = cols[a];
      const v = vals[a];
      let b = a - 1;
      while (b >= start[r] && cols[b] > c) {
        cols[b + 1] = cols[b];
        vals[b + 1] = vals[b];
        b--;
      }
      cols[b + 1] = c;
      vals[b + 1] = v;
    }
  }
  return { start, cols, halfStars: vals };
}

/**
 * Ratings with the dataset's users and movies they index (times are not needed here): in stars,
 * as an EngineDataset holds them, or already in half stars, as the catalogue reads them for lists.
 */
export type RatingsOfDataset = Pick<EngineDataset, 'movieIds' | 'userKeys'> & {
  ratings: Pick<RatingTriples, 'user' | 'item'> &
    ({ rating: Float32Array } | { halfStars: Uint8Array });
};

/**
 * The dataset's ratings in the model's index spaces; rows of users or movies it lacks are left out.
 * `consume`: the caller will not use the dataset's user and item arrays again, so they are
 * overwritten with the model's indices (25M ratings: 200 MB not allocated while the index is built).
 */
export function datasetRatings(
  model: ModelIndex,
  dataset: RatingsOfDataset,
  options: { consume?: boolean } = {},
): DatasetRatings {
  const itemOf = new Map<number, number>();
  model.movieIds.forEach((id, i) => itemOf.set(id, i));
  const userOf = new Map<number, number>();
  model.userKeys.forEach((k, u) => userOf.set(k, u));
  const dsItemToModel = Int32Array.from(dataset.movieIds, (id) => itemOf.get(id) ?? -1);
  const dsUserToModel = Int32Array.from(dataset.userKeys, (k) => userOf.get(k) ?? -1);
  const r = dataset.ratings;
  const users = options.consume ? r.user : new Int32Array(r.user.length);
  const items = options.consume ? r.item : new Int32Array(r.user.length);
  for (let k = 0; k < r.user.length; k++) {
    users[k] = dsUserToModel[r.user[k]];
    items[k] = dsItemToModel[r.item[k]];
  }
  const halfStars =
    'halfStars' in r ? r.halfStars : Uint8Array.from(r.rating, (stars) => Math.round(stars * 2));
  return {
    byUser: ratingsCsr(model.userKeys.length, users, items, halfStars),
    byItem: ratingsCsr(model.movieIds.length, items, users, halfStars),
  };
}

/** The buffers of `ratings`, to move rather than copy them to another thread. */
export function ratingsBuffers(ratings: DatasetRatings): ArrayBuffer[] {
  return [ratings.byUser, ratings.byItem].flatMap((m) =>
    [m.start, m.cols, m.halfStars].map((a) => a.buffer as ArrayBuffer),
  );
}
