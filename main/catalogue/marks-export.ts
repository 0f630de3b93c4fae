import { csvField } from './csv-field';
import type { Db } from './db';

/**
 * The columns of IMDb's list export (WATCHLIST.csv), which the importers read back, matching each
 * row by its IMDb id, else by title and year; `tmdbID` is for readers that match by TMDB's.
 */
export const MARKS_EXPORT_HEADER = 'Const,Created,Title,Year,tmdbID';

/** The marks a profile may take elsewhere: its watchlist and the films it saw but did not rate. */
export type ExportedMark = 'watchlist' | 'seen';

/**
 * The profile's watchlist, or its films marked seen and not rated since (a rated film is in the
 * ratings export), as a CSV in IMDb's list layout, oldest first; `Created` keeps the full time
 * the mark was given (ISO 8601, UTC), so an import puts each back as it was.
 */
export function exportMarkedMoviesCsv(db: Db, profileId: number, mark: ExportedMark): string {
  const rows = db
    .prepare(
      `SELECT m.imdb_id, m.tmdb_id, m.title, m.year, k.marked_at
       FROM profile_movie_marks k JOIN movies m ON m.id = k.movie_id
       WHERE k.profile_id = ? AND k.mark = ? AND NOT (k.mark = 'seen' AND EXISTS
         (SELECT 1 FROM profile_ratings r WHERE r.profile_id = k.profile_id AND r.movie_id = k.movie_id))
       ORDER BY k.marked_at, m.id`,
    )
    .all(profileId, mark) as {
    imdb_id: string | null;
    tmdb_id: number | null;
    title: string;
    year: number | null;
    marked_at: number;
  }[];
  const lines = [MARKS_EXPORT_HEADER];
  for (const r of rows) {
    lines.push(
      [
        r.imdb_id ?? '',
        new Date(r.marked_at).toISOString(),
        csvField(r.title),
        r.year === null ? '' : String(r.year),
        r.tmdb_id === null ? '' : String(r.tmdb_id),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
