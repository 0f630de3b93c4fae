import { matchPercent, type ListData } from './list-data';
import type { Person } from './person';
import { personScorer } from './scorer';

/** How one of the asked movies stands on the profile's For you list. */
export interface MovieStanding {
  movieId: number;
  /** As on its For you card; null once rated (or not interested), or before any rating. */
  match: number | null;
  predictedRating: number | null;
  /** Its place among the movies For you ranks (1 = first); null once rated. */
  rank: number | null;
  /** The profile rated it (or marked it not interested): it has left For you. */
  rated: boolean;
}

/**
 * Where each of many movies (a watchlist) stands on the profile's For you list, in one scoring:
 * the match and predicted stars its card would show and its place, as forMovie gives them one
 * movie at a time. A movie the release lacks has no standing (nulls).
 */
export function forMovies(
  data: ListData,
  person: Person,
  movieIds: readonly number[],
): { movies: MovieStanding[]; of: number } {
  const rated = person.rated;
  const scores = data.scratch;
  const scorer = personScorer(data.model, person.history, person.state);
  scorer.scoreAll(scores);
  const unratedScores: number[] = [];
  for (let i = 0; i < data.nItems; i++) if (rated[i] === 0) unratedScores.push(scores[i]);
  const descending = Float64Array.from(unratedScores).sort().reverse();
  const n = person.history.items.length;
  const itemOf = movieIds.map((movieId) => data.itemOf.get(movieId));
  const items = itemOf.map((item) => (item === undefined || rated[item] === 1 ? undefined : item));
  const known = items.filter((i): i is number => i !== undefined);
  const predicted =
    n > 0 && scorer.predictRatings ? scorer.predictRatings(Int32Array.from(known)) : null;
  let k = 0;
  const movies = movieIds.map((movieId, at): MovieStanding => {
    const item = items[at];
    if (item === undefined) {
      const known = itemOf[at];
      return {
        movieId,
        match: null,
        predictedRating: null,
        rank: null,
        rated: known !== undefined && rated[known] === 1,
      };
    }
    const value = scores[item];
    return {
      movieId,
      match: matchPercent(data, value, n),
      predictedRating: predicted ? predicted[k++] : null,
      rank: 1 + countAbove(descending, value),
      rated: false,
    };
  });
  return { movies, of: descending.length };
}

/** How many of the descending scores are above `value`. */
function countAbove(descending: Float64Array, value: number): number {
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (descending[mid] > value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
