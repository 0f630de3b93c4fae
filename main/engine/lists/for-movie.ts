import { forYouMost, type Reason, type RecommendedMovie } from '../../../shared/domain';
import { oneCopyEach, unsetFilms } from './film-copies';
import { matchPercent, type ListData } from './list-data';
import type { MovieLookup, Person } from './person';
import { explainer, namingBar, ratingsBehind } from './ratings-behind';
import { forYouReason, sharedGenres } from './reasons';
import { personScorer } from './scorer';
import { UnknownMovieError } from './unknown-movie';

/** One movie as the profile's For you list sees it, and where that list would put it. */
export interface ForMovie {
  /** Its card: the match, predicted stars and reason For you would show; null once rated. */
  item: RecommendedMovie | null;
  /** Its place among the movies For you ranks (1 = first); null once rated. */
  rank: number | null;
  /** How many movies For you ranks: those the profile has not rated. */
  of: number;
}

const farDownReason: Reason = {
  text: `Your ratings put it far down your list, beyond the ${forYouMost} it can show`,
  because: [],
  sharedGenres: [],
  sharedTags: [],
  likeMindedLovers: null,
  kind: 'your-ratings',
};

/**
 * "How much would I like this?" for the movie page: the same score, match, predicted stars and
 * reason as the movie's card on the profile's For you list, with its place in that list (beyond
 * the list's reach, the reason says so instead of naming movies). A movie
 * the profile rated (or marked not interested) has none: its own rating says it.
 */
export function forMovie(
  data: ListData,
  person: Person,
  lookup: MovieLookup,
  movieId: number,
): ForMovie {
  const item = data.itemOf.get(movieId);
  if (item === undefined) throw new UnknownMovieError(movieId);
  const rated = person.ratedFilms;
  const of = unsetFilms(data, rated);
  if (rated[item] === 1) return { item: null, rank: null, of };
  const scores = data.scratch;
  const scorer = personScorer(data.model, person.history, person.state);
  scorer.scoreAll(scores);
  const unrated = oneCopyEach(data, scores, (i) => rated[i] === 0);
  const value = scores[item];
  // For you's order: score, then the lower id first.
  let rank = 1;
  for (let i = 0; i < data.nItems; i++)
    if (i !== item && unrated(i) && (scores[i] > value || (scores[i] === value && i < item)))
      rank++;
  const n = person.history.items.length;
  if (n === 0) return { item: null, rank, of };
  // "Because you liked …" would explain a high place it does not have.
  const far = rank > forYouMost;
  // Named as on its card on the profile's For you list (unfiltered).
  const explain = explainer(data, person);
  const because = far
    ? []
    : ratingsBehind(data, { id: item, value }, explain, namingBar(data, scores, unrated, explain));
  const movies = lookup([movieId, ...because.map((b) => b.movieId)]);
  const movie = movies.get(movieId);
  if (!movie) return { item: null, rank, of };
  return {
    item: {
      movie,
      score: value,
      match: matchPercent(data, value, n),
      predictedRating: scorer.predictRatings ? scorer.predictRatings(Int32Array.of(item))[0] : null,
      reason: far
        ? farDownReason
        : forYouReason(
            data,
            item,
            because,
            movies,
            sharedGenres(data, item, person.favouriteGenres),
          ),
    },
    rank,
    of,
  };
}
