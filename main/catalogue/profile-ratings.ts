import { ApiError } from '../../shared/api';
import type { ProfileRating } from '../../shared/domain';
import type { Db } from './db';
import { requireMovie, requireProfile } from './existing-rows';
import { SUMMARY_COLUMNS, toMovieSummary, type MovieSummaryRow } from './movie-rows';

/** A profile's rating without movie facts, for the engine. `ratedAt` in milliseconds. */
export interface PlainRating {
  movieId: number;
  rating: number;
  ratedAt: number;
}

export function toHalfStars(rating: number): number {
  const half = rating * 2;
  if (!Number.isInteger(half) || half < 1 || half > 10) {
    throw new ApiError(
      'bad-request',
      `A rating goes in half stars from 0.5 to 5.0, not ${rating}.`,
    );
  }
  return half;
}

/** Sets (or changes) the profile's rating of a movie. */
export function setProfileRating(
  db: Db,
  profileId: number,
  movieId: number,
  rating: number,
  ratedAt = Date.now(),
): void {
  const half = toHalfStars(rating);
  requireProfile(db, profileId);
  requireMovie(db, movieId);
  db.prepare(
    `INSERT INTO profile_ratings (profile_id, movie_id, rating_half, rated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(profile_id, movie_id) DO UPDATE SET rating_half = excluded.rating_half, rated_at = excluded.rated_at`,
  ).run(profileId, movieId, half, ratedAt);
}

/** Removes the rating; returns whether there was one. */
export function clearProfileRating(db: Db, profileId: number, movieId: number): boolean {
  return (
    db
      .prepare('DELETE FROM profile_ratings WHERE profile_id = ? AND movie_id = ?')
      .run(profileId, movieId).changes > 0
  );
}

/** The profile's ratings with movie summaries, newest first. */
export function listProfileRatings(db: Db, profileId: number): ProfileRating[] {
  const rows = db
    .prepare(
      `SELECT r.rating_half, r.rated_at, ${SUMMARY_COLUMNS} FROM profile_ratings r JOIN movies m ON m.id = r.movie_id
       WHERE r.profile_id = ? ORDER BY r.rated_at DESC, m.id`,
    )
    .all(profileId) as (MovieSummaryRow & { rating_half: number; rated_at: number })[];
  return rows.map((row) => ({
    movieId: row.id,
    rating: row.rating_half / 2,
    ratedAt: row.rated_at,
    movie: toMovieSummary(row),
  }));
}

export function plainProfileRatings(db: Db, profileId: number): PlainRating[] {
  return (
    db
      .prepare(
        'SELECT movie_id, rating_half, rated_at FROM profile_ratings WHERE profile_id = ? ORDER BY rated_at, movie_id',
      )
      .all(profileId) as { movie_id: number; rating_half: number; rated_at: number }[]
  ).map((r) => ({ movieId: r.movie_id, rating: r.rating_half / 2, ratedAt: r.rated_at }));
}

export function countProfileRatings(db: Db, profileId: number): number {
  return db
    .prepare('SELECT COUNT(*) FROM profile_ratings WHERE profile_id = ?')
    .pluck()
    .get(profileId) as number;
}
