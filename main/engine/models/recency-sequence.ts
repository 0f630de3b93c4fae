import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EngineDataset } from '../../core/engine-dataset';
import { Rng } from '../numeric/rng';
import { Yielder } from '../runtime/yield';
import {
  throwIfTrainingAborted,
  type FineTuneOptions,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
} from './model-definition';
import { sasrec, sasrecSettings, type SasrecModel, type SasrecSettings } from './sasrec';

/**
 * The sequence part of the recency hybrid: a sasrec network trained on the release, whose
 * next-movie scores are added to the EASE ranking scores. The two are on different scales, so the
 * network's catalogue-centred scores qc_i = h·(e_i − ē) are brought to the typical spread of the
 * EASE scores of a history of that length: taste + f(n) · qc, f(n) = w · a · n^b, with a and b
 * fitted at training to sd(taste) / sd(q) over prefixes of dataset users' histories
 * (fitSequenceScale). As f depends on the history's length alone, the leave-one-out drop of the
 * blend is exact and cheap: f(n) · qc(H) − f(n − 1) · qc(H without t), the network rerun without
 * each movie (sasrec's cached reruns). With no ratings f is 0, so a new profile's first list is
 * unchanged.
 */
export type SequencePartSettings = {
  /** w above; 0 trains no network; "auto" chooses it on validation (sequence-weight.ts). */
  sequenceWeight: number | 'auto';
  sequenceEpochs: number;
  /** Caps epochs × ratings, so a larger release trains fewer epochs (ml-1m: a tenth). */
  sequenceRatingEpochs: number;
  sequenceDim: number;
  sequenceBlocks: number;
  sequenceMaxLength: number;
  sequenceDropout: number;
  /** sasrec's loss: the softmax over the next movie and sampled ones, or the paper's BCE. */
  sequenceLoss: 'softmax' | 'bce';
  sequenceNegatives: number;
  sequenceFineTuneSteps: number;
  /** The network reads each movie's rating level with it (sasrec's ratingInput). */
  sequenceRatingInput: boolean;
};

/**
 * w "auto": chosen on validation at training (sequence-weight.ts; docs/MODELS.md, "The default's
 * sequence network").
 */
export const sequencePartDefaults: SequencePartSettings = {
  sequenceWeight: 'auto',
  sequenceEpochs: 150,
  sequenceRatingEpochs: 40_000_000,
  sequenceDim: 64,
  sequenceBlocks: 2,
  sequenceMaxLength: 200,
  sequenceDropout: 0.2,
  sequenceLoss: 'softmax',
  sequenceNegatives: 256,
  sequenceFineTuneSteps: 30,
  sequenceRatingInput: true,
};

/** The network's loss in progress reports (the EASE and ALS parts report rating error). */
export const sequenceLossName = 'next-movie loss (network)';

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
    loss: s.sequenceLoss,
    negatives: s.sequenceNegatives,
    epochs: Math.max(1, Math.min(s.sequenceEpochs, budget)),
    fineTuneSteps: s.sequenceFineTuneSteps,
    ratingInput: s.sequenceRatingInput,
  });
}

export async function trainSequencePart(
  data: EngineDataset,
  s: SequencePartSettings,
  hooks: TrainHooks,
  epochOffset: number,
  totalEpochs: number,
): Promise<SasrecModel> {
  return sasrec.train(data, sequenceNetworkSettings(s, data.ratings.rating.length), {
    seed: hooks.seed,
    signal: hooks.signal,
    onProgress: (p) =>
      hooks.onProgress?.({
        epoch: epochOffset + p.epoch,
        totalEpochs,
        loss: p.loss,
        lossName: sequenceLossName,
      }),
  });
}

/** How many epochs the part trains on a release of `ratings` ratings (0 when it is off). */
export function sequenceEpochsFor(s: SequencePartSettings, ratings: number): number {
  const on = s.sequenceWeight === 'auto' || s.sequenceWeight > 0;
  return on ? sequenceNetworkSettings(s, ratings).epochs : 0;
}

export async function saveSequencePart(dir: string, network: SasrecModel): Promise<void> {
  const sub = path.join(dir, folder);
  await mkdir(sub);
  await network.save(sub);
}

/**
 * The saved network with its stored scale, or null when the model was trained without one (or is
 * loaded with the part off); a network saved without its scale is refused.
 */
export async function loadSequencePart(
  dir: string,
  s: SequencePartSettings,
  weight: number,
  stored: Partial<SequenceScale> | undefined,
): Promise<{ network: SasrecModel; scale: SequenceScale } | null> {
  const sub = path.join(dir, folder);
  if (weight <= 0 || !existsSync(sub)) return null;
  const { a, b } = stored ?? {};
  if (typeof a !== 'number' || typeof b !== 'number')
    throw new Error(
      "this recency-hybrid model's sequence network was saved without its blend scale (an older build); pretrain it again",
    );
  // the epochs do not shape the saved network; any value loads it
  return { network: await sasrec.load(sub, sequenceNetworkSettings(s, 1)), scale: { a, b } };
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

export function foldInSequence(network: SasrecModel, history: PersonHistory) {
  return asParams(network.foldIn(history));
}

export async function fineTuneSequence(
  network: SasrecModel,
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

/** sd(taste) / sd(network scores) ≈ a · n^b for a history of n ratings. */
export interface SequenceScale {
  a: number;
  b: number;
}

/** f(n) = w · a · n^b, the factor of the centred network scores; 0 without ratings. */
export function sequenceFactor(scale: SequenceScale, weight: number, n: number): number {
  return n > 0 ? weight * scale.a * n ** scale.b : 0;
}

/** Dataset users sampled for the fit, and the history lengths each is cut to. */
const scaleUsers = 400;
const scalePrefixes = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/**
 * Fits log(sd(taste) / sd(q)) = log a + b · log n by least squares over up to 400 dataset users
 * (≥ 2 ratings, drawn with the seed) cut to the prefixes 1, 2, 3, 5, 10, 20, 50, … of their
 * history and the whole of it. `taste` gives the EASE scores of a history.
 */
export async function fitSequenceScale(
  network: SasrecModel,
  histories: PersonHistory[],
  taste: (history: PersonHistory, out: Float32Array) => void,
  seed: number,
  signal?: AbortSignal,
): Promise<SequenceScale> {
  const eligible = Int32Array.from(
    Array.from(histories.keys()).filter((u) => histories[u].items.length >= 2),
  );
  const order = new Rng(seed).permutation(eligible.length);
  const t = new Float32Array(network.movieIds.length);
  const q = new Float32Array(network.movieIds.length);
  const xs: number[] = [];
  const ys: number[] = [];
  const yielder = new Yielder(50);
  for (const k of order.subarray(0, scaleUsers)) {
    const h = histories[eligible[k]];
    const n = h.items.length;
    for (const length of [...scalePrefixes.filter((p) => p < n), n]) {
      throwIfTrainingAborted(signal);
      const prefix = {
        items: h.items.subarray(0, length),
        ratings: h.ratings.subarray(0, length),
        times: h.times.subarray(0, length),
      };
      taste(prefix, t);
      network.scoreAll(network.foldIn(prefix), prefix, q);
      const ratio = meanAndSd(t).sd / meanAndSd(q).sd;
      if (ratio > 0 && Number.isFinite(ratio)) {
        xs.push(Math.log(length));
        ys.push(Math.log(ratio));
      }
      await yielder.maybeYield();
    }
  }
  if (xs.length === 0) return { a: 0, b: 0 };
  const mx = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const my = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, k) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (ys[k] - my);
  });
  const b = sxx > 0 ? sxy / sxx : 0;
  return { a: Math.exp(my - b * mx), b };
}

/** ē, the mean item vector: h·ē is the catalogue mean of the network's scores h·e_i. */
export function meanItemVector(network: SasrecModel): Float32Array {
  const d = network.dim;
  const e = network.itemVectors;
  const nI = network.movieIds.length;
  const sum = new Float64Array(d);
  for (let i = 0; i < nI; i++) for (let c = 0; c < d; c++) sum[c] += e[i * d + c];
  return Float32Array.from(sum, (x) => x / Math.max(1, nI));
}

/**
 * Adds f(n) · qc(H) to `out`, qc the network's scores of the person (folding in when the state
 * has none) less their catalogue mean h·ē; `q` is scratch.
 */
export function addSequenceScores(
  network: SasrecModel,
  mean: Float32Array,
  factor: number,
  state: PersonalState,
  history: PersonHistory,
  out: Float32Array,
  q: Float32Array,
): void {
  if (factor === 0) return;
  const own = networkState(state) ?? network.foldIn(history);
  network.scoreAll(own, history, q);
  let centre = 0;
  for (let c = 0; c < mean.length; c++) centre += own.userVector[c] * mean[c];
  for (let i = 0; i < out.length; i++) out[i] += factor * (q[i] - centre);
}

/**
 * How much `item`'s blended network score drops when each movie leaves the history:
 * f(n) · qc(H) − f(n − 1) · qc(H without it), from sasrec's cached reruns (with the state's
 * adapter); a movie older than the network's window leaves qc as it is but f still changes.
 */
export function sequenceDrops(
  network: SasrecModel,
  mean: Float32Array,
  factors: { full: number; without: number },
  state: PersonalState,
  history: PersonHistory,
  item: number,
): Float64Array {
  const d = network.dim;
  const e = network.itemVectors;
  const centred = Float32Array.from(mean, (m, c) => e[item * d + c] - m);
  const own = networkState(state) ?? network.foldIn(history);
  const x = network.leftOutScores(own, history, centred);
  return x.without.map((s) => factors.full * x.full - factors.without * s);
}
