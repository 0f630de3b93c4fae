import { createHash } from 'node:crypto';
import type { PersonHistory } from '../models/model-definition';

/** A profile's rating, as the catalogue hands it to the engine. */
export interface ProfileRatingRow {
  movieId: number;
  rating: number;
  /** Milliseconds or seconds since the epoch; only the order matters. */
  ratedAt: number;
}

/** A movie a profile marked "not interested" or "seen" (`markedAt` like `ratedAt`). */
export interface MovieMarkRow {
  movieId: number;
  markedAt: number;
}

/** Identifies a set of ratings (order-free): a personal state fitted to them stays current. */
export function hashRatings(rows: readonly ProfileRatingRow[]): string {
  const sorted = [...rows].sort((a, b) => a.movieId - b.movieId);
  const h = createHash('sha1');
  for (const r of sorted) h.update(`${r.movieId}:${r.rating};`);
  return h.digest('hex');
}

/**
 * What the engine knows of a profile: its ratings plus, for each movie it marked "not
 * interested" (and has not rated), `lowRating`. Counted as rated, a not-interested movie is in
 * `person.rated`, which every personal list skips; as a low rating it is a (weak) dislike in the
 * history the model folds in and fine-tunes on.
 */
export function withNotInterested(
  rows: ProfileRatingRow[],
  marks: readonly MovieMarkRow[],
  lowRating: number,
): ProfileRatingRow[] {
  if (marks.length === 0) return rows;
  const rated = new Set(rows.map((r) => r.movieId));
  const dislikes = marks
    .filter((m) => !rated.has(m.movieId))
    .map((m) => ({ movieId: m.movieId, rating: lowRating, ratedAt: m.markedAt }));
  return [...rows, ...dislikes];
}

/** The ratings of movies the model knows, oldest first, in the model's item indices. */
export function historyOf(
  rows: readonly ProfileRatingRow[],
  itemOf: ReadonlyMap<number, number>,
): PersonHistory {
  const known = rows
    .map((r) => ({ item: itemOf.get(r.movieId), rating: r.rating, at: r.ratedAt }))
    .filter((r): r is { item: number; rating: number; at: number } => r.item !== undefined)
    .sort((a, b) => a.at - b.at || a.item - b.item);
  return {
    items: Int32Array.from(known, (r) => r.item),
    ratings: Float32Array.from(known, (r) => r.rating),
    times: Float64Array.from(known, (r) => r.at),
  };
}

/** Marked movies as a mask over items; undefined for none. */
export function marksMask(
  marks: readonly MovieMarkRow[],
  itemOf: ReadonlyMap<number, number>,
  nItems: number,
): Uint8Array | undefined {
  if (marks.length === 0) return undefined;
  const mask = new Uint8Array(nItems);
  for (const m of marks) {
    const item = itemOf.get(m.movieId);
    if (item !== undefined) mask[item] = 1;
  }
  return mask;
}
