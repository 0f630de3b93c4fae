import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type {
  ModelDefinition,
  ModelSettings,
  TrainedModel,
  TrainProgress,
} from '../../main/engine/models/model-definition';
import type { SequenceModelSettings } from '../../main/engine/models/sequence-model';
import { syntheticPerson } from './synthetic-dataset';

/**
 * The sequence models' training settings for the synthetic dataset: short windows, small batches,
 * a fast learning rate, no validation hold-out, and the L2 these tests were written with (the
 * defaults' L2 is tuned for MovieLens).
 */
export const tinySequenceTraining = {
  hidden: 16,
  maxLen: 10,
  batchSize: 4,
  epochs: 15,
  learningRate: 0.01,
  l2: 1e-5,
  validationShare: 0,
  rankingPopularityWeight: 0,
} satisfies Partial<SequenceModelSettings>;

/**
 * Checks every engine model definition must pass on a tiny dataset: the training loss falls, the
 * same seed gives the same model, save → load gives the same scores, an abort stops training with
 * an AbortError, and a new person's fold-in / fine-tune rank their taste group's movies first.
 */
export async function trainWithProgress<S extends ModelSettings>(
  def: ModelDefinition<S>,
  data: EngineDataset,
  settings: S,
  seed = 1,
): Promise<{ model: TrainedModel; progress: TrainProgress[] }> {
  const progress: TrainProgress[] = [];
  const model = await def.train(data, settings, { seed, onProgress: (p) => progress.push(p) });
  return { model, progress };
}

export function scoresOf(model: TrainedModel, group: 0 | 1, nItems: number): Float32Array {
  const person = syntheticPerson(group, nItems);
  const out = new Float32Array(model.movieIds.length);
  model.scoreAll(model.foldIn(person), person, out);
  return out;
}

/** Mean score of the unrated movies of the person's group minus the other group's. */
export function groupMargin(scores: Float32Array, group: 0 | 1): number {
  const sum = [0, 0];
  const count = [0, 0];
  for (let i = 16; i < scores.length; i++) {
    const k = i % 2 === group ? 0 : 1;
    sum[k] += scores[i];
    count[k]++;
  }
  return sum[0] / count[0] - sum[1] / count[1];
}

export async function saveLoadScores<S extends ModelSettings>(
  def: ModelDefinition<S>,
  model: TrainedModel,
  settings: S,
  nItems: number,
): Promise<{ before: Float32Array; after: Float32Array }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `model-${def.name}-`));
  try {
    await model.save(dir);
    const loaded = await def.load(dir, settings);
    return { before: scoresOf(model, 0, nItems), after: scoresOf(loaded, 0, nItems) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function abortedTraining<S extends ModelSettings>(
  def: ModelDefinition<S>,
  data: EngineDataset,
  settings: S,
): Promise<unknown> {
  const controller = new AbortController();
  try {
    await def.train(data, settings, {
      seed: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    return null;
  } catch (e) {
    return e;
  }
}
