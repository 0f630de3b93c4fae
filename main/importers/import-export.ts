import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { ExportImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import { titleKey } from '../catalogue/titles';
import { ImportError, throwIfAborted } from './errors';
import { headerIndex } from './fields';
import {
  EXPORT_LAYOUTS,
  type ExportFormat,
  type ExportLayout,
  type ExportRow,
} from './export-formats';
import type { ImportOptions } from './import-release';
import { MovieMatcher } from './movie-matcher';
import { ProgressMeter } from './progress';
import { readTextLines } from './read-file';
import { openSource, type ImportSource } from './sources';
import { RowReader } from './text-rows';

/**
 * Imports someone's ratings exported from movielens.org, IMDb or Letterboxd into a profile:
 * each row is matched to a catalogue movie (by movieId, IMDb or TMDB id through links, else
 * normalised title and year), matched ratings are written in one transaction, and the rows
 * that matched nothing are listed in the summary.
 */
export async function importPersonalExport(
  db: Db,
  profileId: number,
  location: string,
  format: ExportFormat | 'auto' = 'auto',
  options: ImportOptions = {},
): Promise<ExportImportSummary> {
  const started = performance.now();
  if (!db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(profileId)) {
    throw new ApiError('not-found', `There is no profile ${profileId}.`);
  }
  const source = await openSource(location);
  try {
    const file = pickFile(source);
    const meter = new ProgressMeter(options.onProgress, source.size(file));
    const rows: ExportRow[] = [];
    let layout: ExportLayout | undefined;
    let columns = new Map<string, number>();
    meter.countRows = () => rows.length;
    await readTextLines({ source, meter, signal: options.signal }, file, (text, lineNo) => {
      if (text.trim() === '') return;
      const row = new RowReader(file, lineNo, text);
      const fields = row.csvFields();
      if (!layout) {
        columns = headerIndex(fields);
        layout = chooseLayout(columns, format, file, fields);
        return;
      }
      const parsed = layout.read((name) => {
        const at = columns.get(name);
        return at === undefined ? undefined : fields[at];
      }, row);
      if (parsed) rows.push(parsed);
    });
    if (!layout) throw new ImportError('the file is empty', file);
    throwIfAborted(options.signal);
    const summary = writeMatches(db, profileId, rows);
    return {
      format: layout.format,
      source: path.resolve(location),
      rows: rows.length,
      ...summary,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    source.close();
  }
}

function pickFile(source: ImportSource): string {
  const csvs = source.files.filter((f) => f.toLowerCase().endsWith('.csv'));
  const ratings = csvs.filter((f) => path.posix.basename(f).toLowerCase() === 'ratings.csv');
  if (ratings.length > 0) return ratings.sort((a, b) => a.length - b.length)[0];
  if (csvs.length === 1) return csvs[0];
  if (source.files.length === 1) return source.files[0];
  throw new ImportError(
    `expected one ratings CSV file in ${path.basename(source.location)}, found: ${source.files.join(', ') || 'none'}`,
  );
}

function chooseLayout(
  columns: Map<string, number>,
  format: ExportFormat | 'auto',
  file: string,
  header: string[],
): ExportLayout {
  const layout =
    format === 'auto'
      ? EXPORT_LAYOUTS.find((l) => l.recognise(columns))
      : EXPORT_LAYOUTS.find((l) => l.format === format);
  if (!layout || !layout.recognise(columns)) {
    const wanted = format === 'auto' ? 'a known ratings export' : `a ${format} export`;
    throw new ImportError(
      `not ${wanted}: the header is ${JSON.stringify(header.join(','))}. Known exports: ${EXPORT_LAYOUTS.map((l) => l.describe).join('; ')}`,
      file,
      1,
    );
  }
  return layout;
}

function writeMatches(
  db: Db,
  profileId: number,
  rows: ExportRow[],
): Pick<ExportImportSummary, 'matched' | 'unmatched'> {
  const matcher = new MovieMatcher(db);
  const exists = db.prepare('SELECT 1 FROM movies WHERE id = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO profile_ratings (profile_id, movie_id, rating_half, rated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(profile_id, movie_id) DO UPDATE SET rating_half = excluded.rating_half, rated_at = excluded.rated_at`,
  );
  const setPeople = db.prepare("UPDATE movies SET people = ? WHERE id = ? AND people = ''");
  const unmatched: ExportImportSummary['unmatched'] = [];
  let matched = 0;
  db.transaction(() => {
    for (const row of rows) {
      const movieId =
        (row.movieId && exists.get(row.movieId) ? row.movieId : undefined) ??
        matcher.match({
          key: titleKey(row.title),
          year: row.year,
          imdbId: row.imdbId,
          tmdbId: row.tmdbId,
        });
      if (movieId === undefined) {
        unmatched.push({ line: row.line, title: row.title, year: row.year, rating: row.rating });
        continue;
      }
      upsert.run(profileId, movieId, Math.round(row.rating * 2), row.ratedAt);
      if (row.people?.length) setPeople.run(row.people.join('|'), movieId);
      matched++;
    }
  })();
  return { matched, unmatched };
}
