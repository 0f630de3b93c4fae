import { csvField } from './csv-field';
import type { Db } from './db';

/** The columns of a movielens.org ratings export, which the importers read back. */
export const RATINGS_EXPORT_HEADER =
  'movie_id,imdb_id,tmdb_id,rating,average_rating,title,genres,created_at';

interface ExportedRating {
  movie_id: number;
  local_release_id: number | null;
  imdb_id: string | null;
  tmdb_id: number | null;
  rating_half: number;
  rated_at: number;
  rating_count: number;
  rating_sum_half: number;
  title: string;
  year: number | null;
  genres: string;
}

/**
 * The profile's ratings as a self-sufficient export in the movielens.org layout: each row names
 * its movie by MovieLens id (only where the catalogue's id is one: not for movies known only from
 * ml-100k), IMDb and TMDB id and "Title (Year)", so another catalogue can match it; `created_at`
 * keeps the full time, milliseconds included (ISO 8601, UTC). Oldest first.
 */
export function exportProfileRatingsCsv(db: Db, profileId: number): string {
  const rows = db
    .prepare(
      `SELECT r.movie_id, m.local_release_id, m.imdb_id, m.tmdb_id, r.rating_half, r.rated_at,
              m.rating_count, m.rating_sum_half, m.title, m.year, m.genres
       FROM profile_ratings r JOIN movies m ON m.id = r.movie_id
       WHERE r.profile_id = ? ORDER BY r.rated_at, r.movie_id`,
    )
    .all(profileId) as ExportedRating[];
  const lines = [RATINGS_EXPORT_HEADER];
  for (const r of rows) {
    lines.push(
      [
        r.local_release_id === null ? String(r.movie_id) : '',
        r.imdb_id ?? '',
        r.tmdb_id === null ? '' : String(r.tmdb_id),
        (r.rating_half / 2).toFixed(1),
        r.rating_count > 0 ? (r.rating_sum_half / 2 / r.rating_count).toFixed(2) : '',
        csvField(r.year === null ? r.title : `${r.title} (${r.year})`),
        csvField(r.genres),
        new Date(r.rated_at).toISOString(),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
