import { copyFile, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { BackupSummary, RestoreSummary } from '../../shared/domain';
import { applyMigrations, openCatalogue, type Db } from '../catalogue/db';
import { checkCatalogueFile } from '../catalogue/integrity';
import { snapshotCatalogue } from '../catalogue/snapshot';
import { migrations } from '../catalogue/migrations';
import {
  BackupFileError,
  extractContainer,
  readContainerHeader,
  writeContainer,
  type ContainerEncoding,
} from '../catalogue/backup-container';
import { makePrivateDir } from '../catalogue/private-files';
import { personalDirFor } from '../engine/runtime/personal-store';

/**
 * Backups of a household's data: the catalogue through SQLite's online backup API, in a worker
 * (a file copy of a running app would miss what is still in the WAL), and the personal fine-tuned
 * models kept beside it, in one checksummed file (see backup-container.ts).
 */

const CATALOGUE_ENTRY = 'catalogue.db';
const PERSONAL_FOLDER = 'personal-models';
const PERSONAL_MODEL = /^profile-[1-9]\d*\.json$/;

async function personalModelNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => PERSONAL_MODEL.test(name)).sort();
  } catch {
    return [];
  }
}

/** A private scratch folder beside `near`, removed by the caller. */
function scratchBeside(near: string, tag: string): Promise<string> {
  return mkdtemp(path.join(path.dirname(path.resolve(near)), `.movie-assistant-${tag}-`));
}

export interface BackupOptions {
  /** Sees the catalogue's copy first and may refuse it by throwing: nothing is then written. */
  checkSnapshot?: (snapshot: string) => Promise<void>;
  /** Compressed unless 'none' (which the backup benchmark writes as its yardstick). */
  encoding?: ContainerEncoding;
}

/** Writes a backup of the catalogue file `dbFile` and its personal models to `out`. */
export async function createBackup(
  dbFile: string,
  out: string,
  { checkSnapshot, encoding }: BackupOptions = {},
): Promise<BackupSummary> {
  const target = path.resolve(out);
  const scratch = await scratchBeside(target, 'backup').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new ApiError(
      'bad-request',
      `There is no folder ${path.dirname(target)} to write the backup in; nothing was written.`,
    );
  });
  try {
    const snapshot = path.join(scratch, CATALOGUE_ENTRY);
    await snapshotCatalogue(dbFile, snapshot);
    await checkSnapshot?.(snapshot);
    // Copied first, so a fine-tune saving meanwhile cannot change a file between its checksum
    // and its bytes.
    const personalDir = personalDirFor(dbFile);
    const files = [{ name: CATALOGUE_ENTRY, file: snapshot }];
    for (const name of await personalModelNames(personalDir)) {
      const copy = path.join(scratch, name);
      try {
        await copyFile(path.join(personalDir, name), copy);
      } catch {
        continue; // removed meanwhile (its profile deleted)
      }
      files.push({ name: `${PERSONAL_FOLDER}/${name}`, file: copy });
    }
    const partial = path.join(scratch, 'backup.partial');
    const written = await writeContainer(partial, files, { app: 'movie-assistant' }, encoding);
    await rename(partial, target);
    return {
      file: target,
      bytes: written.bytes,
      sha256: written.sha256,
      createdAt: written.createdAt,
      personalModels: files.length - 1,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Where a restored entry goes in the scratch folder; anything unexpected is refused. */
function placeEntry(scratch: string, file: string, name: string): string {
  if (name === CATALOGUE_ENTRY) return path.join(scratch, CATALOGUE_ENTRY);
  const [folder, base, ...rest] = name.split('/');
  if (folder === PERSONAL_FOLDER && base && PERSONAL_MODEL.test(base) && rest.length === 0)
    return path.join(scratch, PERSONAL_FOLDER, base);
  throw new BackupFileError(file, `it holds an unexpected entry "${name}"`);
}

/**
 * Replaces the catalogue `db` (file `dbFile`) and its personal models with a backup's. The
 * file's checksum, every entry's checksum and the catalogue itself are checked before anything
 * is replaced; the catalogue is then written into the open database through SQLite's backup API
 * in one transaction, so the service keeps its connection and never sees half a restore.
 */
export async function restoreBackup(
  db: Db,
  dbFile: string,
  file: string,
): Promise<Omit<RestoreSummary, 'previous'>> {
  const source = path.resolve(file);
  const layout = await readContainerHeader(source);
  const names = layout.header.entries.map((e) => e.name);
  if (names.filter((n) => n === CATALOGUE_ENTRY).length !== 1)
    throw new BackupFileError(source, 'it holds no catalogue');
  if (new Set(names).size !== names.length)
    throw new BackupFileError(source, 'it names an entry twice');

  const scratch = await scratchBeside(dbFile, 'restore');
  try {
    makePrivateDir(path.join(scratch, PERSONAL_FOLDER));
    await extractContainer(source, layout, (name) => placeEntry(scratch, source, name));
    const staged = path.join(scratch, CATALOGUE_ENTRY);
    // Read in full off this thread first: on a large release it takes seconds.
    const problem = await checkCatalogueFile(staged);
    if (problem) throw new BackupFileError(source, `its catalogue is damaged (${problem})`);
    const from = openStagedCatalogue(source, staged);
    try {
      await from.backup(path.resolve(dbFile));
    } finally {
      from.close();
    }
    applyMigrations(db, migrations);

    const personalModels = await replacePersonalModels(
      path.join(scratch, PERSONAL_FOLDER),
      personalDirFor(dbFile),
    );
    const profiles = db.prepare('SELECT id FROM profiles').pluck().all() as number[];
    return {
      file: source,
      createdAt: layout.header.createdAt,
      profileIds: profiles,
      personalModels,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Opens the staged catalogue as the app would, refusing one from a newer build. */
function openStagedCatalogue(source: string, staged: string): Db {
  try {
    return openCatalogue(staged, { readonly: true });
  } catch (error) {
    throw new ApiError(
      'bad-request',
      `${path.basename(source)} cannot be restored: ${(error as Error).message}; nothing was replaced`,
    );
  }
}

/** Makes `dir` hold exactly the personal models in `from`: each swapped in by rename. */
async function replacePersonalModels(from: string, dir: string): Promise<number> {
  makePrivateDir(dir);
  const restored = await personalModelNames(from);
  for (const name of restored) {
    const tmp = path.join(dir, `.${name}.restore-${process.pid}`);
    await copyFile(path.join(from, name), tmp);
    await rename(tmp, path.join(dir, name));
  }
  const keep = new Set(restored);
  for (const name of await personalModelNames(dir)) {
    if (!keep.has(name)) await rm(path.join(dir, name), { force: true });
  }
  return restored.length;
}
