import type { EngineDataset } from '../dataset';
import { decadeOf } from '../item-features';
import { normaliseRows } from '../linalg';
import type { TrainedModel } from '../model-definition';
import { RowDot } from '../row-dot';

/**
 * What the three lists read besides the model, as typed arrays in the model's index spaces,
 * built once when a model is loaded: per-item genre bit masks, decades and rating counts for the
 * filters; unit-length item and user vectors for cosine; and the dataset's ratings by user and by
 * item (for agreement, shared favourites and "loved by like-minded people").
 */
export interface RatingsCsr {
  /** Row r's entries are [start[r], start[r+1]); columns ascending within a row. */
  start: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

export interface ListData {
  model: TrainedModel;
  nItems: number;
  /** Item index of a catalogue movieId. */
  itemOf: Map<number, number>;
  genres: string[];
  /** Bit g set when the item has genres[g] (the first 32 genres; more are ignored by filters). */
  itemGenreMask: Uint32Array;
  /** Decade (e.g. 1990), 0 when unknown. */
  itemDecade: Int16Array;
  /** Dataset ratings of the item. */
  itemPopularity: Int32Array;
  /** Similar-movies shrinkage n/(n+5) per item; null without dataset ratings (no shrinkage). */
  similarityShrink: Float32Array | null;
  itemTags: string[][];
  unitItems: Float32Array;
  unitUsers: Float32Array;
  /** Dataset users × items (model user indices), or null without dataset ratings. */
  byUser: RatingsCsr | null;
  /** Items × dataset users. */
  byItem: RatingsCsr | null;
  /** Cosine against every movie / dataset user (row dots of the unit vectors). */
  itemCosine: RowDot;
  userCosine: RowDot;
  /** Reusable score buffers (lists run one at a time on the service's thread). */
  scratch: Float32Array;
  userScratch: Float32Array;
}

/** Similar movies shrink cosine by n/(n + this), n = the movie's dataset ratings. */
export const similarityShrinkage = 5;

function csr(rows: number, row: Int32Array, col: Int32Array, values: Float32Array): RatingsCsr {
  const start = new Int32Array(rows + 1);
  for (let k = 0; k < row.length; k++) if (row[k] >= 0 && col[k] >= 0) start[row[k] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const cols = new Int32Array(start[rows]);
  const vals = new Float32Array(start[rows]);
  for (let k = 0; k < row.length; k++) {
    if (row[k] < 0 || col[k] < 0) continue;
    const p = fill[row[k]]++;
    cols[p] = col[k];
    vals[p] = values[k];
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
  return { start, cols, values: vals };
}

/** Binary search of column `col` in row `r`; the rating, or NaN when absent. */
export function csrGet(m: RatingsCsr, r: number, col: number): number {
  let lo = m.start[r];
  let hi = m.start[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.cols[mid];
    if (c === col) return m.values[mid];
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return NaN;
}

/**
 * Builds the list data of a model from the dataset it was trained on (or any dataset sharing
 * movieIds and user keys; rows the model does not know are skipped). Without a dataset the lists
 * still work, with zero popularity and no people-like-you.
 */
export function buildListData(model: TrainedModel, dataset: EngineDataset | null): ListData {
  const nItems = model.movieIds.length;
  const itemOf = new Map<number, number>();
  model.movieIds.forEach((id, i) => itemOf.set(id, i));
  const genreMask = new Uint32Array(nItems);
  const decade = new Int16Array(nItems);
  const popularity = new Int32Array(nItems);
  const tags: string[][] = Array.from({ length: nItems }, () => []);
  const genreSet = new Set<string>();
  dataset?.movies.forEach((m) => m.genres.forEach((g) => genreSet.add(g)));
  const genres = [...genreSet].sort();
  const genreBit = new Map(genres.map((g, k) => [g, k]));
  let byUser: RatingsCsr | null = null;
  let byItem: RatingsCsr | null = null;
  if (dataset) {
    const dsItemToModel = Int32Array.from(dataset.movieIds, (id) => itemOf.get(id) ?? -1);
    dataset.movies.forEach((m, di) => {
      const i = dsItemToModel[di];
      if (i < 0) return;
      let mask = 0;
      for (const g of m.genres) {
        const b = genreBit.get(g);
        if (b !== undefined && b < 32) mask |= 1 << b;
      }
      genreMask[i] = mask >>> 0;
      decade[i] = decadeOf(m.year) ?? 0;
      tags[i] = m.tags;
    });
    const userOf = new Map<number, number>();
    model.userKeys.forEach((k, u) => userOf.set(k, u));
    const dsUserToModel = Int32Array.from(dataset.userKeys, (k) => userOf.get(k) ?? -1);
    const r = dataset.ratings;
    const users = new Int32Array(r.user.length);
    const items = new Int32Array(r.user.length);
    for (let k = 0; k < r.user.length; k++) {
      users[k] = dsUserToModel[r.user[k]];
      items[k] = dsItemToModel[r.item[k]];
      if (items[k] >= 0) popularity[items[k]]++;
    }
    byUser = csr(model.userKeys.length, users, items, r.rating);
    byItem = csr(nItems, items, users, r.rating);
  }
  const unitItems = normaliseRows(model.itemVectors, model.dim);
  const unitUsers = normaliseRows(model.datasetUserVectors, model.dim);
  return {
    model,
    nItems,
    itemOf,
    genres,
    itemGenreMask: genreMask,
    itemDecade: decade,
    itemPopularity: popularity,
    similarityShrink: byItem
      ? Float32Array.from(popularity, (n) => n / (n + similarityShrinkage))
      : null,
    itemTags: tags,
    unitItems,
    unitUsers,
    itemCosine: new RowDot(unitItems, model.dim),
    userCosine: new RowDot(unitUsers, model.dim),
    byUser,
    byItem,
    scratch: new Float32Array(nItems),
    userScratch: new Float32Array(model.userKeys.length),
  };
}

/** Frees the backend copies of the unit vectors. */
export function disposeListData(data: ListData): void {
  data.itemCosine.dispose();
  data.userCosine.dispose();
}

export function genreNamesOf(data: ListData, item: number): string[] {
  const mask = data.itemGenreMask[item];
  const out: string[] = [];
  for (let b = 0; b < data.genres.length && b < 32; b++)
    if (mask & (1 << b)) out.push(data.genres[b]);
  return out;
}
