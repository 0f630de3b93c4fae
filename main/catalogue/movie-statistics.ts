import type { Db } from './db';
import { activeRelease } from './releases';

/** Runs `step` until it reports nothing left to do, in whatever transactions suit the caller. */
export type RepeatWrites = (step: () => boolean) => void;

/** Every step in the transaction already open. */
const inOneTransaction: RepeatWrites = (step) => {
  while (step());
};

/** Movies whose totals one step writes: a few milliseconds of the write lock. */
const ROWS_PER_STEP = 500;

/**
 * movies.rating_count / rating_sum_half = the statistics of the release the app learns from, so
 * that a card's "N ratings", its reason's, the "At least" filter and the order of a search all
 * count the same ratings; summing over releases counted a rating twice where releases overlap
 * (ml-latest-small's viewers are in ml-latest and ml-32m too). A movie that release lacks has
 * none. Only the movies whose totals change are written, ROWS_PER_STEP per step of `repeat`: an
 * import passes its chunked writes, so that moving every movie of a large release to the new
 * totals never holds the write lock for long.
 */
export function refreshMovieStatistics(db: Db, repeat: RepeatWrites = inOneTransaction): void {
  const releaseId = activeRelease(db)?.id ?? null;
  const changed = db
    .prepare(
      `SELECT m.id, COALESCE(s.count, 0), COALESCE(s.sum_half, 0) FROM movies m
       LEFT JOIN release_movie_stats s ON s.release_id = ? AND s.movie_id = m.id
       WHERE m.rating_count <> COALESCE(s.count, 0) OR m.rating_sum_half <> COALESCE(s.sum_half, 0)`,
    )
    .raw()
    .all(releaseId) as [number, number, number][];
  const update = db.prepare('UPDATE movies SET rating_count = ?, rating_sum_half = ? WHERE id = ?');
  let next = 0;
  repeat(() => {
    for (const end = Math.min(changed.length, next + ROWS_PER_STEP); next < end; next++) {
      const [id, count, sumHalf] = changed[next];
      update.run(count, sumHalf, id);
    }
    return next < changed.length;
  });
}
