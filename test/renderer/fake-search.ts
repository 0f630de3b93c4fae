import type { Request, Response } from '../../shared/api';
import type { MovieSummary } from '../../shared/domain';

/**
 * search.movies over movies in memory: title substring, genre, years, sort and paging; like the
 * service, says how many titles match without the filters when they leave none.
 */
export function fakeSearch(
  movies: MovieSummary[],
  request: Request<'search.movies'>,
): Response<'search.movies'> {
  const { query, genre, yearFrom, yearTo, sort = 'relevance', offset = 0, limit = 20 } = request;
  const typed = query.toLowerCase();
  const titled = movies.filter(
    (m) =>
      m.title.toLowerCase().includes(typed) ||
      (m.originalTitle ?? '').toLowerCase().includes(typed),
  );
  const found = titled.filter(
    (m) =>
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
    ...(found.length === 0 &&
    titled.length > 0 &&
    typed &&
    (genre || yearFrom !== undefined || yearTo !== undefined)
      ? { withoutFilters: titled.length }
      : {}),
  };
}
