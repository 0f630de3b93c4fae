import path from 'node:path';
import type { ListImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import type { JournalMark } from '../catalogue/import-journal';
import { titleKey } from '../catalogue/titles';
import { ImportError } from './errors';
import { exportDate } from './export-date';
import { imdbKind } from './export-formats';
import { readHeadedCsv } from './headed-csv';
import { imdbId } from './ml-csv';
import { MovieMatcher } from './movie-matcher';
import type { ReadContext } from './read-file';
import type { ImportSource } from './sources';
import type { RowReader } from './text-rows';

/** The mark an export's list gives its movies: its watchlist's, or "seen" for its watched list. */
export type ListMark = JournalMark['mark'];

/**
 * The lists an export may carry besides its ratings. Only the name tells Letterboxd's
 * watchlist.csv from its watched.csv: their headers are the same.
 */
const LISTS: Record<ListMark, { is: (name: string) => boolean; noun: string; known: string }> = {
  watchlist: {
    is: (name) => name.includes('watchlist'),
    noun: 'watchlist',
    known:
      'Letterboxd watchlist.csv (Date, Name, Year, Letterboxd URI); IMDb WATCHLIST.csv ' +
      '(Const, Created, Title, Year), as Movie Assistant exports a watchlist too',
  },
  seen: {
    // Movie Assistant's own export of the films marked seen is movie-assistant-watched.csv.
    is: (name) => name === 'watched.csv' || name.endsWith('-watched.csv'),
    noun: 'watched list',
    known:
      'Letterboxd watched.csv (Date, Name, Year, Letterboxd URI); Movie Assistant ' +
      'movie-assistant-watched.csv (Const, Created, Title, Year)',
  },
};

/** Which list a file is, by its name: a watchlist, a watched list ('seen'), or none (null). */
export function listMarkOf(file: string): ListMark | null {
  const name = path.posix.basename(file).toLowerCase();
  if (!name.endsWith('.csv')) return null;
  if (LISTS.watchlist.is(name)) return 'watchlist';
  return LISTS.seen.is(name) ? 'seen' : null;
}

/** The source's file of that list, if it has one (the shortest path: not a copy under deleted/). */
export function findListFile(source: ImportSource, mark: ListMark): string | null {
  const found = source.files
    .filter((f) => listMarkOf(f) === mark)
    .sort((a, b) => a.length - b.length);
  return found[0] ?? null;
}

/** One movie of a list, before matching. */
interface ListRow {
  line: number;
  title: string;
  year: number | null;
  imdbId: string | null;
  /** When it was listed (put on the watchlist, logged as watched), in milliseconds. */
  addedAt: number;
  /** The export rates it too (IMDb's lists carry "Your Rating"): no mark. */
  ratedThere: boolean;
  kind?: string;
}

interface ListLayout {
  format: 'imdb' | 'letterboxd';
  recognise(columns: Map<string, number>): boolean;
  read(get: (name: string) => string | undefined, row: RowReader): ListRow;
}

const LIST_LAYOUTS: ListLayout[] = [
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

export interface ListFile {
  file: string;
  mark: ListMark;
  format: ListLayout['format'];
  rows: ListRow[];
}

/** Whether a header is a list's (a watchlist's or a watched list's): movies without ratings. */
export function isListHeader(columns: Map<string, number>): boolean {
  return LIST_LAYOUTS.some((l) => l.recognise(columns));
}

/** Reads a list file; a header of no known export is refused, naming the file and line. */
export async function readList(ctx: ReadContext, file: string, mark: ListMark): Promise<ListFile> {
  const rows: ListRow[] = [];
  const { noun, known } = LISTS[mark];
  // the progress counts the list's rows after the files read before it
  const before = ctx.meter.countRows;
  ctx.meter.countRows = () => before() + rows.length;
  const layout = await readHeadedCsv(
    ctx,
    file,
    (columns, fields) => {
      const found = LIST_LAYOUTS.find((l) => l.recognise(columns));
      if (found) return found;
      throw new ImportError(
        `not a known ${noun}: the header is ${JSON.stringify(fields.join(','))}. Known ` +
          `${noun}s: ${known}`,
        file,
        1,
      );
    },
    (found, get, row) => rows.push(found.read(get, row)),
  );
  return { file, mark, format: layout.format, rows };
}

/** What importing a list would do, and the marks to write. */
export interface ListPlan {
  summary: ListImportSummary;
  marks: JournalMark[];
}

/**
 * Matches each movie of the list to the catalogue and plans to give it the list's mark, unless it
 * was rated (by the profile, by the same import: `ratedNow`, or on the list itself, as IMDb's
 * lists carry the person's rating) or is marked already: by the profile (on its watchlist, not
 * interested, seen: a mark of the person's own is never replaced) or by the same import
 * (`markedNow`: a movie on the export's watchlist stays there, though watched). Each movie keeps
 * the date it was listed.
 */
export function planList(
  db: Db,
  profileId: number,
  list: ListFile,
  ratedNow: ReadonlySet<number>,
  markedNow: readonly JournalMark[] = [],
): ListPlan {
  const matcher = new MovieMatcher(db);
  const rated = db
    .prepare('SELECT 1 FROM profile_ratings WHERE profile_id = ? AND movie_id = ?')
    .pluck();
  const markOf = db
    .prepare('SELECT mark FROM profile_movie_marks WHERE profile_id = ? AND movie_id = ?')
    .pluck();
  const importMarks = new Map(markedNow.map((m) => [m.movieId, m.mark]));
  const summary: ListImportSummary = {
    file: list.file,
    rows: list.rows.length,
    added: 0,
    alreadyOn: 0,
    notInterested: 0,
    alreadySeen: 0,
    rated: 0,
    unmatched: [],
  };
  const marks: JournalMark[] = [];
  const listed = new Set<number>();
  for (const row of list.rows) {
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
    if (listed.has(movieId)) continue;
    listed.add(movieId);
    const mark = (markOf.get(profileId, movieId) as string | undefined) ?? importMarks.get(movieId);
    if (row.ratedThere || rated.get(profileId, movieId) || ratedNow.has(movieId)) summary.rated++;
    else if (mark === 'watchlist') summary.alreadyOn++;
    else if (mark === 'not-interested') summary.notInterested++;
    else if (mark === 'seen') summary.alreadySeen++;
    else marks.push({ movieId, markedAt: row.addedAt, mark: list.mark });
  }
  summary.added = marks.length;
  return { summary, marks };
}
