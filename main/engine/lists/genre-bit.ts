import type { ListData } from './list-data';

/**
 * The genre's bit in `itemGenreMask` (case aside): 0 for any genre, null for one the catalogue
 * has not (or past the mask's 32), whose list is empty.
 */
export function genreBitOf(data: ListData, genre: string | undefined): number | null {
  if (genre === undefined) return 0;
  const g = data.genres.findIndex((x) => x.toLowerCase() === genre.toLowerCase());
  return g < 0 || g >= 32 ? null : 1 << g;
}
