import { oneCopyEach } from './film-copies';
import { matchPercent, type ListData } from './list-data';
import type { Person } from './person';
import { personScorer } from './scorer';

/** How one of the asked movies stands on the profile's For you list. */
export interface MovieStanding {
  movieId: number;
  /** As on its For you card; null once rated (or seen, or not interested), or before any rating. */
  match: number | null;
  predictedRating: number | null;
  /** Its place among the movies For you ranks (1 = first); null once rated. */
  rank: number | null;
  /** The profile rated it (or marked it seen or not interested): it has left For you. */
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
  const rated = person.ratedFilms;
  const scores = data.scratch;
  const scorer = personScorer(data.model, person.history, person.state);
  scorer.scoreAll(scores);
  const n = person.history.items.length;
  const itemOf = movieIds.map((movieId) => data.itemOf.get(movieId));
  const items = itemOf.map((item) => (item === undefined || rated[item] === 1 ? undefined : item));
  const known = items.filter((i): i is number => i !== undefined);
  const predicted =
    n > 0 && scorer.predictRatings ? scorer.predictRatings(Int32Array.from(known)) : null;
  const { above, of } = unratedAbove(
    scores,
    oneCopyEach(data, scores, (i) => rated[i] === 0),
    known.map((i) => scores[i]),
  );
  let k = 0;
  const movies = movieIds.map((movieId, at): MovieStanding => {
    const item = items[at];
    if (item === undefined) {
      const listed = itemOf[at];
      return {
        movieId,
        match: null,
        predictedRating: null,
        rank: null,
        rated: listed !== undefined && person.rated[listed] === 1,
      };
    }
    const value = scores[item];
    return {
      movieId,
      match: matchPercent(data, value, n),
      predictedRating: predicted ? predicted[k++] : null,
      rank: 1 + (above.get(value) as number),
      rated: false,
    };
  });
  return { movies, of };
}

/**
 * For each of the asked scores, how many unrated movies score above it, in one pass over the
 * catalogue with a binary search among the few asked scores (sorting every score would cost
 * more); and how many movies are unrated.
 */
function unratedAbove(
  scores: Float32Array,
  unrated: (i: number) => boolean,
  asked: number[],
): { above: Map<number, number>; of: number } {
  const values = Float64Array.from(asked).sort();
  // counts[j]: unrated scores above values[j] and not above values[j + 1], summed from the top.
  const counts = new Float64Array(values.length + 1);
  let of = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!unrated(i)) continue;
    of++;
    const s = scores[i];
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    // s is above values[0 .. lo - 1]
    counts[lo]++;
  }
  const above = new Map<number, number>();
  let total = 0;
  for (let j = values.length - 1; j >= 0; j--) {
    total += counts[j + 1];
    above.set(values[j], total);
  }
  return { above, of };
}
