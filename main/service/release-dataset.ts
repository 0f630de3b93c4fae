import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openCatalogue } from '../catalogue/db';
import { loadEngineDataset } from '../catalogue/training-data';
import type { JobOptions } from '../core/jobs';
import type { EngineDataset } from '../core/engine-dataset';
import { importRelease } from '../importers/import-release';
import { importJobProgress } from '../importers/progress';

/**
 * Reads a MovieLens release (a folder or zip) for pretraining (`pretrain --dataset PATH`): the
 * importer loads it into a throw-away catalogue and loadEngineDataset reads it back, exactly as
 * the app reads its own catalogue, so the model's movie ids are catalogue ids. The engine service
 * then trains on it in the training worker.
 */
export async function loadDatasetFromRelease(
  source: string,
  options?: Partial<JobOptions>,
): Promise<EngineDataset> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'movie-assistant-pretrain-'));
  const db = openCatalogue(path.join(dir, 'catalogue.db'));
  try {
    const onProgress = options?.onProgress;
    await importRelease(db, source, {
      signal: options?.signal,
      onProgress: onProgress && ((p) => onProgress(importJobProgress(p))),
    });
    return loadEngineDataset(db);
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
