import type { Db } from './db';

/**
 * The films a release lists more than once, as groups of catalogue movie ids: movies of the
 * release with the same title and year that no IMDb id tells apart. ml-100k lists 18 films twice
 * under two item ids; ml-latest-small's five same-titled pairs ("Emma (1996)", the film and the
 * TV film) have IMDb ids of their own and are different films.
 */
export function sameFilmGroups(db: Db, releaseId: number): number[][] {
  const rows = db
    .prepare(
      `SELECT group_concat(m.id) FROM release_movie_stats s JOIN movies m ON m.id = s.movie_id
       WHERE s.release_id = ? AND m.year IS NOT NULL
       GROUP BY m.title_key, m.year
       HAVING count(*) > 1 AND count(DISTINCT m.imdb_id) <= 1`,
    )
    .pluck()
    .all(releaseId) as string[];
  return rows.map((ids) =>
    ids
      .split(',')
      .map(Number)
      .sort((a, b) => a - b),
  );
}
