import type { Db } from './db';
import { isStarterSource } from './starter-release';

export interface ReleaseInfo {
  id: number;
  format: string;
  source: string;
  fingerprint: string;
  realMovieIds: boolean;
  scale: { min: number; max: number };
  movies: number;
  ratings: number;
  users: number;
  importedAt: number;
  /** The starter catalogue shipped with the app (replaced by the first imported release). */
  starter: boolean;
}

interface ReleaseRow {
  id: number;
  format: string;
  source: string;
  fingerprint: string;
  real_movie_ids: number;
  rating_scale_min: number;
  rating_scale_max: number;
  movies: number;
  ratings: number;
  users: number;
  imported_at: number;
}

function toRelease(row: ReleaseRow): ReleaseInfo {
  return {
    id: row.id,
    format: row.format,
    source: row.source,
    fingerprint: row.fingerprint,
    realMovieIds: row.real_movie_ids === 1,
    scale: { min: row.rating_scale_min, max: row.rating_scale_max },
    movies: row.movies,
    ratings: row.ratings,
    users: row.users,
    importedAt: row.imported_at,
    starter: isStarterSource(row.source),
  };
}

export function listReleases(db: Db): ReleaseInfo[] {
  return (
    db
      .prepare('SELECT * FROM releases WHERE ratings > 0 ORDER BY imported_at, id')
      .all() as ReleaseRow[]
  ).map(toRelease);
}

export function getRelease(db: Db, releaseId: number): ReleaseInfo | null {
  const row = db.prepare('SELECT * FROM releases WHERE id = ?').get(releaseId) as
    ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

export function findReleaseByFormat(db: Db, format: string): ReleaseInfo | null {
  const row = db.prepare('SELECT * FROM releases WHERE format = ?').get(format) as
    ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

/** The release the app learns from by default: real MovieLens ids first, then the most ratings. */
export function defaultRelease(db: Db): ReleaseInfo | null {
  const row = db
    .prepare(
      'SELECT * FROM releases WHERE ratings > 0 ORDER BY real_movie_ids DESC, ratings DESC, id LIMIT 1',
    )
    .get() as ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

/** What app.info shows: totals over the catalogue. */
export function catalogueCounts(db: Db): {
  movies: number;
  ratings: number;
  users: number;
  releases: { format: string; source: string; importedAt: number; starter: boolean }[];
} {
  const releases = listReleases(db);
  return {
    movies: db.prepare('SELECT COUNT(*) FROM movies').pluck().get() as number,
    ratings: releases.reduce((sum, r) => sum + r.ratings, 0),
    users: releases.reduce((sum, r) => sum + r.users, 0),
    releases: releases.map((r) => ({
      format: r.format,
      source: r.source,
      importedAt: r.importedAt,
      starter: r.starter,
    })),
  };
}
