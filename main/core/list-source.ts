import type { DatasetRatings, ModelIndex } from './ratings-csr';

/** A dataset user's ratings, oldest first (ties by movieId), by catalogue movieId. */
export interface DatasetUserHistory {
  movieIds: Int32Array;
  ratings: Float32Array;
  times: Float64Array;
}

/**
 * What the engine's lists read of the catalogue's release, in parts that cost what they are
 * used for: its movies' genres and years with their rating statistics (every list), a few
 * dataset users' histories (for-you's match percentage) and, on first use only, its movies' tags
 * (similar movies' shared tags) and its every rating (people like you, and the "loved by" counts
 * of similar movies and also-loved). Built by main/catalogue/list-source.ts from SQLite, so that
 * a start's first list reads neither every rating nor every movie's title and tags; from an
 * EngineDataset in tests and evaluations.
 */
export interface ListSource {
  /** Changes whenever the release's ratings could (what the engine's caches are keyed by). */
  fingerprint: string;
  /** The release's name (e.g. "ml-latest-small"), as a model manifest's `dataset.name` says it. */
  name?: string;
  /** Catalogue movieIds of the release's movies, ascending (as EngineDataset.movieIds). */
  movieIds: Int32Array;
  /** Per movie: its genres (movies with the same genres may share one array: do not change it). */
  genres: readonly (readonly string[])[];
  /** Per movie: its year, 0 when unknown. */
  years: Int16Array;
  /** Per movie: its most frequent tags (as EngineDataset.movies' tags), read on first use. */
  tags(): string[][];
  /** Per movie: how many dataset ratings it has, and their sum in stars. */
  ratingCounts: Int32Array;
  ratingSums: Float64Array;
  /** How many dataset users have ratings (EngineDataset.nUsers). */
  userCount: number;
  /** The histories of the dataset users at these indices (users in key order). */
  userHistories(indices: readonly number[]): DatasetUserHistory[];
  /**
   * Every rating, in a model's index spaces: at once from a dataset in memory; from a catalogue a
   * promise, read in a worker thread (25M ratings take about 10 s), so that the thread that
   * answers people never waits for it. `signal` ends a read no longer needed (the list data was
   * replaced): its promise then rejects.
   */
  ratingsFor(model: ModelIndex, signal?: AbortSignal): DatasetRatings | Promise<DatasetRatings>;
  /** Films the release lists more than once, as groups of movieIds (EngineDataset.sameFilms). */
  sameFilms?: readonly (readonly number[])[];
}
