import type { ConflictPolicy, ExportImportSummary } from '../../shared/domain';
import type { ExportFormat } from './export-formats';
import type { ReleaseImportReport } from './import-release';
import type { ImportProgress } from './progress';

/** What an import worker is asked to do. */
export type ImportRequest =
  | { kind: 'release'; source: string }
  | {
      kind: 'export';
      source: string;
      profileId: number;
      format?: ExportFormat | 'auto';
      /** Take only this person's rows from a multi-user ratings file. */
      userId?: number;
      /** Only count what the import would do. */
      dryRun?: boolean;
      conflicts?: ConflictPolicy;
    };

export type ImportResult = ReleaseImportReport | ExportImportSummary;

export interface ImportWorkerData {
  dbFile: string;
  request: ImportRequest;
  /**
   * Set to 1 on a cancel, besides the 'cancel' message: the worker reads it at every progress
   * report, so a cancel counts during synchronous stretches (a release's commit) that cannot
   * receive messages. Backed by a SharedArrayBuffer.
   */
  cancelFlag: Int32Array;
  /** The service's count of catalogue writes in progress (catalogue/pending-writes.ts), shared. */
  pendingWrites: Int32Array;
}

/** Messages between the service and an import worker. */
export type ToWorker = { type: 'cancel' };
export type FromWorker =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; error: { name: string; message: string; code?: string } };
