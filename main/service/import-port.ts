import type { ImportPort } from '../api/ports';
import type { JobOptions } from '../core/jobs';
import type { ImportRequest, ImportResult } from '../importers/import-job';
import { importJobProgress } from '../importers/progress';
import { importInWorker } from '../importers/run-import-job';

/**
 * Imports run in the importers' worker thread against the service's catalogue file, one at a
 * time: each is one write transaction, and a second writer would only wait on SQLite's lock.
 */
export function importPort(dbFile: string): ImportPort {
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;

  const run = (request: ImportRequest, options: JobOptions): Promise<ImportResult> => {
    if (pending > 0) {
      options.onProgress({
        phase: 'waiting for another import',
        current: 0,
        total: null,
        unit: 'bytes',
      });
    }
    pending += 1;
    const next = queue
      .catch(() => undefined)
      .then(() => {
        options.signal.throwIfAborted();
        return importInWorker(dbFile, request, {
          signal: options.signal,
          onProgress: (p) => options.onProgress(importJobProgress(p)),
        });
      });
    queue = next.catch(() => undefined).finally(() => (pending -= 1));
    return next;
  };

  return {
    importRelease: (source, options) =>
      run({ kind: 'release', source }, options) as ReturnType<ImportPort['importRelease']>,
    importExport: (profileId, source, format, userId, options, plan) =>
      run({ kind: 'export', profileId, source, format, userId, ...plan }, options) as ReturnType<
        ImportPort['importExport']
      >,
  };
}
