import type { ProfileRating } from '../../../shared/domain';

export type RatingSort = 'date' | 'rating' | 'title';

export const ratingSortLabels: Record<RatingSort, string> = {
  date: 'Newest first',
  rating: 'Highest rated',
  title: 'Title A–Z',
};

/** Lower case without accents, so "amelie" finds "Amélie". */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The ratings the My ratings page shows: those whose title (or year) holds every word typed,
 * in the chosen order; ties newest first, then by title.
 */
export function visibleRatings(
  ratings: readonly ProfileRating[],
  query: string,
  sort: RatingSort,
): ProfileRating[] {
  const words = folded(query).split(/\s+/).filter(Boolean);
  const matches = ratings.filter((r) => {
    const text = folded(`${r.movie.title} ${r.movie.year ?? ''}`);
    return words.every((w) => text.includes(w));
  });
  const byTitle = (a: ProfileRating, b: ProfileRating) =>
    a.movie.title.localeCompare(b.movie.title, 'en', { sensitivity: 'base' });
  const byDate = (a: ProfileRating, b: ProfileRating) => b.ratedAt - a.ratedAt;
  const order: Record<RatingSort, (a: ProfileRating, b: ProfileRating) => number> = {
    date: (a, b) => byDate(a, b) || byTitle(a, b),
    rating: (a, b) => b.rating - a.rating || byDate(a, b) || byTitle(a, b),
    title: (a, b) => byTitle(a, b) || byDate(a, b),
  };
  return [...matches].sort(order[sort]);
}
