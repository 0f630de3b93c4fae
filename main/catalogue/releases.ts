import type { ReleaseSummary } from '../../shared/domain';
import type { Db } from './db';
import { prepared } from './prepared';
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

/** Where the person's choice of release is kept (migration 005): the chosen release's format. */
const ACTIVE_RELEASE_KEY = 'active_release';

/**
 * The release the app learns from (the engine trains on it, the lists read it): the one chosen
 * with chooseActiveRelease while it is in the catalogue with ratings, else the automatic choice.
 */
export function activeRelease(db: Db): ReleaseInfo | null {
  const row = prepared(
    db,
    `SELECT r.* FROM catalogue_settings c JOIN releases r ON r.format = c.value
     WHERE c.key = ? AND r.ratings > 0`,
  ).get(ACTIVE_RELEASE_KEY) as ReleaseRow | undefined;
  return row ? toRelease(row) : automaticRelease(db);
}

/**
 * Changes whenever a release is imported, replaced or removed, or another one is chosen to learn
 * from, by whichever process: the app compares it to notice what the CLI did beside it.
 */
export function releasesState(db: Db): string {
  const releases = prepared(db, 'SELECT id, fingerprint FROM releases ORDER BY id').raw().all();
  return JSON.stringify([releases, activeRelease(db)?.id ?? null]);
}

/** The release the app learns from when none was chosen: real MovieLens ids first, then the most ratings. */
export function automaticRelease(db: Db): ReleaseInfo | null {
  const row = prepared(
    db,
    'SELECT * FROM releases WHERE ratings > 0 ORDER BY real_movie_ids DESC, ratings DESC, id LIMIT 1',
  ).get() as ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

/**
 * Makes the release the one the app learns from, from now on: the choice is kept by the
 * release's format, so importing the same release again keeps it chosen, and importing another
 * one does not change it. Returns null (and changes nothing) when there is no such release with
 * ratings. Profiles' ratings are not touched here: see main/importers/profile-matching.ts
 * (switchActiveRelease), which matches them onto the chosen release in the same transaction.
 */
export function chooseActiveRelease(db: Db, releaseId: number): ReleaseInfo | null {
  const release = getRelease(db, releaseId);
  if (!release || release.ratings === 0) return null;
  db.prepare(
    `INSERT INTO catalogue_settings (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(ACTIVE_RELEASE_KEY, release.format);
  return release;
}

/** A release as the releases lists show it; `active`: the release the app learns from. */
export function releaseSummary(release: ReleaseInfo, activeId: number | null): ReleaseSummary {
  return {
    id: release.id,
    format: release.format,
    source: release.source,
    starter: release.starter,
    movies: release.movies,
    ratings: release.ratings,
    users: release.users,
    importedAt: release.importedAt,
    active: release.id === activeId,
  };
}

/** Every release with ratings, oldest import first, the active one marked. */
export function releaseSummaries(db: Db): ReleaseSummary[] {
  const activeId = activeRelease(db)?.id ?? null;
  return listReleases(db).map((r) => releaseSummary(r, activeId));
}

/** What app.info shows: totals over the catalogue. */
export function catalogueCounts(db: Db): {
  movies: number;
  ratings: number;
  users: number;
  releases: ReleaseSummary[];
} {
  const releases = releaseSummaries(db);
  return {
    movies: db.prepare('SELECT COUNT(*) FROM movies').pluck().get() as number,
    ratings: releases.reduce((sum, r) => sum + r.ratings, 0),
    users: releases.reduce((sum, r) => sum + r.users, 0),
    releases,
  };
}
