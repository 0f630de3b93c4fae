import type { EngineDataset } from '../../core/engine-dataset';
import { listSourceOfDataset } from './dataset-list-source';
import { copyRing } from './film-copies';
import type { DatasetUserHistory, ListSource } from '../../core/list-source';
import type { DatasetRatings, RatingsCsr } from '../../core/ratings-csr';
import { decadeOf } from '../models/item-features';
import { normaliseRows } from '../numeric/linalg';
import type { PersonHistory, TrainedModel } from '../models/model-definition';
import { RowDot } from '../numeric/row-dot';

/**
 * What the three lists read besides the model, as typed arrays in the model's index spaces,
 * built once when a model is loaded: per-item genre bit masks, decades and rating counts for the
 * filters; the score of a typical best pick (the for-you match percentage); and, each on first
 * use, unit-length item vectors (similar movies without the model's own similarity, variety), the
 * movies' tags (similar movies' shared tags) and the dataset's ratings by user and by item (people
 * like you, agreement, shared favourites, "loved by those who loved"), the last two read from the
 * ListSource.
 */
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
  /** The item's most frequent tags; read on first use. */
  readonly itemTags: string[][];
  /** Mean dataset rating of the item (NaN without ratings). */
  itemMeanRating: Float32Array;
  /** Mean of every dataset rating of the movies the model knows (NaN without ratings). */
  ratingMean: number;
  /** The item vectors scaled to unit length; computed on first use. */
  readonly unitItems: Float32Array;
  /**
   * Dataset users × items (model user indices), or null without dataset ratings. Read on first
   * use; from a catalogue only by `loadRatings`, which the lists that use them await first (read
   * before that, it throws rather than list without them).
   */
  readonly byUser: RatingsCsr | null;
  /** Items × dataset users (as byUser). */
  readonly byItem: RatingsCsr | null;
  /** Reads the dataset ratings (byUser, byItem) where no list has yet. */
  loadRatings(): Promise<void>;
  /** Cosine against every movie (row dots of the unit vectors). */
  readonly itemCosine: RowDot;
  /** Per entry of `typicalLengths`, the typical best pick's score (see matchPercent). */
  typicalTopScores: Float32Array;
  /** The scores of a profile with no ratings: what a person's own ratings add is measured from them. */
  newcomerScores: Float32Array;
  /** Per item, the next copy of a film the release lists more than once (film-copies.ts). */
  copies: Int32Array | null;
  /** Reusable score buffer (lists run one at a time on the service's thread). */
  scratch: Float32Array;
}

/** Similar movies shrink cosine by n/(n + this), n = the movie's dataset ratings. */
export const similarityShrinkage = 5;
/** Dataset users sampled for the typical best pick, and the history lengths it is measured at. */
const typicalSample = 15;
const typicalLengths = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500];
/** −ln(1 − 0.85): the typical best pick shows as an 85% match. */
const matchSteepness = -Math.log(0.15);

/**
 * Builds the list data of a model from the dataset it was trained on (or any dataset sharing
 * movieIds and user keys; rows the model does not know are skipped). Without a dataset the lists
 * still work, with zero popularity and no people-like-you.
 */
export function buildListData(model: TrainedModel, dataset: EngineDataset | null): ListData {
  return listDataFrom(model, dataset && listSourceOfDataset(dataset));
}

/**
 * buildListData from a ListSource: everything but the movies' tags and the dataset's ratings by
 * user and by item is built now from the source's genres, years, rating statistics and a few
 * users' histories (or `typical`, the typicalTopScores of this model and source computed before);
 * the tags are read from `source.tags()` and the ratings from `source.dataset()` when a list first
 * asks for them.
 */
export function listDataFrom(
  model: TrainedModel,
  source: ListSource | null,
  typical?: Float32Array,
): ListData {
  const nItems = model.movieIds.length;
  const itemOf = new Map<number, number>();
  model.movieIds.forEach((id, i) => itemOf.set(id, i));
  const genreMask = new Uint32Array(nItems);
  const decade = new Int16Array(nItems);
  const popularity = new Int32Array(nItems);
  const meanRating = new Float32Array(nItems).fill(NaN);
  let ratingSum = 0;
  let ratingCount = 0;
  const genreSet = new Set<string>();
  // Movies with the same genres often share one array: its mask is worked out once.
  const masks = new Map<readonly string[], number>();
  source?.genres.forEach((list) => {
    if (masks.has(list)) return;
    masks.set(list, 0);
    list.forEach((g) => genreSet.add(g));
  });
  const genres = [...genreSet].sort();
  const genreBit = new Map(genres.map((g, k) => [g, k]));
  for (const list of masks.keys()) {
    let mask = 0;
    for (const g of list) {
      const b = genreBit.get(g);
      if (b !== undefined && b < 32) mask |= 1 << b;
    }
    masks.set(list, mask >>> 0);
  }
  source?.movieIds.forEach((id, si) => {
    const i = itemOf.get(id);
    if (i === undefined) return;
    genreMask[i] = masks.get(source.genres[si])!;
    decade[i] = decadeOf(source.years[si]) ?? 0;
    const n = source.ratingCounts[si];
    popularity[i] = n;
    if (n > 0) meanRating[i] = source.ratingSums[si] / n;
    ratingSum += source.ratingSums[si];
    ratingCount += n;
  });
  let tags: string[][] | null = null;
  const itemTags = (): string[][] => {
    if (tags) return tags;
    const read: string[][] = Array.from({ length: nItems }, () => []);
    if (source) {
      const sourceTags = source.tags();
      source.movieIds.forEach((id, si) => {
        const i = itemOf.get(id);
        if (i !== undefined) read[i] = sourceTags[si];
      });
    }
    return (tags = read);
  };
  let unit: Float32Array | null = null;
  let cosine: RowDot | null = null;
  const unitItems = () => (unit ??= normaliseRows(model.itemVectors, model.dim));
  const scratch = new Float32Array(nItems);
  let ratings: DatasetRatings | null = null;
  let reading: Promise<DatasetRatings> | null = null;
  // disposing the list data ends a read still running: a replaced release's is not needed
  const reads = new AbortController();
  const ratingsNow = (source: ListSource): DatasetRatings => {
    if (ratings) return ratings;
    if (!reading) {
      const read = source.ratingsFor(model, reads.signal);
      if (!(read instanceof Promise)) return (ratings = read);
      reading = read;
      read.catch(() => (reading = null));
    }
    throw new Error('The dataset ratings are being read: await loadRatings() first');
  };
  const data: ListData = {
    model,
    nItems,
    itemOf,
    genres,
    itemGenreMask: genreMask,
    itemDecade: decade,
    itemPopularity: popularity,
    similarityShrink: source
      ? Float32Array.from(popularity, (n) => n / (n + similarityShrinkage))
      : null,
    get itemTags() {
      return itemTags();
    },
    itemMeanRating: meanRating,
    ratingMean: ratingCount > 0 ? ratingSum / ratingCount : NaN,
    get unitItems() {
      return unitItems();
    },
    get itemCosine() {
      return (cosine ??= new RowDot(unitItems(), model.dim));
    },
    typicalTopScores:
      typical ??
      (source
        ? typicalTopScores(model, source, itemOf, scratch)
        : new Float32Array(typicalLengths.length).fill(1)),
    newcomerScores: newcomerScores(model, nItems),
    copies: copyRing(source?.sameFilms, itemOf, nItems),
    get byUser() {
      return source && ratingsNow(source).byUser;
    },
    get byItem() {
      return source && ratingsNow(source).byItem;
    },
    async loadRatings() {
      if (ratings || !source) return;
      const read = (reading ??= Promise.resolve(source.ratingsFor(model, reads.signal)));
      try {
        ratings ??= await read;
      } finally {
        // a failed read is tried again by the next list that needs it
        if (reading === read) reading = null;
      }
    },
    scratch,
  };
  disposers.set(data, () => {
    cosine?.dispose();
    reads.abort();
  });
  return data;
}

/** What disposeListData frees, by list data (only what a list has made). */
const disposers = new WeakMap<ListData, () => void>();

function newcomerScores(model: TrainedModel, nItems: number): Float32Array {
  const empty: PersonHistory = {
    items: new Int32Array(0),
    ratings: new Float32Array(0),
    times: new Float64Array(0),
  };
  const out = new Float32Array(nItems);
  model.scoreAll(model.foldIn(empty), empty, out);
  return out;
}

/**
 * The typical best pick's score by history length: for a few dataset users (evenly spaced, known
 * to the model), their first n ratings are scored as a profile's would be, and the median of the
 * best unrated score is kept for each n of `typicalLengths`.
 */
function typicalTopScores(
  model: TrainedModel,
  source: ListSource,
  itemOf: Map<number, number>,
  scores: Float32Array,
): Float32Array {
  const step = Math.max(1, Math.floor(source.userCount / typicalSample));
  const sampled: number[] = [];
  for (let u = 0; u < source.userCount && sampled.length < typicalSample; u += step)
    sampled.push(u);
  const tops: number[][] = typicalLengths.map(() => []);
  for (const h of source.userHistories(sampled)) {
    const keep = knownRatings(h, itemOf);
    typicalLengths.forEach((n, k) => {
      if (keep.items.length < n) return;
      const history: PersonHistory = {
        items: keep.items.slice(0, n),
        ratings: keep.ratings.slice(0, n),
        times: keep.times.slice(0, n),
      };
      model.scoreAll(model.foldIn(history), history, scores);
      for (const i of history.items) scores[i] = -Infinity;
      let best = -Infinity;
      for (const v of scores) if (v > best) best = v;
      if (Number.isFinite(best)) tops[k].push(best);
    });
  }
  let last = 1;
  return Float32Array.from(tops, (t) => {
    t.sort((a, b) => a - b);
    const median = t.length ? t[t.length >> 1] : last;
    last = median > 0 ? median : last;
    return last;
  });
}

/** A dataset user's history restricted to the movies the model knows, in its item indices. */
function knownRatings(h: DatasetUserHistory, itemOf: Map<number, number>): PersonHistory {
  const keep = Array.from(h.movieIds.keys()).filter((t) => itemOf.has(h.movieIds[t]));
  return {
    items: Int32Array.from(keep, (t) => itemOf.get(h.movieIds[t])!),
    ratings: Float32Array.from(keep, (t) => h.ratings[t]),
    times: Float64Array.from(keep, (t) => h.times[t]),
  };
}

/**
 * A for-you score as a percentage for a profile of n ratings: 85% at the typical best pick of a
 * profile with as many ratings, saturating above it; null without ratings (starter picks).
 */
export function matchPercent(data: ListData, score: number, n: number): number | null {
  return n === 0 ? null : Math.round(100 * matchShare(data, score, n));
}

/** The match before rounding, from 0 to 1 (NaN without ratings). */
export function matchShare(data: ListData, score: number, n: number): number {
  if (n === 0) return NaN;
  let k = 0;
  while (k + 1 < typicalLengths.length && typicalLengths[k + 1] <= n) k++;
  const x = Math.max(0, score) / data.typicalTopScores[k];
  return 1 - Math.exp(-x * matchSteepness);
}

/** Frees the backend copies of the unit vectors and ends a read of every rating still running. */
export function disposeListData(data: ListData): void {
  disposers.get(data)?.();
}

export function genreNamesOf(data: ListData, item: number): string[] {
  const mask = data.itemGenreMask[item];
  const out: string[] = [];
  for (let b = 0; b < data.genres.length && b < 32; b++)
    if (mask & (1 << b)) out.push(data.genres[b]);
  return out;
}
