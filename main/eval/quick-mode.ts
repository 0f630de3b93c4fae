import type { ModelSettings } from '../engine/models/model-definition';

/**
 * The one quick mode (a smoke test of the pipeline in CI, never a reported figure): the harness
 * (`quick: true`), `bench quality --quick` and the recorded runs' --quick all train with
 * quickSettings and evaluate every quickUserStride-th person in protocols B and C.
 */
export const quickUserStride = 10;

/** Caps applied in quick mode. */
const caps: Record<string, (v: number) => number> = {
  epochs: () => 1,
  alsIterations: (v) => Math.min(v, 2),
  transeEpochs: (v) => Math.min(v, 2),
  maxLen: (v) => Math.min(v, 5),
  seqLength: (v) => Math.min(v, 5),
  batchSize: (v) => Math.max(v, 512),
  dim: (v) => Math.min(v, 16),
  filters: (v) => Math.min(v, 16),
  lstmUnits: (v) => Math.min(v, 16),
  hidden: (v) => Math.min(v, 16),
  graphDim: (v) => Math.min(v, 16),
  itemDim: (v) => Math.min(v, 16),
  attentionDim: (v) => Math.min(v, 16),
  embedDim: (v) => Math.min(v, 16),
  units: (v) => Math.min(v, 16),
  sequenceEpochs: () => 1,
  sequenceDim: (v) => Math.min(v, 16),
  sequenceMaxLength: (v) => Math.min(v, 20),
};

/**
 * The settings a quick run uses instead of `settings`: one epoch, short sequences, narrow
 * layers, large batches, so every model and ablation trains in seconds on two shared cores. Only
 * numeric keys the settings already have are changed; the ablation switches are kept.
 */
export function quickSettings(settings: ModelSettings): ModelSettings {
  const out: ModelSettings = { ...settings };
  for (const [key, cap] of Object.entries(caps)) {
    const v = out[key];
    if (typeof v === 'number') out[key] = cap(v);
  }
  return out;
}
