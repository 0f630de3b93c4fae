import { similarMinRatings, type RecommendedMovie } from '../../../shared/domain';
import { topKWithTies } from '../validation/list-split';
import { dropCopiesOf, oneCopyEach } from './film-copies';
import type { ListData } from './list-data';
import { mixDatasetCoLove, similarCoLoveShare } from './also-loved';
import { lovedThreshold, type MovieLookup } from './person';
import { lovedTooText, sharedTags } from './reasons';
import { UnknownMovieError } from './unknown-movie';

/*
 * "Similar movies": the model's own item-to-item similarity where it has one (the default model:
 * EASE item weights chosen on protocol D's long-tail precision), else the cosine of the movie
 * vectors shrunk by rating count (sim · n/(n+shrink)), mixed with how many of the seed's fans
 * loved each movie, discounted by how many people love it anyway (mixDatasetCoLove), among movies
 * with at least similarMinRatings dataset ratings. Each reason says why in terms of people: how
 * many of those who loved the seed loved this movie too.
 */

/**
 * The model's own similarity of every movie to `seed` into `out`; −∞ for the seed and movies never
 * to list.
 */
export function similarityTo(data: ListData, seed: number, out: Float32Array): void {
  const { model } = data;
  if (model.similarItems) {
    model.similarItems(seed, out);
  } else {
    const d = model.dim;
    data.itemCosine.into(data.unitItems.subarray(seed * d, seed * d + d), out);
    const shrink = data.similarityShrink;
    if (shrink) for (let i = 0; i < data.nItems; i++) out[i] *= shrink[i];
  }
  out[seed] = -Infinity;
  dropCopiesOf(data, seed, out);
}

/**
 * The `limit` movies most similar to `seed`, best first, none where `exclude` is set and none
 * with fewer than similarMinRatings dataset ratings (when the list data has a dataset); ties by
 * dataset popularity, then movieId (as protocol D ranks them).
 */
export function similarItems(
  data: ListData,
  seed: number,
  limit: number,
  exclude?: Uint8Array,
  coLoveShare = similarCoLoveShare,
): { id: number; value: number }[] {
  const scores = data.scratch;
  similarityTo(data, seed, scores);
  const popularity = data.itemPopularity;
  const minRatings = data.similarityShrink ? similarMinRatings : 0;
  const listable = (i: number) => scores[i] > -Infinity && popularity[i] >= minRatings;
  mixDatasetCoLove(data, seed, scores, listable, coLoveShare);
  const top = topKWithTies(
    scores,
    limit,
    popularity,
    data.model.movieIds,
    oneCopyEach(data, scores, (i) => listable(i) && (!exclude || exclude[i] === 0)),
  );
  return Array.from(top, (id) => ({ id, value: scores[id] }));
}

/**
 * For each of `items`, how many of the dataset users who loved `seed` loved it too; and how many
 * did. Merges the movies' rows of dataset ratings (users ascending), so a list costs the rows of
 * its movies, never the histories of everyone who loved the seed.
 */
function coLovers(
  data: ListData,
  seed: number,
  items: readonly number[],
): { counts: Map<number, number>; lovers: number } {
  const counts = new Map<number, number>();
  const { byItem } = data;
  if (!byItem) return { counts, lovers: 0 };
  const loveHalf = lovedThreshold(data) * 2;
  const { start, cols, halfStars } = byItem;
  let lovers = 0;
  for (let p = start[seed]; p < start[seed + 1]; p++) if (halfStars[p] >= loveHalf) lovers++;
  for (const item of items) {
    let both = 0;
    let a = start[seed];
    let b = start[item];
    while (a < start[seed + 1] && b < start[item + 1]) {
      if (cols[a] < cols[b]) a++;
      else if (cols[a] > cols[b]) b++;
      else {
        if (halfStars[a] >= loveHalf && halfStars[b] >= loveHalf) both++;
        a++;
        b++;
      }
    }
    counts.set(item, both);
  }
  return { counts, lovers };
}

export function similarMovies(
  data: ListData,
  movieId: number,
  lookup: MovieLookup,
  limit: number,
  /** Items never to list (a profile's not-interested movies). */
  exclude?: Uint8Array,
): RecommendedMovie[] {
  const seed = data.itemOf.get(movieId);
  if (seed === undefined) throw new UnknownMovieError(movieId);
  const top = similarItems(data, seed, limit, exclude);
  const { counts, lovers } = coLovers(
    data,
    seed,
    top.map((t) => t.id),
  );
  const ids = top.map((t) => data.model.movieIds[t.id]);
  const movies = lookup([movieId, ...ids]);
  const seedMovie = movies.get(movieId);
  const seedTitle = seedMovie?.title ?? `#${movieId}`;
  const seedGenres = new Set(seedMovie?.genres ?? []);
  const closest = top.length > 0 && top[0].value > 0 ? top[0].value : 1;
  // Nobody in the release the lists read rated the seed: the model learnt its neighbours from
  // other ratings (it was trained on another release), so "the same people" are not these.
  const sameRaters =
    data.itemPopularity[seed] > 0
      ? `Rated by the same people as ${seedTitle}`
      : `Rated by the same people as ${seedTitle} in the ratings the model learnt from`;
  const out: RecommendedMovie[] = [];
  top.forEach((t, k) => {
    const movie = movies.get(ids[k]);
    if (!movie) return;
    const genres = movie.genres.filter((g) => seedGenres.has(g));
    const tags = sharedTags(data, seed, t.id);
    const both = counts.get(t.id) ?? 0;
    const text =
      lovers > 0 && both > 0
        ? lovers >= 10
          ? `Loved by ${Math.round((100 * both) / lovers)}% of the ${lovers} people who loved ${seedTitle}`
          : lovedTooText(both, lovers, seedTitle, 'loved this too')
        : sameRaters;
    out.push({
      movie,
      score: t.value,
      match: Math.round((100 * Math.max(0, t.value)) / closest),
      predictedRating: null,
      reason: {
        text,
        because: [{ movieId, title: seedTitle, weight: t.value }],
        sharedGenres: genres,
        sharedTags: tags,
        likeMindedLovers: lovers > 0 ? both : null,
        kind: 'people',
      },
    });
  });
  return out;
}
