/**
 * Movies' rating totals become those of the release the app learns from
 * (main/catalogue/movie-statistics.ts) instead of a sum over every release. A catalogue holding one release
 * changes nothing; one holding several gets its chosen release's totals now rather than at the
 * next import or choice. The active release as releases.ts picks it: the chosen format while it
 * has ratings, else real MovieLens ids first, then the most ratings.
 */
export const sql = `
CREATE TEMP TABLE active_totals (id INTEGER PRIMARY KEY, c INTEGER NOT NULL, s INTEGER NOT NULL);
INSERT INTO temp.active_totals
  SELECT movie_id, count, sum_half FROM release_movie_stats
  WHERE release_id = COALESCE(
    (SELECT r.id FROM catalogue_settings c JOIN releases r ON r.format = c.value
      WHERE c.key = 'active_release' AND r.ratings > 0),
    (SELECT id FROM releases WHERE ratings > 0 ORDER BY real_movie_ids DESC, ratings DESC, id LIMIT 1));
UPDATE movies SET rating_count = COALESCE(t.c, 0), rating_sum_half = COALESCE(t.s, 0)
  FROM (SELECT m.id, a.c, a.s FROM movies m LEFT JOIN temp.active_totals a ON a.id = m.id) t
  WHERE t.id = movies.id
    AND (movies.rating_count <> COALESCE(t.c, 0) OR movies.rating_sum_half <> COALESCE(t.s, 0));
DROP TABLE temp.active_totals;
`;
