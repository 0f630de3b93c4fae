import type { MarkedMovie, MovieMark } from '../../shared/domain';
import type { Db } from './db';
import { requireMovie, requireProfile } from './existing-rows';
import { SUMMARY_COLUMNS, toMovieSummary, type MovieSummaryRow } from './movie-rows';

/** A marked movie without movie facts, for the engine. `markedAt` in milliseconds. */
export interface MarkedMovieId {
  movieId: number;
  markedAt: number;
}

/** Puts the movie on the profile's watchlist or marks it not interested (replacing the other). */
export function setMovieMark(
  db: Db,
  profileId: number,
  movieId: number,
  mark: MovieMark,
  markedAt = Date.now(),
): void {
  requireProfile(db, profileId);
  requireMovie(db, movieId);
  db.prepare(
    `INSERT INTO profile_movie_marks (profile_id, movie_id, mark, marked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(profile_id, movie_id) DO UPDATE SET mark = excluded.mark, marked_at = excluded.marked_at`,
  ).run(profileId, movieId, mark, markedAt);
}

/** Removes the movie's mark, whichever it is; returns whether there was one. */
export function clearMovieMark(db: Db, profileId: number, movieId: number): boolean {
  return (
    db
      .prepare('DELETE FROM profile_movie_marks WHERE profile_id = ? AND movie_id = ?')
      .run(profileId, movieId).changes > 0
  );
}

/**
 * The profile's marked movies that the catalogue has, with summaries, newest first. A seen mark
 * on a movie rated since says nothing more than the rating, so it is left out (and kept: clearing
 * the rating brings it back).
 */
export function listMovieMarks(db: Db, profileId: number): MarkedMovie[] {
  const rows = db
    .prepare(
      `SELECT k.mark, k.marked_at, ${SUMMARY_COLUMNS} FROM profile_movie_marks k
       JOIN movies m ON m.id = k.movie_id
       WHERE k.profile_id = ? AND NOT (k.mark = 'seen' AND EXISTS
         (SELECT 1 FROM profile_ratings r WHERE r.profile_id = k.profile_id AND r.movie_id = k.movie_id))
       ORDER BY k.marked_at DESC, m.id`,
    )
    .all(profileId) as (MovieSummaryRow & { mark: MovieMark; marked_at: number })[];
  return rows.map((row) => ({
    movieId: row.id,
    mark: row.mark,
    markedAt: row.marked_at,
    movie: toMovieSummary(row),
  }));
}

/** The movies the profile marked so (not interested, or seen), oldest first. */
export function moviesMarked(
  db: Db,
  profileId: number,
  mark: 'not-interested' | 'seen',
): MarkedMovieId[] {
  return (
    db
      .prepare(
        `SELECT movie_id, marked_at FROM profile_movie_marks
         WHERE profile_id = ? AND mark = ? ORDER BY marked_at, movie_id`,
      )
      .all(profileId, mark) as { movie_id: number; marked_at: number }[]
  ).map((r) => ({ movieId: r.movie_id, markedAt: r.marked_at }));
}
