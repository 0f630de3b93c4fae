import { createHash } from 'node:crypto';
import type { PersonHistory } from '../models/model-definition';
import { markedNotInterested, markedSeen } from '../lists/person';

/** A profile's rating, as the catalogue hands it to the engine. */
export interface ProfileRatingRow {
  movieId: number;
  rating: number;
  /** Milliseconds or seconds since the epoch; only the order matters. */
  ratedAt: number;
  /** Set when the rating is the engine's stand-in for a mark, not one the profile gave. */
  mark?: TellingMark;
}

/** The marks the model is told of as a rating: "seen" and "not interested". */
export type TellingMark = 'seen' | 'not-interested';

/** A movie a profile marked "not interested" or "seen" (`markedAt` like `ratedAt`). */
export interface MovieMarkRow {
  movieId: number;
  markedAt: number;
}

/** How many 3.5★ ratings seenStandIn adds to a profile's own before taking the mean. */
const seenPriorRatings = 2;

/**
 * The rating a film marked seen (watched, not rated) stands for: the mean of the profile's own
 * ratings and two more of 3.5★, so a profile with few ratings, whose mean says little, stays near
 * 3.5★ (3.5★ before it has any). Chosen on validation people (`npm run bench -- seen-signal`,
 * docs/MODELS.md), new people with half or four fifths of their visible films seen, not rated:
 * the best mean NDCG@20 over both releases and both shares (0.2500), against 0.2492 for the plain
 * mean (shipped before) and for 3.5★, and 0.2126 when the model was told nothing of them.
 */
export function seenStandIn(ownRatings: readonly number[]): number {
  let sum = 3.5 * seenPriorRatings;
  for (const r of ownRatings) sum += r;
  return sum / (ownRatings.length + seenPriorRatings);
}

/**
 * Identifies a set of ratings and marks (order-free): a personal state fitted to them stays
 * current. A mark's stand-in differs from the same rating given.
 */
export function hashRatings(rows: readonly ProfileRatingRow[]): string {
  const sorted = [...rows].sort((a, b) => a.movieId - b.movieId);
  const h = createHash('sha1');
  for (const r of sorted)
    h.update(r.mark ? `${r.movieId}:${r.rating}:${r.mark};` : `${r.movieId}:${r.rating};`);
  return h.digest('hex');
}

/**
 * What the engine knows of a profile: its ratings plus, for each movie it marked and has not
 * rated, a stand-in rating: `lowRating` for "not interested" (a weak dislike), seenStandIn for
 * "seen" (watching it says something of one's taste: measured, see seenStandIn). Counted as rated,
 * a marked movie is in `person.rated`, which every personal list skips, and in the history the
 * model folds in and fine-tunes on.
 */
export function withMarks(
  rows: ProfileRatingRow[],
  marks: { notInterested: readonly MovieMarkRow[]; seen: readonly MovieMarkRow[] },
  lowRating: number,
): ProfileRatingRow[] {
  if (marks.notInterested.length === 0 && marks.seen.length === 0) return rows;
  const rated = new Set(rows.map((r) => r.movieId));
  const seenRating = seenStandIn(rows.map((r) => r.rating));
  const told = (list: readonly MovieMarkRow[], mark: TellingMark, rating: number) =>
    list
      .filter((m) => !rated.has(m.movieId))
      .map((m) => ({ movieId: m.movieId, rating, ratedAt: m.markedAt, mark }));
  return [
    ...rows,
    ...told(marks.notInterested, 'not-interested', lowRating),
    ...told(marks.seen, 'seen', seenRating),
  ];
}

/**
 * Which of the items a person's history holds stand for a mark, not a rating it gave: 1 seen, 2
 * not interested; undefined when none does.
 */
export function markedItems(
  rows: readonly ProfileRatingRow[],
  itemOf: ReadonlyMap<number, number>,
  nItems: number,
): Uint8Array | undefined {
  const marked = rows.filter((r) => r.mark !== undefined);
  if (marked.length === 0) return undefined;
  const mask = new Uint8Array(nItems);
  for (const r of marked) {
    const item = itemOf.get(r.movieId);
    if (item !== undefined) mask[item] = r.mark === 'seen' ? markedSeen : markedNotInterested;
  }
  return mask;
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
