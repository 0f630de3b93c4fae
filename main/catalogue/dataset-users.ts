import type { Db } from './db';
import type { PlainRating } from './profile-ratings';

/** What "people like you" needs from the dataset's users. Ratings in stars, times in seconds. */
export interface DatasetRating {
  movieId: number;
  rating: number;
  ratedAt: number;
}

export interface DatasetUser {
  userKey: number;
  age: number | null;
  gender: 'M' | 'F' | null;
  occupation: string | null;
  ratingCount: number;
}

export function datasetUserRatings(db: Db, releaseId: number, userKey: number): DatasetRating[] {
  return (
    db
      .prepare(
        'SELECT movie_id, rating_half, rated_at FROM dataset_ratings WHERE release_id = ? AND user_key = ? ORDER BY movie_id',
      )
      .all(releaseId, userKey) as { movie_id: number; rating_half: number; rated_at: number }[]
  ).map((r) => ({ movieId: r.movie_id, rating: r.rating_half / 2, ratedAt: r.rated_at }));
}

export function datasetUser(db: Db, releaseId: number, userKey: number): DatasetUser | null {
  const row = db
    .prepare(
      `SELECT u.user_key, u.age, u.gender, u.occupation,
        (SELECT COUNT(*) FROM dataset_ratings r WHERE r.release_id = u.release_id AND r.user_key = u.user_key) AS n
       FROM dataset_users u WHERE u.release_id = ? AND u.user_key = ?`,
    )
    .get(releaseId, userKey) as
    | {
        user_key: number;
        age: number | null;
        gender: 'M' | 'F' | null;
        occupation: string | null;
        n: number;
      }
    | undefined;
  return row
    ? {
        userKey: row.user_key,
        age: row.age,
        gender: row.gender,
        occupation: row.occupation,
        ratingCount: row.n,
      }
    : null;
}

export function countDatasetUsers(db: Db, releaseId: number): number {
  return db
    .prepare('SELECT COUNT(*) FROM dataset_users WHERE release_id = ?')
    .pluck()
    .get(releaseId) as number;
}

export function countDatasetRatings(db: Db, releaseId: number): number {
  return db
    .prepare('SELECT COUNT(*) FROM dataset_ratings WHERE release_id = ?')
    .pluck()
    .get(releaseId) as number;
}

/**
 * Dataset users who rated at least `minCommon` of the given movies, with how many: candidates
 * for the nearest-neighbour search of "people like you".
 */
export function usersWhoRatedAny(
  db: Db,
  releaseId: number,
  ratings: readonly PlainRating[],
  minCommon = 1,
  limit = 500,
): { userKey: number; common: number }[] {
  return (
    db
      .prepare(
        `SELECT user_key, COUNT(*) AS common FROM dataset_ratings
         WHERE release_id = ? AND movie_id IN (SELECT value FROM json_each(?))
         GROUP BY user_key HAVING common >= ? ORDER BY common DESC, user_key LIMIT ?`,
      )
      .all(releaseId, JSON.stringify(ratings.map((r) => r.movieId)), minCommon, limit) as {
      user_key: number;
      common: number;
    }[]
  ).map((r) => ({ userKey: r.user_key, common: r.common }));
}
