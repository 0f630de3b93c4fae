import type { Db } from './db';
import { releasesState } from './releases';

/** The newest movie's year, by catalogue: read again only once its releases changed. */
const newestYears = new WeakMap<Db, { releases: string; year: number }>();

/** The year of the catalogue's newest movie (a scan of every movie: 0.5 ms over 9,742). */
export function newestYear(db: Db): number {
  const releases = releasesState(db);
  const known = newestYears.get(db);
  if (known?.releases === releases) return known.year;
  const year = (db.prepare('SELECT max(year) FROM movies').pluck().get() as number | null) ?? 0;
  newestYears.set(db, { releases, year });
  return year;
}
