import type { RecommendedMovie } from '../../../shared/domain';
import type { ListData } from './list-data';
import { lovedThreshold, type MovieLookup } from './person';
import { lovedTooText } from './reasons';
import { UnknownMovieError } from './similar-movies';
import { topKOf } from './top-k';

/**
 * "People who loved this also loved": dataset users who loved the movie (4 of 5 and up), and
 * the other movies most of them loved, ranked by the share of those users (with a small
 * shrinkage so that one shared fan is not a 100% match). `exclude` hides movies (e.g. the
 * asking profile's rated ones).
 */
export function alsoLoved(
  data: ListData,
  movieId: number,
  lookup: MovieLookup,
  limit: number,
  exclude?: Uint8Array,
): RecommendedMovie[] {
  const seed = data.itemOf.get(movieId);
  if (seed === undefined) throw new UnknownMovieError(movieId);
  const { byItem, byUser } = data;
  if (!byItem || !byUser) return [];
  const love = lovedThreshold(data);
  const counts = data.scratch.fill(0);
  let lovers = 0;
  for (let p = byItem.start[seed]; p < byItem.start[seed + 1]; p++) {
    if (byItem.values[p] < love) continue;
    lovers++;
    const u = byItem.cols[p];
    for (let q = byUser.start[u]; q < byUser.start[u + 1]; q++)
      if (byUser.values[q] >= love) counts[byUser.cols[q]]++;
  }
  counts[seed] = 0;
  if (lovers === 0) return [];
  const top = topKOf(counts, limit, (i) => counts[i] > 0 && (!exclude || exclude[i] === 0));
  const ids = top.map((t) => data.model.movieIds[t.id]);
  const movies = lookup([movieId, ...ids]);
  const title = movies.get(movieId)?.title ?? `#${movieId}`;
  const out: RecommendedMovie[] = [];
  top.forEach((t, k) => {
    const movie = movies.get(ids[k]);
    if (!movie) return;
    const n = t.value;
    out.push({
      movie,
      score: n / (lovers + 2),
      match: null,
      predictedRating: null,
      reason: {
        text: lovedTooText(n, lovers, title, 'also loved this'),
        because: [{ movieId, title, weight: n / lovers }],
        sharedGenres: [],
        sharedTags: [],
        likeMindedLovers: n,
        kind: 'people',
      },
    });
  });
  return out;
}
