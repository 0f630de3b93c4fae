import { createHash } from 'node:crypto';
import type {
  EngineDataset,
  MovieFeatures,
  RatingTriples,
  UserDemographics,
} from '../core/engine-dataset';
import type { RatingsOfDataset } from '../core/ratings-csr';
import type { Db } from './db';
import { activeRelease, getRelease, type ReleaseInfo } from './releases';
import { sameFilmGroups } from './same-films';

export interface LoadDatasetOptions {
  /**
   * 'catalogue' (default): movieIds are catalogue movie ids. 'release': the release's own item
   * ids (ml-100k's item numbers, as its evaluation splits use them).
   */
  idSpace?: 'catalogue' | 'release';
  /** Most frequent tags kept per movie. */
  tagsPerMovie?: number;
}

const DENSE_IDS = 1 << 22;
const ROWS_PER_CHUNK = 200_000;

/**
 * The release's ratings as dense typed arrays for the engine: users and items re-indexed
 * 0..n-1 (users in key order, items in movie id order), plus movie features and, where the
 * release has them, demographics. Reads rows straight off the (release, user, movie) key, range
 * by range (readRatingRows); memory is the typed arrays themselves (24 bytes a rating).
 */
export function loadEngineDataset(
  db: Db,
  releaseId?: number,
  options: LoadDatasetOptions = {},
): EngineDataset {
  const release = releaseId === undefined ? activeRelease(db) : getRelease(db, releaseId);
  if (!release)
    throw new Error(
      releaseId === undefined
        ? 'The catalogue has no ratings yet: import a MovieLens release first.'
        : `There is no release ${releaseId}.`,
    );

  const catalogueIds = releaseMovieIds(db, release.id);
  const rows = readRatingRows(db, release, catalogueIds, true);
  const { user, item, time, userKeys } = rows;
  const rating = new Float32Array(rows.halfStars.length);
  for (let k = 0; k < rating.length; k++) rating[k] = rows.halfStars[k] / 2;
  const movieIds =
    options.idSpace === 'release' ? releaseItemIds(db, release, catalogueIds) : catalogueIds;

  const hash = createHash('sha256');
  for (const part of [movieIds, userKeys, user, item, rating])
    hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  return {
    name: release.format,
    fingerprint: hash.digest('hex').slice(0, 16),
    ratings: { user, item, rating, time },
    nUsers: userKeys.length,
    nItems: catalogueIds.length,
    movieIds,
    userKeys,
    movies: movieFeatures(db, catalogueIds, options.tagsPerMovie ?? 10),
    demographics: demographics(db, release.id, userKeys),
    scale: release.scale,
    sameFilms: sameFilmGroups(db, release.id).map((group) =>
      group.map((id) => movieIds[catalogueIds.indexOf(id)]),
    ),
  };
}

/** The release's ratings as loadEngineDataset numbers them, without times or movie features. */
export function loadReleaseRatings(db: Db, releaseId: number): RatingsOfDataset {
  const release = getRelease(db, releaseId);
  if (!release) throw new Error(`There is no release ${releaseId}.`);
  const movieIds = releaseMovieIds(db, release.id);
  const { user, item, halfStars, userKeys } = readRatingRows(db, release, movieIds, false);
  return { ratings: { user, item, halfStars }, movieIds, userKeys };
}

function releaseMovieIds(db: Db, releaseId: number): Int32Array {
  return Int32Array.from(
    db
      .prepare('SELECT movie_id FROM release_movie_stats WHERE release_id = ? ORDER BY movie_id')
      .pluck()
      .all(releaseId) as number[],
  );
}

type RatingRows<Time> = Pick<RatingTriples, 'user' | 'item'> & {
  halfStars: Uint8Array;
  time: Time;
  userKeys: Int32Array;
};

/**
 * Every rating of the release, user by user (ascending key, then movie id), users numbered in
 * key order and movies by their place in `movieIds`. Read in user-key ranges of about
 * ROWS_PER_CHUNK rows as one number per row, (user's offset in the range, movie, half stars)
 * packed, and the times by a second query in the same order: better-sqlite3 makes far fewer
 * JavaScript values that way (25M ratings with times: 16.9 s against 21.9 s as rows of three
 * columns, docs/ENGINE.md).
 */
function readRatingRows(
  db: Db,
  release: ReleaseInfo,
  movieIds: Int32Array,
  withTimes: true,
): RatingRows<Float64Array>;
function readRatingRows(
  db: Db,
  release: ReleaseInfo,
  movieIds: Int32Array,
  withTimes: false,
): RatingRows<null>;
function readRatingRows(
  db: Db,
  release: ReleaseInfo,
  movieIds: Int32Array,
  withTimes: boolean,
): RatingRows<Float64Array | null> {
  const itemOf = indexOf(movieIds);
  const n = release.ratings;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const halfStars = new Uint8Array(n);
  const time = withTimes ? new Float64Array(n) : null;
  const userKeysList: number[] = [];
  const range = 'FROM dataset_ratings WHERE release_id = ? AND user_key >= ? AND user_key < ?';
  const packedRows = db
    .prepare(
      `SELECT ((user_key - ?) * ? + movie_id) * 16 + rating_half ${range} ORDER BY user_key, movie_id`,
    )
    .pluck();
  const timeRows = db.prepare(`SELECT rated_at ${range} ORDER BY user_key, movie_id`).pluck();
  const [minUser, maxUser, maxMovie] = db
    .prepare(
      'SELECT MIN(user_key), MAX(user_key), MAX(movie_id) FROM dataset_ratings WHERE release_id = ?',
    )
    .raw()
    .get(release.id) as [number | null, number | null, number | null];
  const movieSpan = (maxMovie ?? 0) + 1;
  // packed numbers stay exact integers: fewer users per range for very large movie ids
  const fit = Math.floor(Number.MAX_SAFE_INTEGER / (movieSpan * 16));
  if (fit < 1) throw new Error(`Movie id ${maxMovie} is too large to read.`);
  const usersPerChunk = Math.min(
    fit,
    Math.max(1, Math.floor((ROWS_PER_CHUNK * Math.max(1, release.users)) / Math.max(1, n))),
  );
  let count = 0;
  let lastUser = -1;
  let userIndex = -1;
  const read = db.transaction(() => {
    for (let from = minUser ?? 0; maxUser !== null && from <= maxUser; from += usersPerChunk) {
      const to = from + usersPerChunk;
      const packed = packedRows.all(from, movieSpan, release.id, from, to) as number[];
      const times = time && (timeRows.all(release.id, from, to) as number[]);
      if (count + packed.length > n || (times && times.length !== packed.length)) break;
      for (let k = 0; k < packed.length; k++) {
        const v = packed[k];
        const half = v % 16;
        const rest = (v - half) / 16;
        const movie = rest % movieSpan;
        const userKey = from + (rest - movie) / movieSpan;
        if (userKey !== lastUser) {
          lastUser = userKey;
          userIndex = userKeysList.length;
          userKeysList.push(userKey);
        }
        user[count] = userIndex;
        item[count] = itemOf(movie);
        halfStars[count] = half;
        if (time) time[count] = times![k];
        count++;
      }
    }
  });
  read();
  if (count !== n)
    throw new Error(
      `Release ${release.format} lists ${n} ratings but holds ${count}; import it again.`,
    );
  return { user, item, halfStars, time, userKeys: Int32Array.from(userKeysList) };
}

/** movie id -> item index, through a typed array for ordinary ids. */
function indexOf(ids: Int32Array): (id: number) => number {
  const max = ids.length ? ids[ids.length - 1] : 0;
  if (max < DENSE_IDS) {
    const table = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, i) => (table[id] = i));
    return (id) => table[id];
  }
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return (id) => map.get(id) ?? -1;
}

function releaseItemIds(db: Db, release: ReleaseInfo, catalogueIds: Int32Array): Int32Array {
  const rows = db
    .prepare('SELECT item_key, movie_id FROM release_items WHERE release_id = ?')
    .raw()
    .all(release.id) as [number, number][];
  if (rows.length === 0) return catalogueIds;
  const itemOfMovie = new Map(rows.map(([itemKey, movieId]) => [movieId, itemKey]));
  return catalogueIds.map((id) => itemOfMovie.get(id) ?? id);
}

/** Title, year, genres, people and the most frequent tags of each movie. */
export function movieFeatures(db: Db, ids: Int32Array, tagsPerMovie = 10): MovieFeatures[] {
  const json = JSON.stringify(Array.from(ids));
  const facts = new Map(
    (
      db
        .prepare(
          'SELECT id, title, year, genres, people FROM movies WHERE id IN (SELECT value FROM json_each(?))',
        )
        .all(json) as {
        id: number;
        title: string;
        year: number | null;
        genres: string;
        people: string;
      }[]
    ).map((m) => [m.id, m]),
  );
  const tags = movieTags(db, ids, tagsPerMovie, json);
  return Array.from(ids, (id, k) => {
    const m = facts.get(id);
    return {
      title: m?.title ?? `Movie ${id}`,
      year: m?.year ?? null,
      genres: m?.genres ? m.genres.split('|') : [],
      tags: tags[k],
      people: m?.people ? m.people.split('|') : [],
    };
  });
}

/** The most frequent tags of each movie (lowercased), as movieFeatures gives them. */
export function movieTags(
  db: Db,
  ids: Int32Array,
  tagsPerMovie = 10,
  json = JSON.stringify(Array.from(ids)),
): string[][] {
  const tags = new Map<number, string[]>();
  const tagRows = db
    .prepare(
      `SELECT movie_id, lower(tag) AS tag, COUNT(*) AS n FROM tags
       WHERE movie_id IN (SELECT value FROM json_each(?)) GROUP BY movie_id, lower(tag) ORDER BY movie_id, n DESC, tag`,
    )
    .raw()
    .iterate(json) as IterableIterator<[number, string, number]>;
  for (const [movieId, tag] of tagRows) {
    const list = tags.get(movieId) ?? [];
    if (list.length < tagsPerMovie) list.push(tag);
    tags.set(movieId, list);
  }
  return Array.from(ids, (id) => tags.get(id) ?? []);
}

function demographics(db: Db, releaseId: number, userKeys: Int32Array): UserDemographics[] | null {
  const rows = db
    .prepare(
      'SELECT user_key, age, gender, occupation FROM dataset_users WHERE release_id = ? AND (age IS NOT NULL OR gender IS NOT NULL)',
    )
    .all(releaseId) as {
    user_key: number;
    age: number | null;
    gender: 'M' | 'F' | null;
    occupation: string | null;
  }[];
  if (rows.length === 0) return null;
  const byKey = new Map(rows.map((r) => [r.user_key, r]));
  return Array.from(userKeys, (key) => {
    const r = byKey.get(key);
    return { age: r?.age ?? null, gender: r?.gender ?? null, occupation: r?.occupation ?? null };
  });
}
