import { spokenList } from '../../../shared/counts';
import type { MovieSummary, Reason } from '../../../shared/domain';
import { explainScore } from '../models/fallbacks';
import { genreNamesOf, type ListData } from './list-data';
import { markedSeen, type Person } from './person';

/** Building blocks of the short "why" each list item carries. */

export interface BecauseEntry {
  movieId: number;
  weight: number;
  /** The profile's own rating of it (for a film marked seen, the stand-in rating). */
  rating: number;
  /** Marked seen, not rated: the reason says "watched". */
  seen: boolean;
}

export interface Because {
  /** The rated movies that pulled the score up most, largest first. */
  entries: BecauseEntry[];
  /** How much every rated movie that pulled it up added together. */
  pull: number;
}

/**
 * The (up to) `n` rated movies whose removal would lower `item`'s score most, by the model's own
 * explanation (for the default model, exactly the leave-one-out drop), largest first.
 */
export function becauseOf(data: ListData, person: Person, item: number, n = 3): Because {
  const weights = explainScore(data.model, person.state, person.history, item);
  const picked: BecauseEntry[] = [];
  let pull = 0;
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    if (!(w > 0)) continue;
    pull += w;
    if (picked.length < n || w > picked[picked.length - 1].weight) {
      picked.push({
        movieId: data.model.movieIds[person.history.items[j]],
        weight: w,
        rating: person.history.ratings[j],
        seen: person.marked?.[person.history.items[j]] === markedSeen,
      });
      picked.sort((a, b) => b.weight - a.weight);
      if (picked.length > n) picked.pop();
    }
  }
  return { entries: picked, pull };
}

export function sharedGenres(data: ListData, item: number, mask: number): string[] {
  const both = (data.itemGenreMask[item] & mask) >>> 0;
  return both ? genreNamesOf(data, item).filter((g) => mask & (1 << data.genres.indexOf(g))) : [];
}

export function sharedTags(data: ListData, a: number, b: number, n = 3): string[] {
  const other = new Set(data.itemTags[b].map((t) => t.toLowerCase()));
  return [...new Set(data.itemTags[a].filter((t) => other.has(t.toLowerCase())))].slice(0, n);
}

/**
 * "3 of the 7 people who loved Kikujiro loved this too", said as people would when they are few:
 * "The one person who loved …", "Both people who loved …", "All 3 people who loved …".
 */
export function lovedTooText(both: number, lovers: number, title: string, ending: string): string {
  if (lovers === 1) return `The one person who loved ${title} ${ending}`;
  if (both === lovers)
    return `${lovers === 2 ? 'Both' : `All ${lovers}`} people who loved ${title} ${ending}`;
  return `${both} of the ${lovers} people who loved ${title} ${ending}`;
}

/** A starter pick's reason: what makes it popular and well liked, in numbers. */
export function starterReason(data: ListData, item: number): Reason {
  const n = data.itemPopularity[item];
  const mean = data.itemMeanRating[item];
  const text =
    n > 0 && mean === mean
      ? `Popular and well liked: ${n.toLocaleString('en')} ratings, average ${mean.toFixed(1)}★`
      : 'Popular and well liked';
  return {
    text,
    because: [],
    sharedGenres: [],
    sharedTags: [],
    likeMindedLovers: null,
    kind: 'starter',
  };
}

/**
 * "liked A and disliked B": each movie under what the profile thought of it, at least 70% of the
 * scale's top liked, at most 40% disliked (a low rating pulls the default's scores the other way,
 * so a disliked movie behind an item means people who watch it tend not to watch that one); a
 * film marked seen was "watched", whatever its stand-in rating.
 */
function becauseText(
  named: Array<{ title: string; rating: number; seen: boolean }>,
  max: number,
): string {
  const groups = [
    { verb: 'liked', has: (r: number) => r >= max * 0.7 },
    { verb: 'disliked', has: (r: number) => r <= max * 0.4 },
    { verb: 'rated', has: (r: number) => r > max * 0.4 && r < max * 0.7 },
  ];
  return [
    ...groups.map(({ verb, has }) => ({
      verb,
      names: named.filter((b) => !b.seen && has(b.rating)).map((b) => b.title),
    })),
    { verb: 'watched', names: named.filter((b) => b.seen).map((b) => b.title) },
  ]
    .filter((g) => g.names.length > 0)
    .map((g) => `${g.verb} ${spokenList(g.names)}`)
    .join(' and ');
}

/**
 * A second rated movie is named only when it pulled at least this share of what the first did:
 * "because you liked The Shining and Halloween" overclaims when Halloween added 1% of The
 * Shining's pull to The Silence of the Lambs.
 */
const minShareOfFirstNamed = 1 / 3;

/**
 * The reason of a "for you" item: the rated movies that pulled it up most (the first, and a
 * second that pulled comparably), each said as liked, disliked or rated; a starter pick's reason
 * when none of the profile's ratings pulled it up (the caller also passes none when the movie
 * would make the list without their pull).
 */
export function forYouReason(
  data: ListData,
  item: number,
  because: BecauseEntry[],
  movies: Map<number, MovieSummary>,
  genres: string[],
): Reason {
  if (because.length === 0) return { ...starterReason(data, item), sharedGenres: genres };
  const named = because
    .slice(0, 2)
    .filter((b, k) => k === 0 || b.weight >= minShareOfFirstNamed * because[0].weight);
  const title = (b: BecauseEntry) => movies.get(b.movieId)?.title ?? `#${b.movieId}`;
  const said = named.map((b) => ({ title: title(b), rating: b.rating, seen: b.seen }));
  return {
    text: `Because you ${becauseText(said, data.model.scale.max)}`,
    because: named.map((b) => ({ movieId: b.movieId, title: title(b), weight: b.weight })),
    sharedGenres: genres,
    sharedTags: [],
    likeMindedLovers: null,
    kind: 'your-ratings',
  };
}
