import Database from 'better-sqlite3';
import { runWorkerJob } from '../util/workers';
import { isCatalogueDamage } from './damage';
import { sqliteBinding } from './db';

/**
 * What SQLite's quick check finds wrong with a catalogue file, in its words, or null when it finds
 * nothing. Reads every page: run it through `checkCatalogueFile`, off the thread that answers.
 */
export function catalogueFileProblems(file: string): string | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      nativeBinding: sqliteBinding(),
    });
    // The first problem is enough to know: the file cannot be trusted.
    const rows = db.pragma('quick_check(1)') as Array<{ quick_check: string }>;
    const problem = rows
      .flatMap((row) => row.quick_check.split('\n'))
      .find((line) => line !== 'ok' && !line.startsWith('***'));
    return problem ?? null;
  } catch (error) {
    if (isCatalogueDamage(error)) return error.message;
    throw error;
  } finally {
    db?.close();
  }
}

/** `catalogueFileProblems` in a worker thread of its own. */
export function checkCatalogueFile(file: string): Promise<string | null> {
  return runWorkerJob<string | null>('integrity', { file }).result;
}
