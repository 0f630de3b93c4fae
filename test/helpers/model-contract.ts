import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type {
  ModelDefinition,
  ModelSettings,
  PersonHistory,
  PersonalState,
  TrainedModel,
  TrainProgress,
} from '../../main/engine/models/model-definition';
import type { SequenceModelSettings } from '../../main/engine/models/sequence-model';
import { syntheticPerson } from './synthetic-dataset';

/**
 * What the model tests share: the contract suite (test/unit/model-contract.test.ts) runs every
 * registered model through these, and the per-model tests use them for what is their own.
 */

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

export async function trainWithProgress<S extends ModelSettings, M extends TrainedModel>(
  def: ModelDefinition<S, M>,
  data: EngineDataset,
  settings: Partial<S>,
  seed = 1,
): Promise<{ model: M; progress: TrainProgress[] }> {
  const progress: TrainProgress[] = [];
  const model = await def.train(data, settings, { seed, onProgress: (p) => progress.push(p) });
  return { model, progress };
}

export function scoresOf(model: TrainedModel, group: 0 | 1, nItems: number): Float32Array {
  return scoresFor(model, syntheticPerson(group, nItems));
}

/** The fold-in's ranking scores of a person. */
export function scoresFor(model: TrainedModel, person: PersonHistory): Float32Array {
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

/** Saves the model into a fresh folder, runs `use(dir)`, and removes the folder. */
export async function withSavedModel<T>(
  model: TrainedModel,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `model-${model.name}-`));
  try {
    await model.save(dir);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Trains with a signal that fires at the first progress report; what it threw, and the reports. */
export async function cancelledAtFirstProgress<S extends ModelSettings>(
  def: ModelDefinition<S>,
  data: EngineDataset,
  settings: Partial<S>,
): Promise<{ error: unknown; reports: number }> {
  const controller = new AbortController();
  let reports = 0;
  try {
    await def.train(data, settings, {
      seed: 1,
      signal: controller.signal,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    });
    return { error: null, reports };
  } catch (error) {
    return { error, reports };
  }
}

/**
 * How well a state fits the person's own ratings: for rating models the mean squared error of the
 * predicted ratings; for ranking-only models the mean share of the catalogue ranked above each
 * movie the person rated (0 when every rated movie is at the top).
 */
export function ownLoss(model: TrainedModel, state: PersonalState, person: PersonHistory): number {
  const n = person.items.length;
  if (model.predictsRatings) {
    const predicted = model.predictRatings(state, person, person.items);
    return predicted.reduce((a, p, j) => a + (p - person.ratings[j]) ** 2, 0) / n;
  }
  const scores = new Float32Array(model.movieIds.length);
  model.scoreAll(state, person, scores);
  let above = 0;
  for (const i of person.items) for (const s of scores) if (s > scores[i]) above++;
  return above / (n * scores.length);
}

/** Median milliseconds of `runs` calls of `f`. */
export function medianMs(f: () => void, runs = 5): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
