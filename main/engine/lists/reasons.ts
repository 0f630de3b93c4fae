import type { MovieSummary, Reason } from '../../../shared/domain';
import { csrGet, genreNamesOf, type ListData } from './list-data';
import { lovedThreshold, type Person } from './person';

/** Building blocks of the short "why" each list item carries. */

export interface BecauseEntry {
  movieId: number;
  weight: number;
}

/**
 * The (up to) `n` movies the person liked (rated 3.5 of 5 and up) that pulled `item` up most,
 * from the model's explanation. A disliked movie can also push a score up (by its dissimilarity),
 * but "because you liked" must name liked movies.
 */
export function becauseOf(data: ListData, person: Person, item: number, n = 3): BecauseEntry[] {
  const weights = data.model.explain(person.state, person.history, item);
  const liked = data.model.scale.max * 0.7;
  const picked: BecauseEntry[] = [];
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    if (!(w > 0) || person.history.ratings[j] < liked) continue;
    if (picked.length < n || w > picked[picked.length - 1].weight) {
      picked.push({ movieId: data.model.movieIds[person.history.items[j]], weight: w });
      picked.sort((a, b) => b.weight - a.weight);
      if (picked.length > n) picked.pop();
    }
  }
  return picked;
}

/** How many of `users` loved the item. */
export function loversAmong(data: ListData, users: readonly number[], item: number): number {
  if (!data.byUser) return 0;
  const threshold = lovedThreshold(data);
  let n = 0;
  for (const u of users) if (csrGet(data.byUser, u, item) >= threshold) n++;
  return n;
}

export function sharedGenres(data: ListData, item: number, mask: number): string[] {
  const both = (data.itemGenreMask[item] & mask) >>> 0;
  return both ? genreNamesOf(data, item).filter((g) => mask & (1 << data.genres.indexOf(g))) : [];
}

export function sharedTags(data: ListData, a: number, b: number, n = 3): string[] {
  const other = new Set(data.itemTags[b].map((t) => t.toLowerCase()));
  return [...new Set(data.itemTags[a].filter((t) => other.has(t.toLowerCase())))].slice(0, n);
}

function titles(entries: { title: string }[]): string {
  const names = entries.map((e) => e.title);
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The reason of a "for you" item. */
export function forYouReason(
  because: BecauseEntry[],
  movies: Map<number, MovieSummary>,
  genres: string[],
  lovers: number | null,
): Reason {
  const named = because
    .map((b) => ({
      movieId: b.movieId,
      title: movies.get(b.movieId)?.title ?? `#${b.movieId}`,
      weight: b.weight,
    }))
    .slice(0, 3);
  let text: string;
  if (named.length > 0) text = `Because you liked ${titles(named.slice(0, 2))}`;
  else if (lovers)
    text = `Loved by ${lovers} ${lovers === 1 ? 'person' : 'people'} with taste like yours`;
  else if (genres.length > 0) text = `Matches your taste in ${genres.join(', ')}`;
  else text = 'Predicted to suit your taste';
  return { text, because: named, sharedGenres: genres, sharedTags: [], likeMindedLovers: lovers };
}
