import { parentPort, workerData } from 'node:worker_threads';
import { datasetBuffers, type EngineDataset } from '../core/engine-dataset';
import { ratingsBuffers, type DatasetRatings } from '../core/ratings-csr';
import { openCatalogue } from './db';
import type { WorkerJobMessage } from '../util/workers';
import { readReleaseData, type ReleaseDataRequest } from './release-data';

/**
 * Worker thread body: reads what release-data.ts asks on its own read-only connection and moves
 * its typed arrays, rather than copying them, to the thread that asked.
 */
const port = parentPort!;
const { dbFile, request } = workerData as { dbFile: string; request: ReleaseDataRequest };

function buffersOf(data: EngineDataset | DatasetRatings): ArrayBuffer[] {
  return 'byUser' in data ? ratingsBuffers(data) : datasetBuffers(data);
}

try {
  const db = openCatalogue(dbFile, { readonly: true });
  try {
    const data = readReleaseData(db, request);
    const done: WorkerJobMessage<typeof data> = { type: 'done', result: data };
    port.postMessage(done, buffersOf(data));
  } finally {
    db.close();
  }
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  port.postMessage({ type: 'failed', message } satisfies WorkerJobMessage<never>);
}
