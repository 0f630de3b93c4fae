import type { Request, Response } from '../../shared/api';
import type { MovieSummary } from '../../shared/domain';

/** search.movies over movies in memory: title substring, genre, years, sort and paging. */
export function fakeSearch(
  movies: MovieSummary[],
  request: Request<'search.movies'>,
): Response<'search.movies'> {
  const { query, genre, yearFrom, yearTo, sort = 'relevance', offset = 0, limit = 20 } = request;
  const typed = query.toLowerCase();
  const found = movies.filter(
    (m) =>
      (m.title.toLowerCase().includes(typed) ||
        (m.originalTitle ?? '').toLowerCase().includes(typed)) &&
      (!genre || m.genres.includes(genre)) &&
      (yearFrom === undefined || (m.year ?? 0) >= yearFrom) &&
      (yearTo === undefined || (m.year ?? 9999) <= yearTo),
  );
  const by: Record<string, (m: MovieSummary) => number> = {
    year: (m) => m.year ?? 0,
    rating: (m) => m.averageRating ?? 0,
    popularity: (m) => m.ratingCount,
  };
  const key = by[sort];
  if (key) found.sort((a, b) => key(b) - key(a));
  return {
    movies: found.slice(offset, offset + limit),
    total: found.length,
    totalExact: true,
  };
}
