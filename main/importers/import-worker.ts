import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api';
import { openCatalogue } from '../catalogue/db';
import { adoptPendingWrites } from '../catalogue/pending-writes';
import { importPersonalExport } from './import-export';
import type { FromWorker, ImportResult, ImportWorkerData, ToWorker } from './import-job';
import { importRelease } from './import-release';
import type { ImportProgress } from './progress';

/**
 * Worker thread body for imports: opens its own connection to the catalogue file (WAL lets the
 * service keep reading meanwhile), runs the import, and reports progress and the outcome.
 * A cancel (the 'cancel' message, or the shared flag read at each progress report) aborts the
 * import, which rolls its writes back.
 */
const port = parentPort!;
const { dbFile, request, cancelFlag, pendingWrites } = workerData as ImportWorkerData;
// the service's writes, counted, so that the import lets go of the lock when one waits
adoptPendingWrites(pendingWrites);
const controller = new AbortController();
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') controller.abort();
});

async function run(): Promise<void> {
  const db = openCatalogue(dbFile);
  try {
    const options = {
      signal: controller.signal,
      onProgress: (progress: ImportProgress) => {
        if (Atomics.load(cancelFlag, 0) === 1) controller.abort();
        post({ type: 'progress', progress });
      },
    };
    let result: ImportResult;
    if (request.kind === 'release') result = await importRelease(db, request.source, options);
    else
      result = await importPersonalExport(
        db,
        request.profileId,
        request.source,
        request.format ?? 'auto',
        {
          ...options,
          userId: request.userId,
          dryRun: request.dryRun,
          conflicts: request.conflicts,
        },
      );
    post({ type: 'done', result });
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    post({
      type: 'failed',
      error: {
        name: error.name,
        message: error.message,
        code: err instanceof ApiError ? err.code : undefined,
      },
    });
  } finally {
    db.close();
    port.close();
  }
}

void run();
