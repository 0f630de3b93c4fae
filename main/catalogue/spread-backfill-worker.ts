import { parentPort, workerData } from 'node:worker_threads';
import { openCatalogue } from './db';
import { countMissingSpreads } from './rating-spread';

/**
 * Worker thread body: counts the rating spreads of releases imported before migration 006 on its
 * own connection to the catalogue file (WAL lets the service read and write meanwhile).
 */
const port = parentPort!;
const { dbFile } = workerData as { dbFile: string };

try {
  const db = openCatalogue(dbFile);
  try {
    port.postMessage({ type: 'done', written: countMissingSpreads(db) });
  } finally {
    db.close();
  }
} catch (err) {
  port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
