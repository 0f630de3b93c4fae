import { ApiError } from '../../shared/api';
import type { ExportImportSummary } from '../../shared/domain';
import { startWorker } from '../util/workers';
import { pendingWrites } from '../catalogue/pending-writes';
import { ImportCancelledError, ImportError } from './errors';
import type { ReleaseImportReport } from './import-release';
import type {
  FromWorker,
  ImportRequest,
  ImportResult,
  ImportWorkerData,
  ToWorker,
} from './import-job';
import type { ProgressListener } from './progress';

export interface ImportJobOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/**
 * Runs an import in a worker thread against the catalogue file, forwarding progress; aborting
 * the signal cancels it (the worker rolls back). Rejects with ImportError (bad input),
 * ImportCancelledError, or ApiError (e.g. an unknown profile), carrying the worker's message.
 */
export function importInWorker(
  dbFile: string,
  request: ImportRequest & { kind: 'release' },
  options?: ImportJobOptions,
): Promise<ReleaseImportReport>;
export function importInWorker(
  dbFile: string,
  request: ImportRequest & { kind: 'export' },
  options?: ImportJobOptions,
): Promise<ExportImportSummary>;
export function importInWorker(
  dbFile: string,
  request: ImportRequest,
  options?: ImportJobOptions,
): Promise<ImportResult>;
export function importInWorker(
  dbFile: string,
  request: ImportRequest,
  options: ImportJobOptions = {},
): Promise<ImportResult> {
  return new Promise<ImportResult>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new ImportCancelledError());
    const data: ImportWorkerData = {
      dbFile,
      request,
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
      pendingWrites: pendingWrites(),
    };
    const worker = startWorker('import', { workerData: data });
    let settled = false;
    const cancel = () => {
      Atomics.store(data.cancelFlag, 0, 1);
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', cancel);
      fn();
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve(message.result));
      else finish(() => reject(rebuildError(message.error)));
    });
    worker.on('error', (err) =>
      finish(() => reject(new ImportError(`the import stopped unexpectedly: ${err.message}`))),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(new ImportError(`the import worker exited (code ${code}) before finishing`)),
      ),
    );
  });
}

function rebuildError(error: { name: string; message: string; code?: string }): Error {
  if (error.name === 'ImportCancelledError') return new ImportCancelledError();
  if (error.name === 'ApiError' && error.code)
    return new ApiError(error.code as ApiError['code'], error.message);
  if (error.name === 'ImportError') return new ImportError(error.message);
  return new Error(error.message);
}
