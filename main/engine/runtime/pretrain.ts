import path from 'node:path';
import packageJson from '../../../package.json';
import type { EvaluationRow } from '../../../shared/domain';
import { currentBackend } from './backend';
import type { EngineDataset } from '../../core/engine-dataset';
import type { ModelSettings, TrainProgress, TrainedModel } from '../models/model-definition';
import { manifestFormat, saveModel, type ModelManifest } from './model-store';
import { getModelDefinition } from '../models';
import { settingsHash } from '../models/settings-hash';
import { removeCheckpoint } from './checkpoint';
import { holdOutLatest, validationShare } from './validation-hold-out';

/**
 * Trains a registered model on a dataset and saves it with its manifest into the model store.
 * Deterministic given the seed (all randomness is seeded; the data order is the dataset's). A
 * model that early-stops on validation ratings trains without each dataset user's latest 10%,
 * which it is validated on.
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
// Imported, not read at run time: a path relative to this file does not hold in the bundles.
const packageVersion = packageJson.version;

export async function pretrain(opts: PretrainOptions): Promise<PretrainResult> {
  const def = await getModelDefinition(opts.model);
  const seed = opts.seed ?? defaultSeed;
  const settings = def.resolveSettings(opts.settings);
  const epochs: ModelManifest['epochs'] = [];
  const started = performance.now();
  let firstFraction: number | undefined;
  const split = def.usesValidation ? holdOutLatest(opts.dataset) : null;
  const model = await def.train(split?.train ?? opts.dataset, settings, {
    seed,
    signal: opts.signal,
    validation: split?.validation,
    checkpointDir: checkpointDirFor(opts.modelsDir, def.name),
    onProgress: (p) => {
      if (p.epoch > 0)
        epochs.push({
          epoch: p.epoch,
          loss: p.loss,
          ...(p.validationLoss !== undefined ? { validationLoss: p.validationLoss } : {}),
          ...(p.lossName !== undefined ? { lossName: p.lossName } : {}),
        });
      const elapsedSeconds = (performance.now() - started) / 1000;
      const etaSeconds = etaOf(p, elapsedSeconds, (firstFraction ??= p.fraction));
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
    ...(split
      ? { validation: { share: validationShare, ratings: split.validation.rating.length } }
      : {}),
    createdAt: new Date().toISOString(),
    backend: currentBackend()?.backend ?? null,
    trainSeconds,
    epochs,
    metrics: opts.metrics ?? [],
    ...(opts.why ? { why: opts.why } : {}),
  };
  const dir = await saveModel(opts.modelsDir, model, manifest);
  await removeCheckpoint(checkpointDirFor(opts.modelsDir, def.name));
  return { manifest, dir, model };
}

/** Where a model's training keeps its checkpoints: beside the model's folder, hidden. */
export function checkpointDirFor(modelsDir: string, name: string): string {
  return path.join(modelsDir, `.${name}.checkpoint`);
}

/**
 * Seconds left: from the share of the work done where the model reports one (stages of unequal
 * length; the rate is measured from the first report, so stages a resumed run skipped do not
 * count as this run's speed), else from the epochs.
 */
function etaOf(p: TrainProgress, elapsedSeconds: number, first: number | undefined): number | null {
  if (p.fraction !== undefined) {
    const done = p.fraction - (first ?? 0);
    return done > 0 ? (elapsedSeconds / done) * (1 - p.fraction) : null;
  }
  return p.epoch > 0 ? (elapsedSeconds / p.epoch) * (p.totalEpochs - p.epoch) : null;
}
