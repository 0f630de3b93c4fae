/**
 * What the engine trains on: the catalogue's dataset ratings and movie/user features as dense,
 * index-based typed arrays. Built by main/catalogue/training-data.ts from SQLite; built directly
 * in tests. Users and items are re-indexed 0..n-1; `movieIds`/`userKeys` map back.
 */
export interface RatingTriples {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  /** Seconds since the epoch. */
  time: Float64Array;
}

/** The ratings at `rows` (indices into `r`), in that order. */
export function ratingRows(r: RatingTriples, rows: ArrayLike<number>): RatingTriples {
  return {
    user: Int32Array.from(rows, (k) => r.user[k]),
    item: Int32Array.from(rows, (k) => r.item[k]),
    rating: Float32Array.from(rows, (k) => r.rating[k]),
    time: Float64Array.from(rows, (k) => r.time[k]),
  };
}

export interface UserDemographics {
  /** Age in years, or null when the release has none. */
  age: number | null;
  gender: 'M' | 'F' | null;
  occupation: string | null;
}

export interface MovieFeatures {
  title: string;
  year: number | null;
  genres: string[];
  tags: string[];
  /** Directors and cast, where an import provided them. */
  people: string[];
}

export interface EngineDataset {
  /** Short name of where the data came from, e.g. "ml-latest-small". */
  name: string;
  /** Stable digest of the ratings and movie ids, stored in model manifests. */
  fingerprint: string;
  ratings: RatingTriples;
  nUsers: number;
  nItems: number;
  /** Catalogue movieId of item index i. */
  movieIds: Int32Array;
  /** Dataset user id of user index u (as the release numbers them). */
  userKeys: Int32Array;
  movies: MovieFeatures[];
  /** Per user index, or null for releases without demographics. */
  demographics: UserDemographics[] | null;
  /** Rating scale of the release (ml-100k and ml-1m: whole stars 1–5; newer: 0.5–5). */
  scale: { min: number; max: number };
  /**
   * Films the release lists more than once (ml-100k: 18, e.g. "Chasing Amy (1997)" twice), as
   * groups of movieIds in this dataset's id space; no list shows two copies of one film.
   */
  sameFilms?: number[][];
}

/**
 * The buffers of a dataset's typed arrays, each once: to move the dataset to another thread rather
 * than copy it (the sender gives it up).
 */
export function datasetBuffers(d: EngineDataset): ArrayBuffer[] {
  const { user, item, rating, time } = d.ratings;
  const arrays = [user, item, rating, time, d.movieIds, d.userKeys];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
