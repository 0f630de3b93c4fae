import { z } from 'zod';
import {
  AbortError,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainedModel,
} from './model-definition';
import type { ModelSettings } from './model-definition';
import { VectorModel } from './vector-model';

/**
 * What the engine's sequence rating models (conv-attn-lstm, kg-attn-lstm) share once trained: a
 * person is their encoded history (the fold-in runs the network's sequence part once), ratings
 * come from the network plus a personal bias, ranking adds the engine's popularity prior
 * (weight · ln(1 + ratings of the movie), as biased-mf does: a predicted rating says how much a
 * person would like a movie, not whether they would watch it), and fine-tuning fits the personal
 * bias to the person's own ratings in closed form (shrunk towards 0). Shared weights never change.
 */
export interface SequenceModelCommon {
  movieIds: Int32Array;
  userKeys: Int32Array;
  scale: { min: number; max: number };
  itemCount: Float32Array;
  dim: number;
  itemVectors: Float32Array;
  userVectors: Float32Array;
}

export interface SequenceModelSettings extends ModelSettings {
  rankingPopularityWeight: number;
  /** Shrinkage (in ratings) of the personal bias fitted by fineTune. */
  personalBiasShrink: number;
  hidden: number;
  learningRate: number;
  /** Windows per batch (each holds up to maxLen − 1 rating targets). */
  batchSize: number;
  maxLen: number;
  epochs: number;
  patience: number;
  validationShare: number;
  l2: number;
  /** Running rating level shrinkage, in ratings. */
  deviationShrink: number;
  initStd: number;
  /** Ablation switches: the model's attention, and its LSTM over the sequence. */
  attention: boolean;
  lstm: boolean;
}

/** The schema fields of SequenceModelSettings, with a model's own defaults. */
export function sequenceSettingsShape(d: SequenceModelSettings) {
  return {
    rankingPopularityWeight: z.number().default(d.rankingPopularityWeight),
    personalBiasShrink: z.number().nonnegative().default(d.personalBiasShrink),
    hidden: z.number().int().positive().default(d.hidden),
    learningRate: z.number().positive().default(d.learningRate),
    batchSize: z.number().int().positive().default(d.batchSize),
    maxLen: z.number().int().positive().default(d.maxLen),
    epochs: z.number().int().positive().default(d.epochs),
    patience: z.number().int().positive().default(d.patience),
    validationShare: z.number().min(0).lt(1).default(d.validationShare),
    l2: z.number().nonnegative().default(d.l2),
    deviationShrink: z.number().nonnegative().default(d.deviationShrink),
    initStd: z.number().nonnegative().default(d.initStd),
    attention: z.boolean().default(d.attention),
    lstm: z.boolean().default(d.lstm),
  };
}

export abstract class SequenceRatingModel<S extends SequenceModelSettings>
  extends VectorModel
  implements TrainedModel
{
  abstract readonly name: string;
  readonly predictsRatings = true;
  protected readonly itemCount: Float32Array;
  private readonly popularityPrior: Float32Array;

  constructor(
    readonly settings: S,
    common: SequenceModelCommon,
  ) {
    super({
      dim: common.dim,
      movieIds: common.movieIds,
      userKeys: common.userKeys,
      itemVectors: common.itemVectors,
      datasetUserVectors: common.userVectors,
      scale: common.scale,
    });
    this.itemCount = common.itemCount;
    const weight = settings.rankingPopularityWeight;
    this.popularityPrior = Float32Array.from(common.itemCount, (n) => weight * Math.log1p(n));
  }

  /** The network's predictions (no personal bias) for `items`, or every item when null. */
  protected abstract predictRaw(
    state: PersonalState,
    history: PersonHistory,
    items: Int32Array | null,
  ): Float32Array;
  abstract foldIn(history: PersonHistory): PersonalState;
  abstract explain(state: PersonalState, history: PersonHistory, item: number): Float32Array;
  abstract save(dir: string): Promise<void>;

  protected personalBias(state: PersonalState): number {
    return state.params.bias?.[0] ?? 0;
  }

  async fineTune(
    history: PersonHistory,
    start: PersonalState,
    options: FineTuneOptions = {},
  ): Promise<FineTuneResult> {
    if (options.signal?.aborted) throw new AbortError();
    const n = history.items.length;
    const raw = n ? this.predictRaw(start, history, history.items) : new Float32Array(0);
    let residual = 0;
    for (let j = 0; j < n; j++) residual += history.ratings[j] - raw[j];
    const bias = n ? residual / (n + this.settings.personalBiasShrink) : 0;
    let loss = 0;
    for (let j = 0; j < n; j++) {
      const p = Math.min(this.scale.max, Math.max(this.scale.min, raw[j] + bias));
      loss += (p - history.ratings[j]) ** 2;
    }
    loss = n ? loss / n : 0;
    options.onStep?.(1, 1, loss);
    return {
      state: {
        ...start,
        params: { ...start.params, bias: Float32Array.of(bias) },
        kind: 'fine-tuned',
      },
      steps: 1,
      finalLoss: loss,
    };
  }

  scoreAll(state: PersonalState, history: PersonHistory, out: Float32Array): void {
    const raw = this.predictRaw(state, history, null);
    const bias = this.personalBias(state);
    for (let i = 0; i < raw.length; i++) out[i] = raw[i] + bias + this.popularityPrior[i];
  }

  predictRatings(state: PersonalState, history: PersonHistory, items: Int32Array): Float32Array {
    const raw = this.predictRaw(state, history, items);
    const bias = this.personalBias(state);
    return raw.map((r) => Math.min(this.scale.max, Math.max(this.scale.min, r + bias)));
  }
}

/** Squared error of clipped predictions, summed over weighted targets. */
export function clippedSse(
  pred: Float32Array,
  target: Float32Array,
  weight: Float32Array,
  scale: { min: number; max: number },
): number {
  let sse = 0;
  for (let k = 0; k < pred.length; k++) {
    if (weight[k] === 0) continue;
    const p = Math.min(scale.max, Math.max(scale.min, pred[k]));
    sse += weight[k] * (p - target[k]) ** 2;
  }
  return sse;
}

/** An inverted-dropout mask (values 0 or 1/(1−rate)) drawn from the model's seeded Rng. */
export function dropoutMask(size: number, rate: number, next: () => number): Float32Array {
  const out = new Float32Array(size);
  const keep = 1 / (1 - rate);
  for (let k = 0; k < size; k++) out[k] = next() < rate ? 0 : keep;
  return out;
}
