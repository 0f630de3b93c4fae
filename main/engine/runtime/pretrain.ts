import { createRequire } from 'node:module';
import type { EvaluationRow } from '../../../shared/domain';
import { currentBackend } from './backend';
import type { EngineDataset } from '../../core/engine-dataset';
import type { ModelSettings, TrainProgress, TrainedModel } from '../models/model-definition';
import { manifestFormat, saveModel, type ModelManifest } from './model-store';
import { getModelDefinition } from '../models';
import { settingsHash } from '../models/settings-hash';

/**
 * Trains a registered model on a dataset and saves it with its manifest into the model store.
 * Deterministic given the seed (all randomness is seeded; the data order is the dataset's).
 */
export interface PretrainProgress extends TrainProgress {
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface PretrainOptions {
  dataset: EngineDataset;
  model: string;
  modelsDir: string;
  seed?: number;
  /** Overrides of the definition's defaults (e.g. epochs). */
  settings?: Partial<ModelSettings>;
  signal?: AbortSignal;
  onProgress?: (progress: PretrainProgress) => void;
  metrics?: EvaluationRow[];
  why?: string;
}

export interface PretrainResult {
  manifest: ModelManifest;
  dir: string;
  model: TrainedModel;
}

export const defaultSeed = 20240601;
const packageVersion = (
  createRequire(import.meta.url)('../../../package.json') as { version: string }
).version;

export async function pretrain(opts: PretrainOptions): Promise<PretrainResult> {
  const def = getModelDefinition(opts.model);
  const seed = opts.seed ?? defaultSeed;
  const settings = { ...def.defaults, ...stripUndefined(opts.settings ?? {}) } as ModelSettings;
  const epochs: ModelManifest['epochs'] = [];
  const started = performance.now();
  const model = await def.train(opts.dataset, settings, {
    seed,
    signal: opts.signal,
    onProgress: (p) => {
      epochs.push({
        epoch: p.epoch,
        loss: p.loss,
        ...(p.validationLoss !== undefined ? { validationLoss: p.validationLoss } : {}),
      });
      const elapsedSeconds = (performance.now() - started) / 1000;
      const etaSeconds =
        p.epoch > 0 ? (elapsedSeconds / p.epoch) * (p.totalEpochs - p.epoch) : null;
      opts.onProgress?.({ ...p, elapsedSeconds, etaSeconds });
    },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const d = opts.dataset;
  const manifest: ModelManifest = {
    format: manifestFormat,
    model: def.name,
    description: def.description,
    version: `${packageVersion}+${d.fingerprint}.${seed}.${settingsHash(settings)}`,
    dataset: {
      name: d.name,
      fingerprint: d.fingerprint,
      users: d.nUsers,
      items: d.nItems,
      ratings: d.ratings.rating.length,
    },
    settings,
    seed,
    createdAt: new Date().toISOString(),
    backend: currentBackend()?.backend ?? null,
    trainSeconds,
    epochs,
    metrics: opts.metrics ?? [],
    ...(opts.why ? { why: opts.why } : {}),
  };
  const dir = await saveModel(opts.modelsDir, model, manifest);
  return { manifest, dir, model };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
