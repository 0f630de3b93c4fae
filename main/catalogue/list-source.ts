import type { DatasetUserHistory, ListSource } from '../core/list-source';
import type { Db } from './db';
import { activeRelease, type ReleaseInfo } from './releases';
import { readReleaseRatings } from './release-data';
import { sameFilmGroups } from './same-films';
import { movieTags } from './training-data';

/**
 * The engine's ListSource over the release the app learns from (activeRelease; null without
 * one): its movies' rating statistics come from release_movie_stats and their genres and years
 * from the movies (one query, the start of every list), a few users' histories from their own
 * rows, and only the lists that need them read the movies' tags or every rating (in a worker
 * thread), on first use. It stays with the release it was made for: once another replaced it,
 * ratingsFor() rejects.
 */
export function releaseListSource(db: Db): ListSource | null {
  const release = activeRelease(db);
  if (!release) return null;
  const movies = releaseMovies(db, release.id);
  let tags: string[][] | null = null;
  return {
    fingerprint: `release ${release.id} ${release.fingerprint}`,
    name: release.format,
    ...movies,
    tags: () => (tags ??= movieTags(db, movies.movieIds)),
    userCount: release.users,
    userHistories: (indices) => userHistories(db, release, indices),
    ratingsFor: (model, signal) => readReleaseRatings(db, release.id, model, signal),
    sameFilms: sameFilmGroups(db, release.id),
  };
}

type ReleaseMovies = Pick<
  ListSource,
  'movieIds' | 'ratingCounts' | 'ratingSums' | 'years' | 'genres'
>;

/**
 * The release's movies, ascending by id: their rating statistics, years and genres. A row per
 * movie would make a JS array and strings per movie (most of a start's list data time on a
 * release of 62,000 movies), so the rows come packed in one string, a line per movie: id, ratings,
 * sum of half stars and year as integers, then the genres as stored. SQLite reads them in its
 * primary key's order, ascending by id; were they concatenated in another, they are read again
 * with the aggregate sorting them (slower).
 */
function releaseMovies(db: Db, releaseId: number): ReleaseMovies {
  const movies = parseMovies(packedMovies(db, releaseId, false));
  return movies.movieIds.every((id, k) => k === 0 || movies.movieIds[k - 1] < id)
    ? movies
    : parseMovies(packedMovies(db, releaseId, true));
}

function packedMovies(db: Db, releaseId: number, sorted: boolean): [number, string | null] {
  return db
    .prepare(
      `SELECT count(*), group_concat(
         s.movie_id || ' ' || s.count || ' ' || s.sum_half || ' ' || ifnull(m.year, 0) || ' ' ||
           replace(ifnull(m.genres, ''), char(10), ' '),
         char(10)${sorted ? ' ORDER BY s.movie_id' : ''})
       FROM release_movie_stats s LEFT JOIN movies m ON m.id = s.movie_id
       WHERE s.release_id = ?`,
    )
    .raw()
    .get(releaseId) as [number, string | null];
}

/** The lines of packedMovies; movies share a few hundred genre lists, each split once. */
function parseMovies([n, packed]: [number, string | null]): ReleaseMovies {
  const movieIds = new Int32Array(n);
  const ratingCounts = new Int32Array(n);
  const ratingSums = new Float64Array(n);
  const years = new Int16Array(n);
  const genres = new Array<readonly string[]>(n);
  const lists = new Map<string, readonly string[]>();
  const text = packed ?? '';
  let at = 0;
  const integer = (): number => {
    let value = 0;
    for (let c = text.charCodeAt(at++); c !== 32; c = text.charCodeAt(at++))
      value = value * 10 + c - 48;
    return value;
  };
  for (let k = 0; k < n; k++) {
    movieIds[k] = integer();
    ratingCounts[k] = integer();
    ratingSums[k] = integer() / 2;
    years[k] = integer();
    const end = k + 1 < n ? text.indexOf('\n', at) : text.length;
    const stored = text.slice(at, end);
    let list = lists.get(stored);
    if (!list) lists.set(stored, (list = stored ? stored.split('|') : []));
    genres[k] = list;
    at = end + 1;
  }
  return { movieIds, ratingCounts, ratingSums, years, genres };
}

/** The histories of the release's users at these indices of its users in key order. */
function userHistories(
  db: Db,
  release: ReleaseInfo,
  indices: readonly number[],
): DatasetUserHistory[] {
  // Users with ratings, as loadEngineDataset numbers them (every one has a dataset_users row).
  const userKeys = db
    .prepare(
      `SELECT user_key FROM dataset_users u WHERE release_id = ? AND EXISTS (
         SELECT 1 FROM dataset_ratings r WHERE r.release_id = u.release_id AND r.user_key = u.user_key)
       ORDER BY user_key`,
    )
    .pluck()
    .all(release.id) as number[];
  const ratings = db
    .prepare(
      `SELECT movie_id, rating_half, rated_at FROM dataset_ratings
       WHERE release_id = ? AND user_key = ? ORDER BY rated_at, movie_id`,
    )
    .raw();
  return indices.map((index) => {
    const rows = ratings.all(release.id, userKeys[index]) as [number, number, number][];
    return {
      movieIds: Int32Array.from(rows, ([movieId]) => movieId),
      ratings: Float32Array.from(rows, ([, half]) => half / 2),
      times: Float64Array.from(rows, ([, , ratedAt]) => ratedAt),
    };
  });
}
