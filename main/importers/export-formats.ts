import { parseMovieLensTitle } from '../catalogue/titles';
import { exportDate } from './export-date';
import { imdbId } from './ml-csv';
import type { RowReader } from './text-rows';

export type ExportFormat = 'movielens' | 'imdb' | 'letterboxd';

/** One rating from a personal export, before matching. */
export interface ExportRow {
  line: number;
  title: string;
  year: number | null;
  /** Stars, half-star steps from 0.5 to 5. */
  rating: number;
  /** Milliseconds since the epoch. */
  ratedAt: number;
  movieId?: number | null;
  imdbId?: string | null;
  tmdbId?: number | null;
  people?: string[];
  /** What the export says the title is when it is no film (IMDb's title type), e.g. "TV series". */
  kind?: string;
}

export interface ExportLayout {
  format: ExportFormat;
  describe: string;
  /** The rating column's normalised name: a file without it has nothing to import. */
  ratingColumn: string;
  /** Whether a header (normalised names) is this export's. */
  recognise(columns: Map<string, number>): boolean;
  /** Reads one data row; returns null for rows that carry no rating. */
  read(get: (name: string) => string | undefined, row: RowReader): ExportRow | null;
}

/**
 * IMDb's title types that are no films (older exports write "tvSeries", newer "TV Series"). Such a
 * row is still matched (MovieLens lists some mini series, e.g. John Adams, 2008); when it matches
 * nothing, the summary says what it is.
 */
const imdbNotFilms: Record<string, string> = {
  tvseries: 'TV series',
  tvminiseries: 'TV mini series',
  tvepisode: 'TV episode',
  videogame: 'video game',
  podcastseries: 'podcast',
  podcastepisode: 'podcast episode',
};

export function imdbKind(titleType: string | undefined): { kind?: string } {
  const kind = imdbNotFilms[(titleType ?? '').toLowerCase().replace(/[^a-z]/g, '')];
  return kind ? { kind } : {};
}

function halfStars(
  value: string | undefined,
  row: RowReader,
  scale: 'stars' | 'ten',
): number | null {
  if (value === undefined || value.trim() === '') return null;
  // "4,5": a spreadsheet that writes decimal commas saved the file (with semicolons between fields).
  const n = Number(value.trim().replace(/^(\d+),(\d+)$/, '$1.$2'));
  const expected = scale === 'ten' ? "IMDb's whole numbers 1 to 10" : 'half stars from 0.5 to 5';
  if (!Number.isFinite(n)) row.fail(`rating "${value.trim()}" is not a number (${expected})`);
  if (scale === 'ten') {
    if (!Number.isInteger(n) || n < 1 || n > 10)
      row.fail(`rating ${value} is outside IMDb's scale (whole numbers 1 to 10)`);
    return n / 2;
  }
  if (!Number.isFinite(n) || n < 0.5 || n > 5 || !Number.isInteger(n * 2)) {
    row.fail(`rating ${value} is outside the scale (half stars from 0.5 to 5)`);
  }
  return n;
}

function optionalYear(value: string | undefined, row: RowReader): number | null {
  return row.optionalInt(value, 'year');
}

export const EXPORT_LAYOUTS: ExportLayout[] = [
  {
    format: 'imdb',
    describe: 'IMDb "Your ratings" (Const, Your Rating, Date Rated, Title, Year, Directors)',
    ratingColumn: 'yourrating',
    recognise: (c) => c.has('const') && c.has('yourrating'),
    read(get, row) {
      const rating = halfStars(get('yourrating'), row, 'ten');
      if (rating === null) return null;
      const directors = get('directors')?.trim();
      return {
        line: row.lineNo,
        title: row.textField(get('title'), 'title'),
        year: optionalYear(get('year'), row),
        rating,
        ratedAt: exportDate(get('daterated'), row),
        imdbId: get('const')?.trim() ? imdbId(get('const')!.trim()) : null,
        ...imdbKind(get('titletype')),
        people: directors
          ? directors
              .split(',')
              .map((d) => d.trim())
              .filter(Boolean)
          : [],
      };
    },
  },
  {
    format: 'letterboxd',
    describe: 'Letterboxd ratings.csv (Date, Name, Year, Letterboxd URI, Rating)',
    ratingColumn: 'rating',
    recognise: (c) => c.has('letterboxduri') || (c.has('name') && c.has('rating') && c.has('date')),
    read(get, row) {
      const rating = halfStars(get('rating'), row, 'stars');
      if (rating === null) return null;
      return {
        line: row.lineNo,
        title: row.textField(get('name'), 'title'),
        year: optionalYear(get('year'), row),
        rating,
        ratedAt: exportDate(get('date'), row),
      };
    },
  },
  {
    format: 'movielens',
    describe:
      'movielens.org ratings export (movie_id, imdb_id, tmdb_id, rating, average_rating, title, ...)',
    ratingColumn: 'rating',
    recognise: (c) => c.has('movieid') && c.has('rating'),
    read(get, row) {
      const rating = halfStars(get('rating'), row, 'stars');
      if (rating === null) return null;
      const rawTitle = row.textField(get('title'), 'title');
      const parsed = parseMovieLensTitle(rawTitle);
      const imdb = get('imdbid')?.trim();
      return {
        line: row.lineNo,
        title: parsed.title,
        year: parsed.year ?? optionalYear(get('year'), row),
        rating,
        ratedAt: exportDate(
          get('createdat') ?? get('timestamp') ?? get('ratedat') ?? get('date'),
          row,
        ),
        movieId: row.optionalInt(get('movieid'), 'movie_id'),
        imdbId: imdb ? imdbId(imdb) : null,
        tmdbId: row.optionalInt(get('tmdbid'), 'tmdb_id'),
      };
    },
  },
];
