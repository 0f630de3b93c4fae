import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EngineDataset } from '../../core/engine-dataset';
import type {
  FineTuneOptions,
  PersonHistory,
  PersonalState,
  TrainHooks,
  TrainedModel,
} from './model-definition';
import { sasrec, sasrecSettings, type SasrecSettings } from './sasrec';

/**
 * The sequence part of the recency hybrid: a sasrec network trained on the release, whose
 * next-movie scores are added to the EASE ranking scores. The two are on different scales, so the
 * network's scores are standardised over the catalogue and brought to the spread of the person's
 * own EASE scores: taste + w · sd(taste) · (q − mean q) / sd(q). With no ratings the EASE scores
 * are all zero, so a new profile's first list is unchanged.
 */
export type SequencePartSettings = {
  /** w above; 0 trains no network. */
  sequenceWeight: number;
  sequenceEpochs: number;
  /** Caps epochs × ratings, so a larger release trains fewer epochs (ml-1m: a tenth). */
  sequenceRatingEpochs: number;
  sequenceDim: number;
  sequenceBlocks: number;
  sequenceMaxLength: number;
  sequenceDropout: number;
  sequenceFineTuneSteps: number;
};

/**
 * Off by default: w = 3 (chosen on validation) lifts protocol B, but explain then scales the
 * network's drops by the full history's factor, so a card's reasons are not the exact
 * leave-one-out drops (docs/MODELS.md, "The default's sequence network").
 */
export const sequencePartDefaults: SequencePartSettings = {
  sequenceWeight: 0,
  sequenceEpochs: 400,
  sequenceRatingEpochs: 40_000_000,
  sequenceDim: 64,
  sequenceBlocks: 2,
  sequenceMaxLength: 200,
  sequenceDropout: 0.5,
  sequenceFineTuneSteps: 30,
};

/** The folder of the model's directory the network is saved in. */
const folder = 'sequence';

/** The sasrec settings of the part, its epochs cut to the rating budget. */
export function sequenceNetworkSettings(s: SequencePartSettings, ratings: number): SasrecSettings {
  const budget = Math.floor(s.sequenceRatingEpochs / Math.max(1, ratings));
  return sasrecSettings.parse({
    dim: s.sequenceDim,
    blocks: s.sequenceBlocks,
    maxLength: s.sequenceMaxLength,
    dropout: s.sequenceDropout,
    epochs: Math.max(1, Math.min(s.sequenceEpochs, budget)),
    fineTuneSteps: s.sequenceFineTuneSteps,
  });
}

export async function trainSequencePart(
  data: EngineDataset,
  s: SequencePartSettings,
  hooks: TrainHooks,
  epochOffset: number,
  totalEpochs: number,
): Promise<TrainedModel> {
  return sasrec.train(data, sequenceNetworkSettings(s, data.ratings.rating.length), {
    seed: hooks.seed,
    signal: hooks.signal,
    onProgress: (p) =>
      hooks.onProgress?.({ epoch: epochOffset + p.epoch, totalEpochs, loss: p.loss }),
  });
}

/** How many epochs the part trains on a release of `ratings` ratings (0 when it is off). */
export function sequenceEpochsFor(s: SequencePartSettings, ratings: number): number {
  return s.sequenceWeight > 0 ? sequenceNetworkSettings(s, ratings).epochs : 0;
}

export async function saveSequencePart(dir: string, network: TrainedModel): Promise<void> {
  const sub = path.join(dir, folder);
  await mkdir(sub);
  await network.save(sub);
}

/** The saved network, or null when the model was trained without one. */
export async function loadSequencePart(
  dir: string,
  s: SequencePartSettings,
): Promise<TrainedModel | null> {
  const sub = path.join(dir, folder);
  if (s.sequenceWeight <= 0 || !existsSync(sub)) return null;
  // the epochs do not shape the saved network; any value loads it
  return sasrec.load(sub, sequenceNetworkSettings(s, 1));
}

/** The network's state, kept in the hybrid's state as `sequence*` params. */
function networkState(state: PersonalState): PersonalState | null {
  const { sequenceVector, sequenceGamma, sequenceDelta } = state.params;
  if (!sequenceVector) return null;
  return {
    model: 'sasrec',
    userVector: sequenceVector,
    params: sequenceGamma && sequenceDelta ? { gamma: sequenceGamma, delta: sequenceDelta } : {},
    kind: state.kind,
  };
}

function asParams(state: PersonalState): Record<string, Float32Array> {
  const { gamma, delta } = state.params;
  return {
    sequenceVector: state.userVector,
    ...(gamma && delta ? { sequenceGamma: gamma, sequenceDelta: delta } : {}),
  };
}

export function foldInSequence(network: TrainedModel, history: PersonHistory) {
  return asParams(network.foldIn(history));
}

export async function fineTuneSequence(
  network: TrainedModel,
  history: PersonHistory,
  start: PersonalState,
  options: FineTuneOptions,
): Promise<{ params: Record<string, Float32Array>; steps: number }> {
  const from = networkState(start) ?? network.foldIn(history);
  const result = await network.fineTune!(history, from, options);
  return { params: asParams(result.state), steps: result.steps };
}

function meanAndSd(a: Float32Array): { mean: number; sd: number } {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length || 1;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) * (a[i] - m);
  return { mean: m, sd: Math.sqrt(v / (a.length || 1)) };
}

/**
 * Blends the network's scores `q` into `taste` in place; returns the factor that multiplied
 * q (0 when either side has no spread), so an explanation can scale the network's drops alike.
 */
export function blendSequenceScores(taste: Float32Array, q: Float32Array, weight: number): number {
  const t = meanAndSd(taste);
  const n = meanAndSd(q);
  if (t.sd === 0 || n.sd === 0) return 0;
  const factor = (weight * t.sd) / n.sd;
  for (let i = 0; i < taste.length; i++) taste[i] += factor * (q[i] - n.mean);
  return factor;
}

/** The network's scores for the person (folding in when the state has none) into `out`. */
export function sequenceScores(
  network: TrainedModel,
  state: PersonalState,
  history: PersonHistory,
  out: Float32Array,
): void {
  network.scoreAll(networkState(state) ?? network.foldIn(history), history, out);
}

/** The network's leave-one-out drops of `item`'s score (see sasrec's explain). */
export function sequenceDrops(
  network: TrainedModel,
  state: PersonalState,
  history: PersonHistory,
  item: number,
): Float32Array {
  return network.explain!(networkState(state) ?? network.foldIn(history), history, item);
}
