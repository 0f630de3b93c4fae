import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openCatalogue } from '../catalogue/db';
import { activeRelease } from '../catalogue/releases';
import { writeFileAtomic } from '../engine/runtime/atomic';
import { importRelease } from '../importers/import-release';
import { starterFromCatalogue } from '../importers/starter-export';
import { encodeStarter } from '../importers/starter-file';
import { releaseLicenceTerms, starterLicenceText } from '../importers/starter-licence';
import { starterFileName, starterLicenceFile } from './starter-catalogue';

export interface StarterWritten {
  release: string;
  file: string;
  bytes: number;
  movies: number;
  ratings: number;
  /** The licence file written beside it. */
  licence: string;
}

/**
 * Writes the starter catalogue of a MovieLens release (folder or zip) into `dir`: the release is
 * imported into a throw-away catalogue, exactly as pretraining reads it, and read back as
 * `<release>.json.gz`, with `LICENSE-<release>.txt` (the README's terms, verbatim) beside it.
 * `onlyRelease`: write nothing (null) unless the release is that one.
 */
export async function writeStarterFromRelease(
  source: string,
  dir: string,
  options: { onlyRelease?: string } = {},
): Promise<StarterWritten | null> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'movie-assistant-starter-'));
  const db = openCatalogue(path.join(temp, 'catalogue.db'));
  try {
    await importRelease(db, source);
    const release = activeRelease(db);
    if (!release) throw new Error(`${source} holds no ratings`);
    if (options.onlyRelease !== undefined && release.format !== options.onlyRelease) return null;
    const terms = licenceTerms(source);
    const starter = starterFromCatalogue(db, release);
    const bytes = encodeStarter(starter);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, starterFileName(release.format));
    const licence = starterLicenceFile(dir, release.format);
    await writeFileAtomic(licence, starterLicenceText(release.format, path.basename(file), terms));
    await writeFileAtomic(file, bytes);
    return {
      release: release.format,
      file,
      bytes: bytes.length,
      movies: starter.movies.length,
      ratings: starter.ratings.length,
      licence,
    };
  } finally {
    db.close();
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The release's licence terms from its folder's README.txt: a starter catalogue is redistributed
 * under them, so none is written without them.
 */
function licenceTerms(source: string): string {
  const readme = path.join(source, 'README.txt');
  const terms = existsSync(readme) ? releaseLicenceTerms(readFileSync(readme, 'utf8')) : null;
  if (!terms)
    throw new Error(
      `${readme} states no usage licence; a starter catalogue ships only with its licence terms (use the release folder)`,
    );
  return terms;
}
