import type { RecommendedMovie } from '../../../shared/domain';
import type { ListData } from './list-data';
import type { MovieLookup } from './person';
import { sharedTags } from './reasons';
import { topKOf } from './top-k';

/**
 * "Similar movies": the nearest movies by cosine of the model's movie vectors. Cosine is shrunk
 * by rating count (sim · n/(n+shrink), factors precomputed in list-data), as item-kNN does, so
 * that a movie seen twice does not outrank well-known neighbours on noise; without dataset
 * counts no shrinkage applies.
 */
export class UnknownMovieError extends Error {
  constructor(readonly movieId: number) {
    super(`movie ${movieId} is not known to the model`);
    this.name = 'UnknownMovieError';
  }
}

export function similarMovies(
  data: ListData,
  movieId: number,
  lookup: MovieLookup,
  limit: number,
): RecommendedMovie[] {
  const seed = data.itemOf.get(movieId);
  if (seed === undefined) throw new UnknownMovieError(movieId);
  const d = data.model.dim;
  const scores = data.scratch;
  data.itemCosine.into(data.unitItems.subarray(seed * d, seed * d + d), scores);
  const shrink = data.similarityShrink;
  if (shrink) for (let i = 0; i < data.nItems; i++) scores[i] *= shrink[i];
  scores[seed] = -Infinity;
  const top = topKOf(scores, limit);
  const ids = top.map((t) => data.model.movieIds[t.id]);
  const movies = lookup([movieId, ...ids]);
  const seedMovie = movies.get(movieId);
  const seedTitle = seedMovie?.title ?? `#${movieId}`;
  const seedGenres = new Set(seedMovie?.genres ?? []);
  const out: RecommendedMovie[] = [];
  top.forEach((t, k) => {
    const movie = movies.get(ids[k]);
    if (!movie) return;
    const genres = movie.genres.filter((g) => seedGenres.has(g));
    const tags = sharedTags(data, seed, t.id);
    const shared = [...genres.slice(0, 3), ...tags.slice(0, 2)];
    out.push({
      movie,
      score: t.value,
      predictedRating: null,
      reason: {
        text:
          shared.length > 0
            ? `Like ${seedTitle}: ${shared.join(', ')}`
            : `Liked by the same people as ${seedTitle}`,
        because: [{ movieId, title: seedTitle, weight: t.value }],
        sharedGenres: genres,
        sharedTags: tags,
        likeMindedLovers: null,
      },
    });
  });
  return out;
}
