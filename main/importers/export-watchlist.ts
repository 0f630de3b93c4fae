import path from 'node:path';
import type { WatchlistImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import type { JournalMark } from '../catalogue/import-journal';
import { titleKey } from '../catalogue/titles';
import { ImportError } from './errors';
import { exportDate, imdbKind } from './export-formats';
import { readHeadedCsv } from './headed-csv';
import { imdbId } from './ml-csv';
import { MovieMatcher } from './movie-matcher';
import type { ReadContext } from './read-file';
import type { ImportSource } from './sources';
import type { RowReader } from './text-rows';

/**
 * A watchlist file: Letterboxd's watchlist.csv, IMDb's WATCHLIST.csv. Only the name tells it from
 * Letterboxd's watched.csv, whose header is the same.
 */
export function isWatchlistFile(file: string): boolean {
  const name = path.posix.basename(file).toLowerCase();
  return name.endsWith('.csv') && name.includes('watchlist');
}

/** The source's watchlist file, if it has one (the shortest path: not a copy under deleted/). */
export function findWatchlistFile(source: ImportSource): string | null {
  const found = source.files.filter(isWatchlistFile).sort((a, b) => a.length - b.length);
  return found[0] ?? null;
}

/** One movie of a watchlist, before matching. */
interface WatchlistRow {
  line: number;
  title: string;
  year: number | null;
  imdbId: string | null;
  /** When it was put on the list, in milliseconds. */
  addedAt: number;
  /** The export rates it too (IMDb's lists carry "Your Rating"): seen, so no watchlist. */
  ratedThere: boolean;
  kind?: string;
}

interface WatchlistLayout {
  format: 'imdb' | 'letterboxd';
  recognise(columns: Map<string, number>): boolean;
  read(get: (name: string) => string | undefined, row: RowReader): WatchlistRow;
}

const WATCHLIST_LAYOUTS: WatchlistLayout[] = [
  {
    format: 'imdb',
    recognise: (c) => c.has('const') && c.has('title'),
    read: (get, row) => ({
      line: row.lineNo,
      title: row.textField(get('title'), 'title'),
      year: row.optionalInt(get('year'), 'year'),
      imdbId: get('const')?.trim() ? imdbId(get('const')!.trim()) : null,
      addedAt: exportDate(get('created'), row),
      ratedThere: (get('yourrating') ?? '').trim() !== '',
      ...imdbKind(get('titletype')),
    }),
  },
  {
    format: 'letterboxd',
    recognise: (c) => c.has('name') && (c.has('letterboxduri') || c.has('year')),
    read: (get, row) => ({
      line: row.lineNo,
      title: row.textField(get('name'), 'title'),
      year: row.optionalInt(get('year'), 'year'),
      imdbId: null,
      addedAt: exportDate(get('date'), row),
      ratedThere: false,
    }),
  },
];

export interface WatchlistFile {
  file: string;
  format: WatchlistLayout['format'];
  rows: WatchlistRow[];
}

/** Reads a watchlist file; a header of no known export is refused, naming the file and line. */
export async function readWatchlist(ctx: ReadContext, file: string): Promise<WatchlistFile> {
  const rows: WatchlistRow[] = [];
  const layout = await readHeadedCsv(
    ctx,
    file,
    (columns, fields) => {
      const found = WATCHLIST_LAYOUTS.find((l) => l.recognise(columns));
      if (found) return found;
      throw new ImportError(
        `not a known watchlist: the header is ${JSON.stringify(fields.join(','))}. Known ` +
          'watchlists: Letterboxd watchlist.csv (Date, Name, Year, Letterboxd URI); IMDb ' +
          'WATCHLIST.csv (Const, Created, Title, Year)',
        file,
        1,
      );
    },
    (found, get, row) => rows.push(found.read(get, row)),
  );
  return { file, format: layout.format, rows };
}

/** What importing a watchlist would do, and the marks to write. */
export interface WatchlistPlan {
  summary: WatchlistImportSummary;
  marks: JournalMark[];
}

/**
 * Matches each watchlist movie to the catalogue and plans to put it on the profile's watchlist,
 * unless it was rated (by the profile, by the same import: `ratedNow`, or on the list itself,
 * as IMDb's lists carry the person's rating) or the profile marked it already,
 * on its watchlist or "not interested": a mark of the person's own is never replaced. Each
 * movie keeps the date it was put on the exported list.
 */
export function planWatchlist(
  db: Db,
  profileId: number,
  watchlist: WatchlistFile,
  ratedNow: ReadonlySet<number>,
): WatchlistPlan {
  const matcher = new MovieMatcher(db);
  const rated = db
    .prepare('SELECT 1 FROM profile_ratings WHERE profile_id = ? AND movie_id = ?')
    .pluck();
  const markOf = db
    .prepare('SELECT mark FROM profile_movie_marks WHERE profile_id = ? AND movie_id = ?')
    .pluck();
  const summary: WatchlistImportSummary = {
    file: watchlist.file,
    rows: watchlist.rows.length,
    added: 0,
    alreadyOn: 0,
    notInterested: 0,
    rated: 0,
    unmatched: [],
  };
  const marks: JournalMark[] = [];
  const seen = new Set<number>();
  for (const row of watchlist.rows) {
    const movieId = matcher.match({
      key: titleKey(row.title),
      title: row.title,
      year: row.year,
      imdbId: row.imdbId,
    });
    if (movieId === undefined) {
      const { line, title, year, kind } = row;
      summary.unmatched.push({ line, title, year, rating: null, ...(kind ? { kind } : {}) });
      continue;
    }
    if (seen.has(movieId)) continue;
    seen.add(movieId);
    const mark = markOf.get(profileId, movieId) as string | undefined;
    if (row.ratedThere || rated.get(profileId, movieId) || ratedNow.has(movieId)) summary.rated++;
    else if (mark === 'watchlist') summary.alreadyOn++;
    else if (mark === 'not-interested') summary.notInterested++;
    else marks.push({ movieId, markedAt: row.addedAt });
  }
  summary.added = marks.length;
  return { summary, marks };
}
