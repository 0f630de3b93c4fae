import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../catalogue/db';
import { catalogueIsEmpty } from '../catalogue/starter-release';
import { decodeStarter } from '../importers/starter-file';
import { writeStarterRelease } from '../importers/starter-load';

/** The starter catalogue lives in this folder of the models folder, beside the weights. */
export const STARTER_FOLDER = 'starter';
const STARTER_SUFFIX = '.json.gz';

export function starterDirOf(modelsDir: string): string {
  return path.join(modelsDir, STARTER_FOLDER);
}

/** The starter catalogue file in `dir` (the first `*.json.gz` by name), if any. */
export function findStarterFile(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir)
    .filter((f) => f.endsWith(STARTER_SUFFIX))
    .sort()[0];
  return name === undefined ? null : path.join(dir, name);
}

/** `LICENSE-<release>.txt` beside the starter file named `<release>.json.gz`. */
export function starterLicenceFile(dir: string, release: string): string {
  return path.join(dir, `LICENSE-${release}.txt`);
}

export function starterFileName(release: string): string {
  return `${release}${STARTER_SUFFIX}`;
}

export interface StarterLoad {
  file: string;
  release: string;
  movies: number;
  ratings: number;
  seconds: number;
}

/**
 * On a first launch (a catalogue with no movies and no releases), loads the starter catalogue
 * shipped in `dir` in one transaction, so search, rating and the lists work at once. Returns
 * what it loaded, or null when the catalogue already has data or no starter ships.
 */
export function loadStarterIfEmpty(db: Db, dir: string): StarterLoad | null {
  if (!catalogueIsEmpty(db)) return null;
  const file = findStarterFile(dir);
  if (!file) return null;
  const started = performance.now();
  const starter = decodeStarter(readFileSync(file));
  if (!catalogueIsEmpty(db)) return null; // another process loaded one meanwhile
  const counts = writeStarterRelease(db, starter, file);
  return {
    file,
    release: starter.release.format,
    movies: counts.movies,
    ratings: counts.ratings,
    seconds: (performance.now() - started) / 1000,
  };
}

export interface LicenceText {
  /** What the terms cover, e.g. "ml-latest-small". */
  name: string;
  text: string;
}

/** Every `LICENSE-<name>.txt` shipped beside the starter catalogue. */
export function starterLicences(dir: string): LicenceText[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^LICENSE-.+\.txt$/.test(f))
    .sort()
    .map((f) => ({
      name: f.slice('LICENSE-'.length, -'.txt'.length),
      text: readFileSync(path.join(dir, f), 'utf8'),
    }));
}
