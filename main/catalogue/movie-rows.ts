import type { MovieSummary } from '../../shared/domain';
import { splitDisplayTitle } from './titles';

/** The movie columns every summary query selects, with `m` as the movies alias. */
export const SUMMARY_COLUMNS = 'm.id, m.title, m.year, m.genres, m.rating_count, m.rating_sum_half';

export interface MovieSummaryRow {
  id: number;
  title: string;
  year: number | null;
  genres: string;
  rating_count: number;
  rating_sum_half: number;
}

/** A summary row as the API shows it: the display title, with any original title beside it. */
export function toMovieSummary(row: MovieSummaryRow): MovieSummary {
  const { title, originalTitle } = splitDisplayTitle(row.title);
  return {
    id: row.id,
    title,
    ...(originalTitle ? { originalTitle } : {}),
    year: row.year,
    genres: row.genres ? row.genres.split('|') : [],
    ratingCount: row.rating_count,
    averageRating:
      row.rating_count > 0
        ? Math.round((row.rating_sum_half / row.rating_count / 2) * 100) / 100
        : null,
  };
}
