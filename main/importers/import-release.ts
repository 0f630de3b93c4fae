import path from 'node:path';
import type { ImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import { ImportError, throwIfAborted } from './errors';
import { detectRelease, type ReleaseReader } from './layouts';
import { ml100kReader } from './ml-100k';
import { mlCsvReader } from './ml-csv';
import { ml10mReader, ml1mReader } from './ml-dat';
import { ProgressMeter, type ProgressListener } from './progress';
import { DuplicateRatingError, ReleaseWriter } from './release-writer';
import { openSource } from './sources';

export interface ImportOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Parse the ratings file on a second thread; by default only for big files. */
  ratingsThread?: boolean;
}

const READERS: Record<string, ReleaseReader> = {
  'ml-100k': ml100kReader,
  'ml-1m': ml1mReader,
  'ml-10m': ml10mReader,
  'ml-latest': mlCsvReader,
};

const KNOWN_FILES = new Set([
  'u.data',
  'u.item',
  'u.user',
  'ratings.dat',
  'movies.dat',
  'users.dat',
  'tags.dat',
  'ratings.csv',
  'movies.csv',
  'links.csv',
  'tags.csv',
]);

/**
 * Above this many bytes of ratings, secondary indexes are dropped during the load and rebuilt,
 * and the ratings are parsed on a second thread.
 */
const BULK_BYTES = 20 * 1024 * 1024;

/**
 * Imports a MovieLens release from a folder or a .zip into the catalogue, in one transaction:
 * either the whole release is there afterwards (replacing an earlier import of the same
 * release) or, on any error or cancellation, the catalogue is exactly as it was.
 */
export async function importRelease(
  db: Db,
  location: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const source = await openSource(location);
  let writer: ReleaseWriter | undefined;
  try {
    const sourceName = path.basename(location);
    const release = detectRelease(source, sourceName);
    const reader = READERS[release.layout.name];
    const sizes = source.files
      .filter((f) => KNOWN_FILES.has(path.posix.basename(f).toLowerCase()))
      .map((f) => source.size(f));
    const totalBytes = sizes.every((s) => s !== null)
      ? sizes.reduce<number>((a, b) => a + b!, 0)
      : null;
    const meter = new ProgressMeter(options.onProgress, totalBytes);
    throwIfAborted(options.signal);
    const bulk = (source.size(release.file(release.layout.ratingsFile)) ?? 0) >= BULK_BYTES;
    writer = new ReleaseWriter(
      db,
      {
        format: release.format,
        source: path.resolve(location),
        realMovieIds: reader.realMovieIds,
        scale: reader.scale,
      },
      { bulk },
    );
    const counts = writer.counts;
    meter.countRows = () => counts.movies + counts.ratings + counts.tags + counts.links;
    const ratingsThread = options.ratingsThread ?? bulk;
    await reader.read(
      { source, meter, signal: options.signal, ratingsThread },
      release.file,
      writer,
      db,
    );
    throwIfAborted(options.signal);
    try {
      writer.commit((phase) => meter.setPhase(phase));
    } catch (err) {
      if (!(err instanceof DuplicateRatingError)) throw err;
      const file = release.file(release.layout.ratingsFile);
      throw new ImportError(`${err.message} (in the last lines of the file)`, file);
    }
    meter.setPhase('done');
    if (bulk) db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      format: release.format,
      source: path.resolve(location),
      movies: counts.movies,
      ratings: counts.ratings,
      users: counts.users,
      tags: counts.tags,
      links: counts.links,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (err) {
    writer?.rollback();
    throw err;
  } finally {
    source.close();
  }
}
