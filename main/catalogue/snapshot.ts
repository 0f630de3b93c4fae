import Database from 'better-sqlite3';
import { runWorkerJob } from '../util/workers';
import { sqliteBinding } from './db';

/** Why a copy failed, as SQLite said it (its code kept, so damage is still known as damage). */
export interface SnapshotFailure {
  message: string;
  code?: string;
}

/**
 * Copies the catalogue file `from` (what its WAL holds included) into a new file `to` through
 * SQLite's backup API, all pages in one step: one read transaction, so writes meanwhile neither
 * restart it nor wait for it. The copy's last step writes the whole file out to disk, hundreds of
 * milliseconds for a large release: run it through `snapshotCatalogue`, off the thread that answers.
 */
export async function copyCatalogueFile(from: string, to: string): Promise<void> {
  const db = new Database(from, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: sqliteBinding(),
  });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(to, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

/** `copyCatalogueFile` in a worker thread of its own. */
export async function snapshotCatalogue(from: string, to: string): Promise<void> {
  const failure = await runWorkerJob<SnapshotFailure | null>('snapshot', { from, to }).result;
  if (failure) throw Object.assign(new Error(failure.message), { code: failure.code });
}
