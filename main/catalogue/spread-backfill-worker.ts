import { parentPort, workerData } from 'node:worker_threads';
import { openCatalogue } from './db';
import { countMissingSpreads } from './rating-spread';
import type { WorkerJobMessage } from '../util/workers';

/**
 * Worker thread body: counts the rating spreads of releases imported before migration 006 on its
 * own connection to the catalogue file (WAL lets the service read and write meanwhile).
 */
const port = parentPort!;
const { dbFile } = workerData as { dbFile: string };
const post = (message: WorkerJobMessage<number>) => port.postMessage(message);

try {
  const db = openCatalogue(dbFile);
  try {
    post({ type: 'done', result: countMissingSpreads(db) });
  } finally {
    db.close();
  }
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
