import type { Db } from './db';
import { activeRelease } from './releases';

/** Half-star values a rating can take: 1 (0.5★) … 10 (5★). */
export const RATING_HALVES = 10;

/**
 * release_movie_stats.spread: how many of a release's ratings of the movie gave each half star,
 * 0.5★ first, as comma-separated counts ("0,0,1,4,…").
 */
export function formatSpread(counts: ArrayLike<number>): string {
  return Array.from(counts).join(',');
}

/** Adds a spread column's counts into `into` (a missing or malformed one adds nothing). */
export function addSpread(into: number[], text: string | null): void {
  if (!text) return;
  const parts = text.split(',');
  if (parts.length !== RATING_HALVES) return;
  parts.forEach((p, k) => {
    const n = Number(p);
    if (Number.isInteger(n) && n > 0) into[k] += n;
  });
}

/**
 * A movie's rating spread in the release the app learns from, 0.5★ first: the ratings its
 * count and average are of (movie-statistics.ts).
 */
export function movieRatingSpread(db: Db, movieId: number): number[] {
  const spread = new Array<number>(RATING_HALVES).fill(0);
  const release = activeRelease(db);
  if (!release) return spread;
  const text = db
    .prepare('SELECT spread FROM release_movie_stats WHERE release_id = ? AND movie_id = ?')
    .pluck()
    .get(release.id, movieId) as string | null | undefined;
  addSpread(spread, text ?? null);
  return spread;
}

/** Every rating of one release, as a spread over the half stars (0.5★ first). */
export function releaseRatingSpread(db: Db, releaseId: number): number[] {
  const spread = new Array<number>(RATING_HALVES).fill(0);
  const rows = db
    .prepare('SELECT spread FROM release_movie_stats WHERE release_id = ?')
    .pluck()
    .iterate(releaseId) as IterableIterator<string | null>;
  for (const text of rows) addSpread(spread, text);
  return spread;
}

/** Releases with movies whose spread is not counted yet (imported before migration 006). */
export function releasesWithoutSpread(db: Db): number[] {
  return db
    .prepare(
      `SELECT DISTINCT release_id FROM release_movie_stats
       WHERE spread IS NULL AND release_id IN (SELECT id FROM releases) ORDER BY release_id`,
    )
    .pluck()
    .all() as number[];
}

/** Each movie's spread in one release, counted from its ratings (a long read: 25M in ~40 s). */
export function countReleaseSpreads(db: Db, releaseId: number): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT movie_id AS movieId, rating_half AS half, COUNT(*) AS n FROM dataset_ratings
       WHERE release_id = ? GROUP BY movie_id, rating_half`,
    )
    .iterate(releaseId) as IterableIterator<{ movieId: number; half: number; n: number }>;
  const counts = new Map<number, number[]>();
  for (const { movieId, half, n } of rows) {
    if (half < 1 || half > RATING_HALVES) continue;
    let spread = counts.get(movieId);
    if (!spread) counts.set(movieId, (spread = new Array<number>(RATING_HALVES).fill(0)));
    spread[half - 1] = n;
  }
  return new Map([...counts].map(([movieId, spread]) => [movieId, formatSpread(spread)]));
}

/**
 * Writes counted spreads where none is written yet, a few thousand rows per transaction so that
 * the app's own writes wait only moments; returns how many rows it wrote.
 */
export function writeReleaseSpreads(
  db: Db,
  releaseId: number,
  spreads: Map<number, string>,
): number {
  const update = db.prepare(
    `UPDATE release_movie_stats SET spread = ?
     WHERE release_id = ? AND movie_id = ? AND spread IS NULL`,
  );
  const entries = [...spreads];
  let written = 0;
  for (let start = 0; start < entries.length; start += 2000) {
    db.transaction(() => {
      for (const [movieId, spread] of entries.slice(start, start + 2000))
        written += update.run(spread, releaseId, movieId).changes;
    }).immediate();
  }
  return written;
}

/** Counts and writes every release's missing spreads on this connection; returns rows written. */
export function countMissingSpreads(db: Db): number {
  let written = 0;
  for (const releaseId of releasesWithoutSpread(db))
    written += writeReleaseSpreads(db, releaseId, countReleaseSpreads(db, releaseId));
  return written;
}
