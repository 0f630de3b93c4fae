import { createHash } from 'node:crypto';
import type { EngineDataset } from '../core/engine-dataset';
import type { ModelSettings, TrainedModel } from '../engine/models/model-definition';
import { settingsHash } from '../engine/models/settings-hash';

interface Trained {
  key: string;
  model: TrainedModel;
  seconds: number;
}

/** The last training only: the protocols that share a split (C, D, E, F, F5) run one after another. */
let last: Trained | null = null;

function trainingKey(name: string, settings: ModelSettings, seed: number, data: EngineDataset) {
  const h = createHash('sha256');
  const { user, item, rating, time } = data.ratings;
  for (const a of [user, item, rating, time])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return `${name}|${settingsHash(settings)}|${seed}|${data.nUsers}|${data.nItems}|${h.digest('hex')}`;
}

/**
 * Trains an engine model once per model, settings, seed and training data: protocols C, D, E, F
 * and F5 all train on protocol C's split, and engine training never depends on the protocol. The
 * seconds are those of the training that ran, so every row reports the model's real train time.
 */
export async function trainOnce(
  name: string,
  settings: ModelSettings,
  seed: number,
  data: EngineDataset,
  train: () => Promise<TrainedModel>,
): Promise<{ model: TrainedModel; seconds: number }> {
  const key = trainingKey(name, settings, seed, data);
  if (last?.key === key) return last;
  last = null;
  const start = performance.now();
  const model = await train();
  const blend = (model as { sequenceBlend?: { weight: number; choice: unknown } }).sequenceBlend;
  if (blend?.choice)
    console.log(`${name}: sequence weight ${blend.weight}, ${JSON.stringify(blend.choice)}`);
  last = { key, model, seconds: (performance.now() - start) / 1000 };
  return last;
}
