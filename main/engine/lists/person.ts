import type { MovieSummary } from '../../../shared/domain';
import type { PersonHistory, PersonalState } from '../models/model-definition';
import { withCopies } from './film-copies';
import type { ListData } from './list-data';

/** One profile as the lists see it: ratings in item indices, its personal state, a rated mask. */
export interface Person {
  history: PersonHistory;
  state: PersonalState;
  rated: Uint8Array;
  /** `rated` and every other copy of a rated film (film-copies.ts): what no list offers. */
  ratedFilms: Uint8Array;
  /** The person's rating of each item, NaN where unrated (built once per person, not per list). */
  ratingOf: Float32Array;
  /** Bits of the genres the person likes most (from their ratings of 4 and up). */
  favouriteGenres: number;
  /**
   * Items of the history that stand for a mark, not a rating the person gave (markedItems: 1
   * seen, 2 not interested); undefined when none. Nothing says the person rated those.
   */
  marked?: Uint8Array;
}

/** Catalogue facts for the movies a list returns; the engine never reads SQLite itself. */
export type MovieLookup = (movieIds: readonly number[]) => Map<number, MovieSummary>;

/** A rating counts as "loved" from one star below the top of the scale (4 of 5), as in EVALUATION.md. */
export function lovedThreshold(data: ListData): number {
  return data.model.scale.max - 1;
}

/** Person.marked's values: the item stands for a mark, seen or not interested. */
export const markedSeen = 1;
export const markedNotInterested = 2;

export function makePerson(
  data: ListData,
  history: PersonHistory,
  state: PersonalState,
  marked?: Uint8Array,
): Person {
  const rated = new Uint8Array(data.nItems);
  for (const i of history.items) rated[i] = 1;
  const ratingOf = new Float32Array(data.nItems).fill(NaN);
  history.items.forEach((i, k) => (ratingOf[i] = history.ratings[k]));
  const counts = new Array<number>(Math.min(32, data.genres.length)).fill(0);
  history.items.forEach((i, k) => {
    if (history.ratings[k] < 4) return;
    const mask = data.itemGenreMask[i];
    for (let b = 0; b < counts.length; b++) if (mask & (1 << b)) counts[b]++;
  });
  let favouriteGenres = 0;
  counts
    .map((c, b) => ({ c, b }))
    .filter((x) => x.c > 0)
    .sort((a, b) => b.c - a.c)
    .slice(0, 3)
    .forEach(({ b }) => (favouriteGenres |= 1 << b));
  return {
    history,
    state,
    rated,
    ratedFilms: withCopies(data, rated),
    ratingOf,
    favouriteGenres: favouriteGenres >>> 0,
    marked,
  };
}
