import type { EngineDataset } from '../core/engine-dataset';
import { datasetRatings, type DatasetRatings, type ModelIndex } from '../core/ratings-csr';
import { runWorkerJob, type WorkerJob } from '../util/workers';
import type { Db } from './db';
import { activeRelease } from './releases';
import { loadEngineDataset, loadReleaseRatings } from './training-data';

/** What the release-data worker reads: a release's whole dataset, or its ratings for a model. */
export type ReleaseDataRequest =
  | { kind: 'dataset'; releaseId: number }
  | { kind: 'ratings'; releaseId: number; model: ModelIndex };

/** Reads what `request` asks of the catalogue `db` (on the thread that calls it). */
export function readReleaseData(
  db: Db,
  request: ReleaseDataRequest,
): EngineDataset | DatasetRatings {
  return request.kind === 'dataset'
    ? loadEngineDataset(db, request.releaseId)
    : datasetRatings(request.model, loadReleaseRatings(db, request.releaseId), { consume: true });
}

/** The reads running per catalogue file, so that closing the catalogue stops them. */
const running = new Map<string, Set<WorkerJob<unknown>>>();

/** Ends the reads of `db`'s file still running (their promises reject): the catalogue closes. */
export function stopReleaseReads(db: Db): void {
  for (const read of running.get(db.name) ?? []) read.stop();
}

/**
 * Reads a release's data in a worker thread on its own connection: 25M ratings take about 10 s
 * to read, and the thread that answers people goes on meanwhile. `signal` ends a read no longer
 * needed (a release imported meanwhile). An in-memory catalogue (tests) has no file to share:
 * read here.
 */
function readInWorker<T extends EngineDataset | DatasetRatings>(
  db: Db,
  request: ReleaseDataRequest,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(notNeeded());
  if (db.memory) return Promise.resolve(readReleaseData(db, request) as T);
  let why = 'the catalogue closed';
  const read = runWorkerJob<T>(
    'releaseData',
    { dbFile: db.name, request },
    { stopped: () => new Error(`reading the release stopped: ${why}`) },
  );
  const reads = running.get(db.name) ?? new Set<WorkerJob<unknown>>();
  running.set(db.name, reads.add(read));
  const abandon = () => {
    why = noLongerNeeded;
    read.stop();
  };
  signal?.addEventListener('abort', abandon, { once: true });
  const forget = () => {
    signal?.removeEventListener('abort', abandon);
    reads.delete(read);
    if (reads.size === 0 && running.get(db.name) === reads) running.delete(db.name);
  };
  read.result.then(forget, forget);
  return read.result;
}

const noLongerNeeded = 'no longer needed';
const notNeeded = () => new Error(`reading the release stopped: ${noLongerNeeded}`);

/** A release's every rating in a model's index spaces (the lists that count people). */
export function readReleaseRatings(
  db: Db,
  releaseId: number,
  model: ModelIndex,
  signal?: AbortSignal,
): Promise<DatasetRatings> {
  const index = { movieIds: model.movieIds, userKeys: model.userKeys };
  return readInWorker<DatasetRatings>(db, { kind: 'ratings', releaseId, model: index }, signal);
}

/** The active release's whole dataset (pretraining), or null without one. */
export async function readActiveDataset(db: Db): Promise<EngineDataset | null> {
  const release = activeRelease(db);
  return release
    ? readInWorker<EngineDataset>(db, { kind: 'dataset', releaseId: release.id })
    : null;
}
