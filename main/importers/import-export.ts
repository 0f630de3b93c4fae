import path from 'node:path';
import { requireProfile } from '../catalogue/existing-rows';
import { countOf } from '../../shared/counts';
import type { ConflictPolicy, ExportImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import { recordImport, type JournalImport, type JournalMark } from '../catalogue/import-journal';
import { ImportError, throwIfImportCancelled } from './errors';
import { detectRelease } from './layouts';
import { OnePerson } from './one-person';
import {
  EXPORT_LAYOUTS,
  type ExportFormat,
  type ExportLayout,
  type ExportRow,
} from './export-formats';
import type { ImportOptions } from './import-release';
import { planImport, type ImportPlan } from './export-plan';
import { ProgressMeter } from './progress';
import type { ReadContext } from './read-file';
import { readHeadedCsv } from './headed-csv';
import {
  findListFile,
  isListHeader,
  listMarkOf,
  planList,
  readList,
  type ListFile,
} from './export-lists';
import { openSource, type ImportSource } from './sources';

/** A row of an export that was not imported, and why. */
export interface SkippedRow {
  file: string;
  line: number;
  reason: string;
}

export interface ExportImportOptions extends ImportOptions {
  /**
   * Take only this person's rows from a file with a userId column (a MovieLens ratings.csv);
   * without it such a file must hold one person's ratings.
   */
  userId?: number;
  /** Only work out what the import would do; write nothing. */
  dryRun?: boolean;
  /** For a movie the profile rated differently (default newest-wins). */
  conflicts?: ConflictPolicy;
}

/** What importing an export reports: the summary, plus every row skipped with its line. */
export type ExportImportReport = ExportImportSummary & { skipped: SkippedRow[] };

/**
 * Imports someone's ratings exported from movielens.org, IMDb or Letterboxd into a profile:
 * each row is matched to a catalogue movie (by movieId, IMDb or TMDB id through links, else
 * normalised title and year) and compared with the profile's own rating (see planImport).
 * An export's watchlist file (in the zip or folder, or given alone) puts its movies on the
 * profile's watchlist, and its watched list (Letterboxd's watched.csv) marks the movies it does
 * not rate seen (see planList). The ratings and marks to write are written and
 * journaled (for undo) in one transaction, or, with `dryRun`, only counted. The rows that
 * matched nothing or were skipped (no rating, the same movie again) are listed with their
 * lines. A MovieLens release, or a file holding more than one person's ratings, is refused
 * unless `options.userId` picks one person; so is a ratings file with no usable rows, unless a
 * list (watchlist, watched) comes with it.
 */
export async function importPersonalExport(
  db: Db,
  profileId: number,
  location: string,
  format: ExportFormat | 'auto' = 'auto',
  options: ExportImportOptions = {},
): Promise<ExportImportReport> {
  const started = performance.now();
  requireProfile(db, profileId);
  const source = await openSource(location);
  try {
    const watchlistFile = findListFile(source, 'watchlist');
    const watchedFile = findListFile(source, 'seen');
    const hasList = watchlistFile !== null || watchedFile !== null;
    const file = pickFile(source, hasList);
    if (file !== null && options.userId === undefined) refuseRelease(source, file);
    const sizes = [file, watchlistFile, watchedFile].flatMap((f) =>
      f === null ? [] : [source.size(f)],
    );
    const meter = new ProgressMeter(
      options.onProgress,
      sizes.includes(null) ? null : sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0),
    );
    const ctx = { source, meter, signal: options.signal };
    const ratings =
      file === null ? null : await readRatings(ctx, file, format, options.userId, hasList);
    const watchlist =
      watchlistFile === null ? null : await readList(ctx, watchlistFile, 'watchlist');
    const watched = watchedFile === null ? null : await readList(ctx, watchedFile, 'seen');
    throwIfImportCancelled(options.signal);
    const conflictPolicy = options.conflicts ?? 'newest-wins';
    const skipped = ratings?.skipped ?? [];
    const plan = ratings
      ? planImport(db, profileId, ratings.rows, ratings.file, skipped, conflictPolicy)
      : emptyPlan();
    const ratedNow = new Set(plan.writes.map((w) => w.change.movieId));
    const watchlistPlan = watchlist && planList(db, profileId, watchlist, ratedNow);
    // The export's watchlist wins over its watched list (a film watched, listed to rewatch).
    const seenPlan = watched && planList(db, profileId, watched, ratedNow, watchlistPlan?.marks);
    const marks = [...(watchlistPlan?.marks ?? []), ...(seenPlan?.marks ?? [])];
    const dryRun = options.dryRun ?? false;
    const exportFormat = ratings?.layout.format ?? ((watchlist ?? watched) as ListFile).format;
    const importId = dryRun
      ? null
      : applyPlan(db, profileId, plan, marks, {
          format: exportFormat,
          source: path.resolve(location),
          conflictPolicy,
        });
    // the file's last figures (100%), which the meter's throttle may have held back
    meter.setPhase('done');
    return {
      format: exportFormat,
      source: path.resolve(location),
      rows: ratings?.rows.length ?? 0,
      matched: plan.matched,
      unmatched: plan.unmatched,
      skipped: skipped.sort((a, b) => a.line - b.line),
      seconds: (performance.now() - started) / 1000,
      dryRun,
      conflictPolicy,
      counts: plan.counts,
      conflicts: plan.conflicts,
      written: dryRun ? 0 : plan.writes.length,
      importId,
      ...(watchlistPlan ? { watchlist: watchlistPlan.summary } : {}),
      ...(seenPlan ? { seen: seenPlan.summary } : {}),
      notRead: otherCsvFiles(source, [file, watchlistFile, watchedFile]),
    };
  } finally {
    source.close();
  }
}

interface RatingsFile {
  file: string;
  layout: ExportLayout;
  rows: ExportRow[];
  skipped: SkippedRow[];
}

/**
 * Reads an export's ratings file; one with no row rated is refused, naming the file, unless it
 * `mayBeEmpty` (a list comes with it: a watchlist, a watched list).
 */
async function readRatings(
  ctx: ReadContext,
  file: string,
  format: ExportFormat | 'auto',
  userId: number | undefined,
  mayBeEmpty: boolean,
): Promise<RatingsFile> {
  const rows: ExportRow[] = [];
  const skipped: SkippedRow[] = [];
  const person = new OnePerson(userId);
  ctx.meter.countRows = () => rows.length;
  const layout = await readHeadedCsv(
    ctx,
    file,
    (columns, fields) => chooseLayout(columns, format, file, fields),
    (found, get, row) => {
      if (!person.keeps(get('userid'), row)) return;
      const parsed = found.read(get, row);
      if (parsed) rows.push(parsed);
      else skipped.push({ file, line: row.lineNo, reason: 'the row has no rating' });
    },
  );
  if (rows.length === 0 && !mayBeEmpty) {
    const why = person.picked
      ? `no rows of userId ${userId} with a rating`
      : 'no rows with a rating';
    throw new ImportError(
      `${why} (${countOf(skipped.length, 'row')} skipped); nothing was imported`,
      file,
    );
  }
  return { file, layout, rows, skipped };
}

/** The plan of an export without a ratings file (its lists alone): no rating to write. */
function emptyPlan(): ImportPlan {
  return {
    counts: { new: 0, same: 0, conflicting: 0, conflictingNewer: 0, unmatched: 0, skipped: 0 },
    conflicts: [],
    unmatched: [],
    matched: 0,
    writes: [],
  };
}

/** The source's CSV files other than those read, sorted (none under deleted/: Letterboxd's bin). */
function otherCsvFiles(source: ImportSource, read: Array<string | null>): string[] {
  return source.files
    .filter((f) => f.toLowerCase().endsWith('.csv') && !read.includes(f))
    .filter((f) => !/(^|\/)deleted\//i.test(f))
    .sort();
}

/** The export's ratings file; null when the source is its lists alone (`hasList`). */
function pickFile(source: ImportSource, hasList: boolean): string | null {
  const files = source.files.filter((f) => listMarkOf(f) === null);
  const csvs = files.filter((f) => f.toLowerCase().endsWith('.csv'));
  const ratings = csvs.filter((f) => path.posix.basename(f).toLowerCase() === 'ratings.csv');
  if (ratings.length > 0) return ratings.sort((a, b) => a.length - b.length)[0];
  if (csvs.length === 1) return csvs[0];
  if (files.length === 1) return files[0];
  if (files.length === 0 && hasList) return null;
  throw new ImportError(
    `expected one ratings CSV file in ${path.basename(source.location)}, found: ${source.files.join(', ') || 'none'}`,
  );
}

/** Ratings files of MovieLens releases: many people's ratings, never one person's export. */
const RELEASE_RATINGS = new Set(['u.data', 'ratings.dat']);

/**
 * A MovieLens release (or its ratings file alone) holds thousands of strangers' ratings: put
 * into a profile it would bury the person's own taste, with no undo. Refused, naming the file.
 */
function refuseRelease(source: ImportSource, file: string): void {
  let release: string | null = null;
  try {
    release = detectRelease(source, path.basename(source.location)).format;
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
  }
  if (release === null && !RELEASE_RATINGS.has(path.posix.basename(file).toLowerCase())) return;
  throw new ImportError(
    `this is ${release ? `the MovieLens release ${release}` : 'a MovieLens release ratings file'}, ` +
      "with many people's ratings, not a personal export; import it as a release (without a " +
      "profile), or pick one person's ratings with userId",
    file,
  );
}

function chooseLayout(
  columns: Map<string, number>,
  format: ExportFormat | 'auto',
  file: string,
  header: string[],
): ExportLayout {
  // A format may have several layouts (Letterboxd's export and its import format).
  const layout = EXPORT_LAYOUTS.find(
    (l) => (format === 'auto' || l.format === format) && l.recognise(columns),
  );
  if (!layout && isListHeader(columns)) throw listWithoutRatings(header, file);
  if (!layout) {
    const wanted = format === 'auto' ? 'a known ratings export' : `a ${format} export`;
    throw new ImportError(
      `not ${wanted}: the header is ${JSON.stringify(header.join(','))}. Known exports: ${EXPORT_LAYOUTS.map((l) => l.describe).join('; ')}`,
      file,
      1,
    );
  }
  if (!layout.ratingColumns.some((c) => columns.has(c)))
    throw listWithoutRatings(header, file, layout.describe);
  return layout;
}

/** A list of movies without ratings, in a file whose name does not say which list it is. */
function listWithoutRatings(header: string[], file: string, describe?: string): ImportError {
  return new ImportError(
    `the header ${JSON.stringify(header.join(','))} has no rating column` +
      (describe ? ` (${describe})` : '') +
      '; a list without ratings cannot be imported, except a watchlist or a watched list, when ' +
      'its file is named so (watchlist.csv, or any name with "watchlist" in it, for a watchlist; ' +
      'watched.csv for films watched)',
    file,
    1,
  );
}

/**
 * Writes the planned ratings and marks (watchlist, seen) and journals them, in one transaction;
 * returns the import's id (null when it had nothing to write).
 */
function applyPlan(
  db: Db,
  profileId: number,
  plan: ImportPlan,
  marks: JournalMark[],
  journal: Omit<JournalImport, 'profileId' | 'changes' | 'marks'>,
): number | null {
  if (plan.writes.length === 0 && marks.length === 0) return null;
  const mark = db.prepare(
    `INSERT OR IGNORE INTO profile_movie_marks (profile_id, movie_id, mark, marked_at)
     VALUES (?, ?, ?, ?)`,
  );
  const upsert = db.prepare(
    `INSERT INTO profile_ratings (profile_id, movie_id, rating_half, rated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(profile_id, movie_id) DO UPDATE SET rating_half = excluded.rating_half, rated_at = excluded.rated_at`,
  );
  const setPeople = db.prepare("UPDATE movies SET people = ? WHERE id = ? AND people = ''");
  return db.transaction(() => {
    for (const { change, people } of plan.writes) {
      upsert.run(profileId, change.movieId, change.writtenHalf, change.writtenAt);
      if (people.length) setPeople.run(people.join('|'), change.movieId);
    }
    for (const m of marks) mark.run(profileId, m.movieId, m.mark, m.markedAt);
    return recordImport(db, {
      ...journal,
      profileId,
      changes: plan.writes.map((w) => w.change),
      marks,
    });
  })();
}
