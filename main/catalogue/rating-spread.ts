import type { Db } from './db';

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

/** A movie's rating spread over every release the catalogue holds, 0.5★ first. */
export function movieRatingSpread(db: Db, movieId: number): number[] {
  const rows = db
    .prepare(
      `SELECT spread FROM release_movie_stats
       WHERE release_id IN (SELECT id FROM releases) AND movie_id = ?`,
    )
    .pluck()
    .all(movieId) as (string | null)[];
  const spread = new Array<number>(RATING_HALVES).fill(0);
  for (const text of rows) addSpread(spread, text);
  return spread;
}
