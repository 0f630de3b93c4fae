import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackendName } from '../../shared/domain';
import type { JobOptions } from '../api/ports';
import { loadEngineDataset } from '../catalogue/training-data';
import { openCatalogue } from '../catalogue/db';
import { importRelease } from '../importers/import-release';
import { importJobProgress } from '../importers/progress';
import type { EngineDataset } from './dataset';
import type { ModelManifest } from './model-store';
import { readDefaultChoice, writeDefaultChoice } from './model-store';
import { fallbackModelName } from './models';
import { runTrainingJob } from './run-training-job';
import type { TrainingProgress } from './training-jobs';

/**
 * Pretraining from outside the app: `npm run pretrain -- --dataset <path>`. A dataset path (a
 * MovieLens folder or zip) is imported with the importer into a temporary catalogue and read back
 * with loadEngineDataset, exactly as the app reads its own catalogue, so the model's movie ids are
 * catalogue ids. Training runs in the training worker.
 */
export interface RunPretrainOptions {
  /** A MovieLens release (folder or zip), or a dataset already in memory. */
  dataset: string | EngineDataset;
  model?: string;
  seed?: number;
  /** The models folder to write `<model>/` into (default: the repository's models/). */
  out?: string;
  epochs?: number;
  backend?: BackendName;
  /** Record the model as the store's default, with this reason. */
  makeDefault?: string;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
}

export const repositoryModelsDir = path.resolve(import.meta.dirname, '../../models');

/** Reads a MovieLens release through a throw-away catalogue (the importer's own path). */
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

export async function runPretrain(
  opts: RunPretrainOptions,
): Promise<{ manifest: ModelManifest; dir: string; seconds: number }> {
  const dataset =
    typeof opts.dataset === 'string'
      ? await loadDatasetFromRelease(opts.dataset, { signal: opts.signal })
      : opts.dataset;
  const modelsDir = path.resolve(opts.out ?? repositoryModelsDir);
  // Without --model, pretrain the model the quality benchmark chose for the app.
  const model =
    opts.model ??
    (await readDefaultChoice(modelsDir))?.model ??
    (await readDefaultChoice(repositoryModelsDir))?.model ??
    fallbackModelName;
  const outcome = await runTrainingJob(
    {
      kind: 'pretrain',
      dataset,
      model,
      modelsDir,
      seed: opts.seed,
      settings: opts.epochs ? { epochs: opts.epochs } : undefined,
      why: opts.makeDefault,
    },
    { signal: opts.signal, onProgress: opts.onProgress, backend: opts.backend },
  );
  if (opts.makeDefault)
    await writeDefaultChoice(modelsDir, outcome.manifest.model, opts.makeDefault);
  return { manifest: outcome.manifest, dir: outcome.dir, seconds: outcome.seconds };
}
