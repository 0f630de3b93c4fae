import type { MovieSummary } from '../../shared/domain';

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

export function toMovieSummary(row: MovieSummaryRow): MovieSummary {
  return {
    id: row.id,
    title: row.title,
    year: row.year,
    genres: row.genres ? row.genres.split('|') : [],
    ratingCount: row.rating_count,
    averageRating:
      row.rating_count > 0
        ? Math.round((row.rating_sum_half / row.rating_count / 2) * 100) / 100
        : null,
  };
}
