import { parseMovieLensTitle } from '../catalogue/titles';
import { ratedAtOf } from './export-date';
import { imdbId } from './ml-csv';
import type { RowReader } from './text-rows';
import { offScaleProblem } from './rating-scale';

export type ExportFormat = 'movielens' | 'imdb' | 'letterboxd';

/** One rating from a personal export, before matching. */
export interface ExportRow {
  line: number;
  title: string;
  year: number | null;
  /** Stars, half-star steps from 0.5 to 5. */
  rating: number;
  /** Milliseconds since the epoch (now where the export gives no date). */
  ratedAt: number;
  /** The export gives the rating no date: it is never the newer one in a conflict. */
  undated?: true;
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
  /** The rating columns' normalised names: a file with none of them has nothing to import. */
  ratingColumns: string[];
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
  const expected = scale === 'ten' ? 'whole numbers from 1 to 10' : 'half stars from 0.5 to 5';
  if (!Number.isFinite(n)) row.fail(`rating "${value.trim()}" is not a number (${expected})`);
  if (scale === 'ten') {
    if (!Number.isInteger(n) || n < 1 || n > 10)
      row.fail(offScaleProblem(value, n, { min: 1, max: 10, steps: 'whole numbers' }));
    return n / 2;
  }
  if (!Number.isFinite(n) || n < 0.5 || n > 5 || !Number.isInteger(n * 2)) {
    row.fail(offScaleProblem(value, n, { min: 0.5, max: 5, steps: 'half stars' }));
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
    ratingColumns: ['yourrating'],
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
        ...ratedAtOf(get('daterated'), row),
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
    // What Letterboxd imports, and what tools write when moving a history from another service.
    format: 'letterboxd',
    describe:
      "Letterboxd's import format (Title, Year, Rating or Rating10, WatchedDate, imdbID, tmdbID)",
    ratingColumns: ['rating', 'rating10'],
    recognise: (c) => c.has('title') && !c.has('name') && !c.has('movieid') && !c.has('const'),
    read(get, row) {
      const rating =
        halfStars(get('rating'), row, 'stars') ?? halfStars(get('rating10'), row, 'ten');
      if (rating === null) return null;
      const imdb = get('imdbid')?.trim();
      return {
        line: row.lineNo,
        title: row.textField(get('title'), 'title'),
        year: optionalYear(get('year'), row),
        rating,
        ...ratedAtOf(get('watcheddate'), row),
        imdbId: imdb ? imdbId(imdb) : null,
        tmdbId: row.optionalInt(get('tmdbid'), 'tmdbID'),
      };
    },
  },
  {
    format: 'letterboxd',
    describe: 'Letterboxd ratings.csv (Date, Name, Year, Letterboxd URI, Rating)',
    ratingColumns: ['rating'],
    recognise: (c) => c.has('letterboxduri') || (c.has('name') && c.has('rating') && c.has('date')),
    read(get, row) {
      const rating = halfStars(get('rating'), row, 'stars');
      if (rating === null) return null;
      return {
        line: row.lineNo,
        title: row.textField(get('name'), 'title'),
        year: optionalYear(get('year'), row),
        rating,
        ...ratedAtOf(get('date'), row),
      };
    },
  },
  {
    format: 'movielens',
    describe:
      'movielens.org ratings export (movie_id, imdb_id, tmdb_id, rating, average_rating, title, ...)',
    ratingColumns: ['rating'],
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
        ...ratedAtOf(get('createdat') ?? get('timestamp') ?? get('ratedat') ?? get('date'), row),
        movieId: row.optionalInt(get('movieid'), 'movie_id'),
        imdbId: imdb ? imdbId(imdb) : null,
        tmdbId: row.optionalInt(get('tmdbid'), 'tmdb_id'),
      };
    },
  },
];
