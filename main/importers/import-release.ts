import path from 'node:path';
import type { ImportSummary } from '../../shared/domain';
import type { Db } from '../catalogue/db';
import { ImportError, throwIfImportCancelled } from './errors';
import { detectRelease, type DetectedRelease, type ReleaseReader } from './layouts';
import { personalExportIn } from './export-not-release';
import { ml100kReader } from './ml-100k';
import { mlCsvReader } from './ml-csv';
import { ml10mReader, ml1mReader } from './ml-dat';
import { ProgressMeter, type ProgressListener } from './progress';
import { DuplicateRatingError, ReleaseWriter, type ReleaseCounts } from './release-writer';
import { openSource, type ImportSource } from './sources';

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

/** Above this many bytes of ratings, the ratings are parsed on a second thread. */
const BULK_BYTES = 20 * 1024 * 1024;

/** The movie list of each layout, named in the error for a release without movies. */
const MOVIES_FILES: Record<string, string> = {
  'u.data': 'u.item',
  'ratings.dat': 'movies.dat',
  'ratings.csv': 'movies.csv',
};

/**
 * A release with no ratings or no movies (an empty or header-only file, a file the reader saw
 * no lines in) would replace a real one with nothing: it is refused instead.
 */
function refuseEmptyRelease(
  counts: ReleaseCounts,
  ratingsFile: string,
  file: (name: string) => string,
): void {
  const moviesFile = file(MOVIES_FILES[path.posix.basename(ratingsFile).toLowerCase()] ?? '');
  if (counts.movies === 0)
    throw new ImportError('holds no movies; a release needs its movie list', moviesFile);
  if (counts.ratings === 0)
    throw new ImportError(
      'holds no ratings (it is empty or only a header); the release was not imported',
      ratingsFile,
    );
}

/**
 * The release a source holds; a person's export picked instead is refused as what it is ("this
 * is an export from Letterboxd, not a MovieLens release"), saying where it goes.
 */
async function releaseIn(source: ImportSource, sourceName: string): Promise<DetectedRelease> {
  try {
    return detectRelease(source, sourceName);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const instead = await personalExportIn(source);
    if (instead === null) throw err;
    throw new ImportError(
      `this is ${instead}, not a MovieLens release: bring it into a profile as your own ` +
        '(the Import page\'s "My ratings export", or --profile NAME on the command line)',
      sourceName,
    );
  }
}

/** An ImportSummary, and the profiles whose ratings moved (for the engine to refit, not to show). */
export type ReleaseImportReport = ImportSummary & { relinkedProfileIds: number[] };

/**
 * Imports a MovieLens release from a folder or a .zip into the catalogue without blocking its
 * other users (see ReleaseWriter): either the whole release is there afterwards (replacing an
 * earlier import of the same release), swapped in by one short transaction, or, on any error
 * or cancellation, the catalogue is as it was.
 */
export async function importRelease(
  db: Db,
  location: string,
  options: ImportOptions = {},
): Promise<ReleaseImportReport> {
  const started = performance.now();
  const source = await openSource(location);
  let writer: ReleaseWriter | undefined;
  try {
    const sourceName = path.basename(location);
    const release = await releaseIn(source, sourceName);
    const reader = READERS[release.layout.name];
    const sizes = source.files
      .filter((f) => KNOWN_FILES.has(path.posix.basename(f).toLowerCase()))
      .map((f) => source.size(f));
    const totalBytes = sizes.every((s) => s !== null)
      ? sizes.reduce<number>((a, b) => a + b!, 0)
      : null;
    const meter = new ProgressMeter(options.onProgress, totalBytes);
    throwIfImportCancelled(options.signal);
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
    throwIfImportCancelled(options.signal);
    refuseEmptyRelease(counts, release.file(release.layout.ratingsFile), release.file);
    try {
      writer.commit(
        (phase) => meter.setPhase(phase),
        () => throwIfImportCancelled(options.signal),
      );
    } catch (err) {
      if (!(err instanceof DuplicateRatingError)) throw err;
      const file = release.file(release.layout.ratingsFile);
      throw new ImportError(err.message, file, err.line || undefined);
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
      ...(writer.leftOut.tags + writer.leftOut.links > 0 ? { leftOut: { ...writer.leftOut } } : {}),
      seconds: (performance.now() - started) / 1000,
      profileRatings: {
        relinked: writer.profileMatching.relinked,
        unmatched: writer.profileMatching.unmatched,
      },
      relinkedProfileIds: writer.profileMatching.profileIds,
    };
  } catch (err) {
    writer?.rollback();
    throw err;
  } finally {
    source.close();
  }
}
