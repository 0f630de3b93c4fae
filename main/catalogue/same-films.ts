import type { Db } from './db';
import { activeRelease, listReleases, releasesState } from './releases';

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

/** Per catalogue, the copies search leaves out, read again only once its releases changed. */
const leftOut = new WeakMap<Db, { releases: string; ids: string | null }>();

/**
 * The copies of a film search leaves out, as a JSON array of movie ids, or null when no release
 * lists a film twice: of each group, every copy but the one the release the app learns from
 * lists, then the most rated, then the lowest id. So search shows "Chasing Amy (1997)" once, as
 * the lists do.
 */
export function copiesSearchLeavesOut(db: Db): string | null {
  const releases = releasesState(db);
  const known = leftOut.get(db);
  if (known?.releases === releases) return known.ids;
  const active = activeRelease(db)?.id ?? null;
  const ranked = db.prepare(
    `SELECT m.id FROM movies m
     LEFT JOIN release_movie_stats s ON s.movie_id = m.id AND s.release_id = @active
     WHERE m.id IN (SELECT value FROM json_each(@ids))
     ORDER BY s.movie_id IS NOT NULL DESC, m.rating_count DESC, m.id`,
  );
  const ids = new Set<number>();
  for (const release of listReleases(db))
    for (const group of sameFilmGroups(db, release.id)) {
      const [, ...others] = ranked.pluck().all({ active, ids: JSON.stringify(group) }) as number[];
      for (const id of others) ids.add(id);
    }
  const json = ids.size > 0 ? JSON.stringify([...ids].sort((a, b) => a - b)) : null;
  leftOut.set(db, { releases, ids: json });
  return json;
}
