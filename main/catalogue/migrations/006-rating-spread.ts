/**
 * Per release and movie, how many ratings gave each half star (release_movie_stats.spread, see
 * catalogue/rating-spread.ts), for the movie page's chart. Releases imported before it are
 * counted once here from their ratings; the importers write it from then on.
 */
export const sql = `
ALTER TABLE release_movie_stats ADD COLUMN spread TEXT;

CREATE TEMP TABLE spread_backfill AS
SELECT release_id, movie_id,
  SUM(rating_half = 1) || ',' || SUM(rating_half = 2) || ',' || SUM(rating_half = 3) || ',' ||
  SUM(rating_half = 4) || ',' || SUM(rating_half = 5) || ',' || SUM(rating_half = 6) || ',' ||
  SUM(rating_half = 7) || ',' || SUM(rating_half = 8) || ',' || SUM(rating_half = 9) || ',' ||
  SUM(rating_half = 10) AS spread
FROM dataset_ratings GROUP BY release_id, movie_id;

UPDATE release_movie_stats SET spread = b.spread
FROM spread_backfill b
WHERE b.release_id = release_movie_stats.release_id AND b.movie_id = release_movie_stats.movie_id;

DROP TABLE spread_backfill;
`;
