import type { MovieSummary } from '../../../shared/domain';
import type { PersonHistory, PersonalState } from '../model-definition';
import type { ListData } from './list-data';
import { TopK } from './top-k';

/** One profile as the lists see it: ratings in item indices, its personal state, a rated mask. */
export interface Person {
  history: PersonHistory;
  state: PersonalState;
  rated: Uint8Array;
  /** The person's rating of each item, NaN where unrated (built once per person, not per list). */
  ratingOf: Float32Array;
  /** Bits of the genres the person likes most (from their ratings of 4 and up). */
  favouriteGenres: number;
}

/** Catalogue facts for the movies a list returns; the engine never reads SQLite itself. */
export type MovieLookup = (movieIds: readonly number[]) => Map<number, MovieSummary>;

/** A rating counts as "loved" from half a star below the top of the scale (4.5 of 5). */
export function lovedThreshold(data: ListData): number {
  return data.model.scale.max - 0.5;
}

export function makePerson(data: ListData, history: PersonHistory, state: PersonalState): Person {
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
  return { history, state, rated, ratingOf, favouriteGenres: favouriteGenres >>> 0 };
}

/** The k dataset users nearest to a vector (cosine), best first. */
export function nearestUsers(
  data: ListData,
  vector: Float32Array,
  k: number,
): { user: number; similarity: number }[] {
  const d = data.model.dim;
  let norm = 0;
  for (let c = 0; c < d; c++) norm += vector[c] * vector[c];
  if (norm === 0) return [];
  const inv = 1 / Math.sqrt(norm);
  const sims = data.userScratch;
  data.userCosine.into(vector, sims);
  const top = new TopK(k);
  let threshold = top.threshold;
  for (let u = 0; u < sims.length; u++) {
    if (sims[u] > threshold) {
      top.push(u, sims[u]);
      threshold = top.threshold;
    }
  }
  return top.sorted().map((t) => ({ user: t.id, similarity: t.value * inv }));
}
