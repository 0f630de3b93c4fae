import type { EngineDataset } from '../../core/engine-dataset';
import type { PersonHistory } from './model-definition';
import type { Rng } from '../numeric/rng';

/**
 * Chronological rating sequences for the engine's sequence models (conv-attn-lstm, kg-attn-lstm):
 * per-user histories, fixed-length training windows over them, and the batch arrays a window
 * batch turns into. A window holds up to `maxLen` consecutive ratings, left-padded; the model's
 * state after step t−1 predicts the rating at step t. Windows overlap by half, and each rating is
 * a target in exactly one window, with at least maxLen/2 ratings of context (or all there are).
 */
export function chronologicalHistories(data: EngineDataset): PersonHistory[] {
  const { user, item, rating, time } = data.ratings;
  const buckets: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let k = 0; k < user.length; k++) buckets[user[k]].push(k);
  const movieId = data.movieIds;
  return buckets.map((ks) => {
    ks.sort((a, b) => time[a] - time[b] || movieId[item[a]] - movieId[item[b]]);
    return {
      items: Int32Array.from(ks, (k) => item[k]),
      ratings: Float32Array.from(ks, (k) => rating[k]),
      times: Float64Array.from(ks, (k) => time[k]),
    };
  });
}

/**
 * The person's running rating level before each step: dev[t] = Σ_{j<t}(r_j − μ) / (t + shrink),
 * and dev[n] = the level after the whole history (what a new prediction uses).
 */
export function runningDeviation(
  ratings: Float32Array,
  mean: number,
  shrink: number,
): Float32Array {
  const out = new Float32Array(ratings.length + 1);
  let s = 0;
  for (let t = 0; t <= ratings.length; t++) {
    out[t] = s / (t + shrink);
    if (t < ratings.length) s += ratings[t] - mean;
  }
  return out;
}

export interface SequenceWindow {
  user: number;
  /** First history index in the window (inclusive) and one past the last. */
  start: number;
  end: number;
  /** History indices ≥ this are targets of this window (and index ≥ 1). */
  firstTarget: number;
}

/** Windows over every user's history; `holdout[u]` = how many final ratings are validation-only. */
export function buildWindows(
  histories: readonly PersonHistory[],
  maxLen: number,
): SequenceWindow[] {
  const half = Math.max(1, Math.floor(maxLen / 2));
  const out: SequenceWindow[] = [];
  histories.forEach((h, user) => {
    const n = h.items.length;
    if (n < 2) return;
    let firstTarget = 1;
    let end = Math.min(n, maxLen);
    out.push({ user, start: 0, end, firstTarget });
    while (end < n) {
      firstTarget = end;
      end = Math.min(n, end + half);
      out.push({ user, start: end - maxLen < 0 ? 0 : end - maxLen, end, firstTarget });
    }
  });
  return out;
}

/** Per user, the history index from which ratings are validation targets (n = none held out). */
export function validationStarts(histories: readonly PersonHistory[], share: number): Int32Array {
  return Int32Array.from(histories, (h) => {
    const n = h.items.length;
    const k = share > 0 && n >= 10 ? Math.max(1, Math.round(n * share)) : 0;
    return n - k;
  });
}

/**
 * A batch of windows as flat arrays (B windows × T = maxLen steps, left-padded). Targets are
 * steps 1..T−1 (row b·(T−1) + t−1): the state after step t−1 predicts step t.
 */
export interface WindowBatch {
  size: number;
  steps: number;
  users: Int32Array;
  /** B·T item ids (0 on padding) and rating deviations r − μ (0 on padding). */
  items: Int32Array;
  ratingDev: Float32Array;
  /** B·T: 1 on real steps. */
  mask: Float32Array;
  /** B·(T−1): the target step's item, rating, the running deviation before it, and its weight. */
  targetItems: Int32Array;
  targetRatings: Float32Array;
  targetDev: Float32Array;
  targetWeight: Float32Array;
}

export interface BatchSource {
  histories: readonly PersonHistory[];
  deviations: readonly Float32Array[];
  mean: number;
  maxLen: number;
}

/** Everything a sequence model trains on, derived from the dataset once. */
export interface SequenceTrainingData {
  histories: PersonHistory[];
  /** Mean training rating. */
  mean: number;
  src: BatchSource;
  windows: SequenceWindow[];
  /** Per user, the index of their first validation rating. */
  valStart: Int32Array;
}

export function sequenceTrainingData(
  data: EngineDataset,
  s: { deviationShrink: number; maxLen: number; validationShare: number },
): SequenceTrainingData {
  const histories = chronologicalHistories(data);
  let mean = 0;
  for (const r of data.ratings.rating) mean += r;
  mean /= Math.max(1, data.ratings.rating.length);
  const src: BatchSource = {
    histories,
    deviations: histories.map((h) => runningDeviation(h.ratings, mean, s.deviationShrink)),
    mean,
    maxLen: s.maxLen,
  };
  return {
    histories,
    mean,
    src,
    windows: buildWindows(histories, s.maxLen),
    valStart: validationStarts(histories, s.validationShare),
  };
}

/**
 * `which`: 'train' weighs targets before the user's validation start, 'validation' those from it.
 */
export function makeBatch(
  src: BatchSource,
  windows: readonly SequenceWindow[],
  valStart: Int32Array,
  which: 'train' | 'validation',
): WindowBatch {
  const B = windows.length;
  const T = src.maxLen;
  const b: WindowBatch = {
    size: B,
    steps: T,
    users: new Int32Array(B),
    items: new Int32Array(B * T),
    ratingDev: new Float32Array(B * T),
    mask: new Float32Array(B * T),
    targetItems: new Int32Array(B * (T - 1)),
    targetRatings: new Float32Array(B * (T - 1)),
    targetDev: new Float32Array(B * (T - 1)),
    targetWeight: new Float32Array(B * (T - 1)),
  };
  windows.forEach((w, k) => {
    const h = src.histories[w.user];
    const dev = src.deviations[w.user];
    const len = w.end - w.start;
    const pad = T - len;
    b.users[k] = w.user;
    for (let j = 0; j < len; j++) {
      const idx = w.start + j;
      const s = k * T + pad + j;
      b.items[s] = h.items[idx];
      b.ratingDev[s] = h.ratings[idx] - src.mean;
      b.mask[s] = 1;
      const t = pad + j;
      if (t === 0) continue;
      const r = k * (T - 1) + t - 1;
      b.targetItems[r] = h.items[idx];
      b.targetRatings[r] = h.ratings[idx];
      b.targetDev[r] = dev[idx];
      const isTarget = idx >= w.firstTarget && idx >= 1 && t >= 1;
      const inValidation = idx >= valStart[w.user];
      b.targetWeight[r] =
        isTarget && (which === 'validation' ? inValidation : !inValidation) ? 1 : 0;
    }
  });
  return b;
}

/** The last `maxLen` steps of a history as a one-window batch's step arrays (left-padded). */
export function historyTail(history: PersonHistory, maxLen: number, mean: number) {
  const n = history.items.length;
  const len = Math.min(n, maxLen);
  const items = new Int32Array(maxLen);
  const ratingDev = new Float32Array(maxLen);
  const mask = new Float32Array(maxLen);
  const pad = maxLen - len;
  for (let j = 0; j < len; j++) {
    items[pad + j] = history.items[n - len + j];
    ratingDev[pad + j] = history.ratings[n - len + j] - mean;
    mask[pad + j] = 1;
  }
  return { items, ratingDev, mask, length: len, offset: n - len };
}

/** Shuffled batches of windows. */
export function shuffledBatches<T>(all: readonly T[], batchSize: number, rng: Rng): T[][] {
  const order = rng.permutation(all.length);
  const out: T[][] = [];
  for (let k = 0; k < order.length; k += batchSize)
    out.push(Array.from(order.subarray(k, k + batchSize), (i) => all[i]));
  return out;
}

/** A key identifying a history by its contents (dataset users are recognised by their ratings). */
export function historyKey(h: PersonHistory): string {
  const n = h.items.length;
  if (n === 0) return 'empty';
  let hash = 2166136261;
  for (let j = 0; j < n; j++) {
    hash = Math.imul(hash ^ h.items[j], 16777619);
    hash = Math.imul(hash ^ Math.round(h.ratings[j] * 2), 16777619);
  }
  return `${n}:${hash >>> 0}:${h.times[0]}:${h.times[n - 1]}`;
}
