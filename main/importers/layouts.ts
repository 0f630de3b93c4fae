import type { Db } from '../catalogue/db';
import { ImportError } from './errors';
import type { ReadContext } from './read-file';
import type { ReleaseWriter } from './release-writer';
import type { ImportSource } from './sources';
import { findRoot } from './sources';

/**
 * Resolves a bare file name of the release to its path in the source; with `optional`, returns
 * undefined when the file is absent instead of the path.
 */
export interface FileResolver {
  (name: string): string;
  (name: string, optional: true): string | undefined;
}

export interface ReleaseReader {
  realMovieIds: boolean;
  scale: { min: number; max: number };
  read(ctx: ReadContext, file: FileResolver, writer: ReleaseWriter, db: Db): Promise<void>;
}

export interface ReleaseLayout {
  /** Release name when the source does not name itself (ml-csv releases take their folder name). */
  name: string;
  required: string[];
  ratingsFile: string;
  describe: string;
}

export const RELEASE_LAYOUTS: ReleaseLayout[] = [
  {
    name: 'ml-100k',
    required: ['u.data', 'u.item', 'u.user'],
    ratingsFile: 'u.data',
    describe: 'ml-100k (u.data, u.item, u.user)',
  },
  {
    name: 'ml-1m',
    required: ['ratings.dat', 'movies.dat', 'users.dat'],
    ratingsFile: 'ratings.dat',
    describe: 'ml-1m (ratings.dat, movies.dat, users.dat)',
  },
  {
    name: 'ml-10m',
    required: ['ratings.dat', 'movies.dat'],
    ratingsFile: 'ratings.dat',
    describe: 'ml-10m (ratings.dat, movies.dat, tags.dat)',
  },
  {
    name: 'ml-latest',
    required: ['ratings.csv', 'movies.csv'],
    ratingsFile: 'ratings.csv',
    describe:
      'ml-20m / ml-25m / ml-32m / ml-latest / ml-latest-small (ratings.csv, movies.csv, links.csv, tags.csv)',
  },
];

export interface DetectedRelease {
  layout: ReleaseLayout;
  /** The release's name: "ml-100k", "ml-1m", "ml-10m", or for CSV releases their folder name. */
  format: string;
  file: FileResolver;
}

/** Recognises a MovieLens release from the files present, or explains what was found instead. */
export function detectRelease(source: ImportSource, sourceName: string): DetectedRelease {
  for (const layout of RELEASE_LAYOUTS) {
    const resolve = findRoot(source, layout.required);
    if (!resolve) continue;
    const file = ((name: string, optional?: true) => {
      const found = resolve(name);
      if (optional && !source.files.includes(found)) return undefined;
      return found;
    }) as FileResolver;
    const format =
      layout.name === 'ml-latest' ? csvReleaseName(file('ratings.csv'), sourceName) : layout.name;
    return { layout, format, file };
  }
  const shown =
    source.files.slice(0, 20).join(', ') +
    (source.files.length > 20 ? `, ... (${source.files.length} files)` : '');
  throw new ImportError(
    `no MovieLens release recognised in ${sourceName}. Files found: ${shown || 'none'}. ` +
      `Known layouts: ${RELEASE_LAYOUTS.map((l) => l.describe).join('; ')}`,
  );
}

/** "ml-25m/ratings.csv" -> "ml-25m"; a bare folder or zip named like a release gives its name. */
function csvReleaseName(ratingsPath: string, sourceName: string): string {
  const candidates = [
    ratingsPath.split('/').slice(-2, -1)[0] ?? '',
    sourceName.replace(/\.zip$/i, ''),
  ];
  for (const candidate of candidates) {
    const name = candidate.toLowerCase();
    if (/^ml-[a-z0-9-]+$/.test(name)) return name;
  }
  return 'ml-latest';
}
