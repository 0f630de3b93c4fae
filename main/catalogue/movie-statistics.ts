import type { Db } from './db';
import { activeRelease } from './releases';

/**
 * movies.rating_count / rating_sum_half = the statistics of the release the app learns from, so
 * that a card's "N ratings", its reason's, the "At least" filter and the order of a search all
 * count the same ratings; summing over releases counted a rating twice where releases overlap
 * (ml-latest-small's viewers are in ml-latest and ml-32m too). A movie that release lacks has
 * none. Only rows whose totals change are written, which keeps a release swap short; the totals
 * go through a temporary table keyed by movie (a join on a grouped subquery took twice as long:
 * 150 against 80 ms for a 25M-rating release sharing 10,000 movies with the catalogue).
 */
export function refreshMovieStatistics(db: Db): void {
  const releaseId = activeRelease(db)?.id ?? null;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS movie_totals (id INTEGER PRIMARY KEY, c INTEGER, s INTEGER);
    DELETE FROM temp.movie_totals;`);
  db.prepare(
    `INSERT INTO temp.movie_totals
       SELECT movie_id, count, sum_half FROM release_movie_stats WHERE release_id = ?`,
  ).run(releaseId);
  db.exec(`
    UPDATE movies SET rating_count = t.c, rating_sum_half = t.s FROM temp.movie_totals t
      WHERE t.id = movies.id AND (movies.rating_count <> t.c OR movies.rating_sum_half <> t.s);
    UPDATE movies SET rating_count = 0, rating_sum_half = 0
      WHERE (rating_count <> 0 OR rating_sum_half <> 0)
        AND id NOT IN (SELECT id FROM temp.movie_totals);
    DELETE FROM temp.movie_totals;`);
}
