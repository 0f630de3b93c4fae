import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { f32, i32, loadArrays, saveArrays, type StoredArray } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import {
  easeDualContributions,
  easeDualScore,
  fitEaseDual,
  type EaseDualWeights,
} from '../numeric/ease-dual';
import { buildGenreIndex } from './item-features';
import { solveSpd } from '../numeric/linalg';
import {
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type ModelDefinition,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { Rng } from '../numeric/rng';
import { Yielder } from '../runtime/yield';
import {
  firstListScores,
  firstListShare,
  listTuningDefaults,
  similarItemWeights,
  similarityScores,
  tuneListSettings,
  type ListTuning,
} from './list-tuning';
import { VectorModel } from './vector-model';

/**
 * Recency hybrid: two closed-form parts that both weigh a person's recent ratings more.
 *
 * Ranking ("for you"): EASE item-item regression (solved exactly in dual form), applied to a
 * person's history weighted by recency and rating: w_t = (1 + a₁e^(−p/τ₁) + a₂e^(−p/τ₂)) ·
 * (1 + ρ(r_t − c)), p = how many ratings ago (0 = latest). Recent, liked movies pull their
 * neighbours up most; disliked ones push theirs down. Nothing per person is trained, so a new
 * person's list is exact and instant.
 *
 * Ratings, movie and people vectors: biased matrix factorisation trained by alternating least
 * squares in which each user's ratings are weighted by recency (w_t = 1 + a·e^(−p/τ)), so the
 * person's vector and bias follow their current taste. The fold-in is that weighted ridge
 * regression (exact); fine-tuning adds a per-genre offset adapter fitted with Adam.
 */
export type RecencyHybridSettings = {
  easeLambda: number;
  recencyShort: number;
  recencyShortItems: number;
  recencyLong: number;
  recencyLongItems: number;
  ratingWeight: number;
  ratingCentre: number;
  dim: number;
  alsIterations: number;
  ratingRecency: number;
  ratingRecencyItems: number;
  userLambda: number;
  userBiasLambda: number;
  itemLambda: number;
  itemBiasLambda: number;
  initStd: number;
  fineTuneSteps: number;
  fineTuneLearningRate: number;
  adapterLambda: number;
  /** Choose the other lists' settings on validation at training (else listTuningDefaults). */
  tuneLists: boolean;
  /** The first list's weight holds up to this many ratings, then fades (power tuned on validation). */
  firstListFade: number;
};

export const recencyHybridDefaults: RecencyHybridSettings = {
  easeLambda: 100,
  recencyShort: 10,
  recencyShortItems: 4,
  recencyLong: 3,
  recencyLongItems: 15,
  ratingWeight: 0.7,
  ratingCentre: 3.5,
  dim: 32,
  alsIterations: 8,
  ratingRecency: 50,
  ratingRecencyItems: 15,
  userLambda: 30,
  userBiasLambda: 5,
  itemLambda: 30,
  itemBiasLambda: 3,
  initStd: 0.1,
  fineTuneSteps: 60,
  fineTuneLearningRate: 0.05,
  adapterLambda: 20,
  tuneLists: true,
  firstListFade: 5,
};

interface Weights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  itemVectors: Float32Array;
  itemBias: Float32Array;
  userVectors: Float32Array;
  userBias: Float32Array;
  globalMean: number;
  ease: EaseDualWeights;
  /** EASE with the similar-movies λ (same rows as `ease`). */
  similar: EaseDualWeights;
  /** Each movie's weight in similar movies (0: never listed). */
  similarWeights: Float32Array;
  /** The first-list score per item (count × damped mean^power, best = 1). */
  firstList: Float32Array;
  tuning: ListTuning;
  genreStart: Int32Array;
  genreIds: Int32Array;
  genres: string[];
  scale: { min: number; max: number };
}

/** Recency factor of an entry rated `ago` ratings before the latest (0 = latest). */
function recencyFactor(ago: number, s: RecencyHybridSettings): number {
  return (
    1 +
    s.recencyShort * Math.exp(-ago / s.recencyShortItems) +
    s.recencyLong * Math.exp(-ago / s.recencyLongItems)
  );
}

/** Ranking weight of each history entry (oldest first). */
export function rankingWeights(h: PersonHistory, s: RecencyHybridSettings): Float64Array {
  const n = h.items.length;
  const w = new Float64Array(n);
  for (let t = 0; t < n; t++)
    w[t] = recencyFactor(n - 1 - t, s) * (1 + s.ratingWeight * (h.ratings[t] - s.ratingCentre));
  return w;
}

/**
 * How much removing each history entry lowers the ranking score of `item`: its own pull, plus
 * the change in the older entries' recency weights (each moves one step closer to the latest).
 * `pulls[t]` = EASE's B[items_t, item].
 */
export function leaveOneOutDrops(
  h: PersonHistory,
  pulls: ArrayLike<number>,
  s: RecencyHybridSettings,
): Float32Array {
  const n = h.items.length;
  const out = new Float32Array(n);
  let shift = 0; // Σ over older entries of (w_now − w_one_step_newer) · pull
  for (let t = 0; t < n; t++) {
    const ago = n - 1 - t;
    const rating = 1 + s.ratingWeight * (h.ratings[t] - s.ratingCentre);
    out[t] = recencyFactor(ago, s) * rating * pulls[t] + shift;
    shift += (recencyFactor(ago, s) - recencyFactor(ago - 1, s)) * rating * pulls[t];
  }
  return out;
}

/** Weight of each rating in the person's ridge regression (recent ones count more). */
export function ratingWeights(n: number, s: RecencyHybridSettings): Float64Array {
  const w = new Float64Array(n);
  for (let t = 0; t < n; t++)
    w[t] = 1 + s.ratingRecency * Math.exp(-(n - 1 - t) / s.ratingRecencyItems);
  return w;
}

/**
 * Weighted ridge regression of a person's ratings on fixed item vectors and biases:
 * returns [p (dim), b].
 */
function solvePerson(
  items: ArrayLike<number>,
  ratings: ArrayLike<number>,
  w: ArrayLike<number>,
  q: Float32Array,
  itemBias: ArrayLike<number>,
  mu: number,
  dim: number,
  lambda: number,
  biasLambda: number,
): Float64Array {
  const d = dim + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const x = new Float64Array(d);
  for (let t = 0; t < items.length; t++) {
    const i = items[t];
    for (let f = 0; f < dim; f++) x[f] = q[i * dim + f];
    x[dim] = 1;
    const y = ratings[t] - mu - itemBias[i];
    const wt = w[t];
    for (let r = 0; r < d; r++) {
      const wx = wt * x[r];
      b[r] += wx * y;
      for (let c = 0; c <= r; c++) a[r * d + c] += wx * x[c];
    }
  }
  for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
  for (let r = 0; r < dim; r++) a[r * d + r] += lambda;
  a[dim * d + dim] += biasLambda;
  return solveSpd(a, d, b);
}

class RecencyHybridModel extends VectorModel implements TrainedModel {
  readonly name = 'recency-hybrid';
  readonly predictsRatings = true;

  constructor(
    readonly settings: RecencyHybridSettings,
    private readonly w: Weights,
  ) {
    super({
      dim: settings.dim,
      movieIds: w.movieIds,
      userKeys: w.userKeys,
      itemVectors: w.itemVectors,
      datasetUserVectors: w.userVectors,
      scale: w.scale,
    });
  }

  foldIn(history: PersonHistory): PersonalState {
    const s = this.settings;
    const v = solvePerson(
      history.items,
      history.ratings,
      ratingWeights(history.items.length, s),
      this.w.itemVectors,
      this.w.itemBias,
      this.w.globalMean,
      s.dim,
      s.userLambda,
      s.userBiasLambda,
    );
    return {
      model: this.name,
      userVector: Float32Array.from(v.subarray(0, s.dim)),
      params: {
        bias: Float32Array.of(v[s.dim]),
        genreOffsets: new Float32Array(this.w.genres.length),
      },
      kind: 'folded-in',
    };
  }

  private predictOne(state: PersonalState, i: number): number {
    const { dim } = this.settings;
    const q = this.w.itemVectors;
    let r = this.w.globalMean + state.params.bias[0] + this.w.itemBias[i];
    for (let f = 0; f < dim; f++) r += state.userVector[f] * q[i * dim + f];
    const offsets = state.params.genreOffsets;
    const g0 = this.w.genreStart[i];
    const g1 = this.w.genreStart[i + 1];
    if (offsets && g1 > g0) {
      let o = 0;
      for (let g = g0; g < g1; g++) o += offsets[this.w.genreIds[g]];
      r += o / (g1 - g0);
    }
    return r;
  }

  async fineTune(
    history: PersonHistory,
    start: PersonalState,
    options: FineTuneOptions = {},
  ): Promise<FineTuneResult> {
    const s = this.settings;
    const { dim } = s;
    const nG = this.w.genres.length;
    // Parameters: [p (dim), b, genre offsets (nG)], Adam on the person's weighted squared error.
    const nP = dim + 1 + nG;
    const theta = new Float64Array(nP);
    theta.set(start.userVector);
    theta[dim] = start.params.bias[0];
    if (start.params.genreOffsets) theta.set(start.params.genreOffsets, dim + 1);
    const m1 = new Float64Array(nP);
    const m2 = new Float64Array(nP);
    const grad = new Float64Array(nP);
    const weights = ratingWeights(history.items.length, s);
    let wSum = 0;
    for (const x of weights) wSum += x;
    const q = this.w.itemVectors;
    const yielder = new Yielder(50);
    let loss = 0;
    let step = 0;
    for (; step < s.fineTuneSteps; step++) {
      throwIfTrainingAborted(options.signal);
      grad.fill(0);
      loss = 0;
      for (let t = 0; t < history.items.length; t++) {
        const i = history.items[t];
        let pred = this.w.globalMean + theta[dim] + this.w.itemBias[i];
        for (let f = 0; f < dim; f++) pred += theta[f] * q[i * dim + f];
        const g0 = this.w.genreStart[i];
        const g1 = this.w.genreStart[i + 1];
        const share = g1 > g0 ? 1 / (g1 - g0) : 0;
        for (let g = g0; g < g1; g++) pred += theta[dim + 1 + this.w.genreIds[g]] * share;
        const err = pred - history.ratings[t];
        const c = (2 * weights[t] * err) / wSum;
        loss += (weights[t] * err * err) / wSum;
        for (let f = 0; f < dim; f++) grad[f] += c * q[i * dim + f];
        grad[dim] += c;
        for (let g = g0; g < g1; g++) grad[dim + 1 + this.w.genreIds[g]] += c * share;
      }
      // Ridge terms, scaled like the fold-in's (per unit of rating weight).
      for (let f = 0; f < dim; f++) grad[f] += (2 * s.userLambda * theta[f]) / wSum;
      grad[dim] += (2 * s.userBiasLambda * theta[dim]) / wSum;
      for (let g = 0; g < nG; g++)
        grad[dim + 1 + g] += (2 * s.adapterLambda * theta[dim + 1 + g]) / wSum;
      const lr = s.fineTuneLearningRate;
      const t1 = step + 1;
      for (let k = 0; k < nP; k++) {
        m1[k] = 0.9 * m1[k] + 0.1 * grad[k];
        m2[k] = 0.999 * m2[k] + 0.001 * grad[k] * grad[k];
        const mh = m1[k] / (1 - 0.9 ** t1);
        const vh = m2[k] / (1 - 0.999 ** t1);
        theta[k] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
      options.onStep?.(step + 1, s.fineTuneSteps, loss);
      await yielder.maybeYield();
    }
    return {
      state: {
        model: this.name,
        userVector: Float32Array.from(theta.subarray(0, dim)),
        params: {
          bias: Float32Array.of(theta[dim]),
          genreOffsets: Float32Array.from(theta.subarray(dim + 1)),
        },
        kind: 'fine-tuned',
      },
      steps: step,
      finalLoss: loss,
    };
  }

  /** The first list's weight for a history of n ratings. */
  private firstListWeight(n: number): number {
    const { priorWeight, fadePower } = this.w.tuning;
    return priorWeight * firstListShare(n, this.settings.firstListFade, fadePower);
  }

  /** Weighted EASE on the history: what the person's own ratings say. */
  tasteScores(_state: PersonalState, history: PersonHistory, out: Float32Array): void {
    easeDualScore(this.w.ease, history.items, rankingWeights(history, this.settings), out);
  }

  /** Taste scores plus the fading first-list score (all there is at 0 ratings). */
  scoreAll(state: PersonalState, history: PersonHistory, out: Float32Array): void {
    this.tasteScores(state, history, out);
    const weight = this.firstListWeight(history.items.length);
    for (let i = 0; i < out.length; i++) out[i] += weight * this.w.firstList[i];
  }

  similarItems(item: number, out: Float32Array): void {
    similarityScores(this.w.similar, item, this.w.similarWeights, out);
  }

  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => Math.min(max, Math.max(min, this.predictOne(state, i))));
  }

  /** Exactly how much `item`'s score drops when each rated movie is removed from the history. */
  explain(_state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const pulls = easeDualContributions(this.w.ease, history.items, null, item);
    const drops = leaveOneOutDrops(history, pulls, this.settings);
    // One rating fewer also gives the first list a little more weight (the same for every entry).
    const n = history.items.length;
    const shift = (this.firstListWeight(n) - this.firstListWeight(n - 1)) * this.w.firstList[item];
    for (let t = 0; t < n; t++) drops[t] += shift;
    return drops;
  }

  async save(dir: string): Promise<void> {
    const arrays: Record<string, StoredArray> = {
      movieIds: this.w.movieIds,
      userKeys: this.w.userKeys,
      itemVectors: this.w.itemVectors,
      itemBias: this.w.itemBias,
      userVectors: this.w.userVectors,
      userBias: this.w.userBias,
      easeRowStart: this.w.ease.rowStart,
      easeRowIndex: this.w.ease.rowIndex,
      easeK: this.w.ease.k,
      easeDenom: this.w.ease.denom,
      similarK: this.w.similar.k,
      similarDenom: this.w.similar.denom,
      similarWeights: this.w.similarWeights,
      firstList: this.w.firstList,
      genreStart: this.w.genreStart,
      genreIds: this.w.genreIds,
    };
    await saveArrays(dir, arrays);
    const meta = {
      globalMean: this.w.globalMean,
      genres: this.w.genres,
      scale: this.w.scale,
      easeLambda: this.w.ease.lambda,
      easeRows: this.w.ease.rows,
      tuning: this.w.tuning,
    };
    await writeFile(path.join(dir, 'recency-hybrid.json'), JSON.stringify(meta) + '\n');
  }
}

/** Per user, the ratings sorted by (time, movieId): the order recency weights refer to. */
function userHistories(data: EngineDataset): PersonHistory[] {
  const { user, item, rating, time } = data.ratings;
  const buckets: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let k = 0; k < user.length; k++) buckets[user[k]].push(k);
  return buckets.map((ks) => {
    ks.sort((a, b) => time[a] - time[b] || data.movieIds[item[a]] - data.movieIds[item[b]]);
    return {
      items: Int32Array.from(ks, (k) => item[k]),
      ratings: Float32Array.from(ks, (k) => rating[k]),
      times: Float64Array.from(ks, (k) => time[k]),
    };
  });
}

async function train(
  data: EngineDataset,
  settings: RecencyHybridSettings,
  hooks: TrainHooks,
): Promise<RecencyHybridModel> {
  const s = { ...recencyHybridDefaults, ...settings };
  const { dim } = s;
  const nI = data.nItems;
  const nU = data.nUsers;
  const histories = userHistories(data);
  const yielder = new Yielder(50);
  const totalEpochs = s.alsIterations + 1;

  const rows = histories.map((h) => h.items);
  const ease = fitEaseDual(nI, rows, s.easeLambda);
  throwIfTrainingAborted(hooks.signal);
  const tuning = s.tuneLists
    ? tuneListSettings(
        histories,
        data.userKeys,
        data.movieIds,
        (train) => {
          const e = fitEaseDual(
            nI,
            train.map((h) => h.items),
            s.easeLambda,
          );
          return (h, out) => easeDualScore(e, h.items, rankingWeights(h, s), out);
        },
        s.firstListFade,
        hooks.signal,
      )
    : { ...listTuningDefaults };
  const similar = fitEaseDual(nI, rows, tuning.similarLambda);
  const similarWeights = similarItemWeights(
    histories,
    nI,
    tuning.similarPopularityDiscount,
    tuning.similarQuality,
  );
  const firstList = firstListScores(histories, nI, tuning.priorShrink, tuning.priorPower);
  hooks.onProgress?.({ epoch: 1, totalEpochs, loss: 0 });

  let mu = 0;
  for (const r of data.ratings.rating) mu += r;
  mu /= Math.max(1, data.ratings.rating.length);
  const rng = new Rng(hooks.seed);
  const q = rng.fillNormal(new Float32Array(nI * dim), s.initStd);
  const itemBias = new Float32Array(nI);
  const p = new Float32Array(nU * dim);
  const userBias = new Float32Array(nU);
  const weights = histories.map((h) => ratingWeights(h.items.length, s));
  const byItem: number[][] = Array.from({ length: nI }, () => []);
  histories.forEach((h, u) => h.items.forEach((i, t) => byItem[i].push(u, t)));

  const solveUsers = () => {
    histories.forEach((h, u) => {
      if (h.items.length === 0) return;
      const v = solvePerson(
        h.items,
        h.ratings,
        weights[u],
        q,
        itemBias,
        mu,
        dim,
        s.userLambda,
        s.userBiasLambda,
      );
      for (let f = 0; f < dim; f++) p[u * dim + f] = v[f];
      userBias[u] = v[dim];
    });
  };
  const d = dim + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const x = new Float64Array(d);
  for (let it = 0; it < s.alsIterations; it++) {
    solveUsers();
    let sse = 0;
    for (let i = 0; i < nI; i++) {
      const list = byItem[i];
      if (list.length === 0) continue;
      a.fill(0);
      b.fill(0);
      for (let e = 0; e < list.length; e += 2) {
        const u = list[e];
        for (let f = 0; f < dim; f++) x[f] = p[u * dim + f];
        x[dim] = 1;
        const y = histories[u].ratings[list[e + 1]] - mu - userBias[u];
        for (let r = 0; r < d; r++) {
          b[r] += x[r] * y;
          for (let c = 0; c <= r; c++) a[r * d + c] += x[r] * x[c];
        }
      }
      for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c];
      for (let r = 0; r < dim; r++) a[r * d + r] += s.itemLambda;
      a[dim * d + dim] += s.itemBiasLambda;
      const v = solveSpd(a, d, b);
      for (let f = 0; f < dim; f++) q[i * dim + f] = v[f];
      itemBias[i] = v[dim];
      for (let e = 0; e < list.length; e += 2) {
        const u = list[e];
        let pred = mu + userBias[u] + itemBias[i];
        for (let f = 0; f < dim; f++) pred += p[u * dim + f] * q[i * dim + f];
        sse += (histories[u].ratings[list[e + 1]] - pred) ** 2;
      }
      if ((i & 255) === 0) {
        throwIfTrainingAborted(hooks.signal);
        await yielder.maybeYield();
      }
    }
    hooks.onProgress?.({
      epoch: it + 2,
      totalEpochs,
      loss: sse / Math.max(1, data.ratings.rating.length),
    });
  }
  solveUsers();
  const genreIndex = buildGenreIndex(data.movies);
  return new RecencyHybridModel(s, {
    movieIds: data.movieIds,
    userKeys: data.userKeys,
    itemVectors: q,
    itemBias,
    userVectors: p,
    userBias,
    globalMean: mu,
    ease,
    similar,
    similarWeights,
    firstList,
    tuning,
    genreStart: genreIndex.start,
    genreIds: genreIndex.ids,
    genres: genreIndex.genres,
    scale: data.scale,
  });
}

function f64(arrays: Record<string, StoredArray>, name: string): Float64Array {
  const a = arrays[name];
  if (!(a instanceof Float64Array)) throw new Error(`model file is missing ${name}`);
  return a;
}

/** The stored list tuning, refused when a field is missing (a model saved by an older build). */
function checkedTuning(stored: Partial<ListTuning> | undefined): ListTuning {
  const missing = Object.keys(listTuningDefaults).filter(
    (k) => typeof stored?.[k as keyof ListTuning] !== 'number',
  );
  if (missing.length > 0)
    throw new Error(
      `this recency-hybrid model was saved by an older build (no ${missing.join(', ')}); pretrain it again`,
    );
  return stored as ListTuning;
}

async function load(dir: string, settings: RecencyHybridSettings): Promise<RecencyHybridModel> {
  const a = await loadArrays(dir);
  const meta = JSON.parse(await readFile(path.join(dir, 'recency-hybrid.json'), 'utf8')) as {
    globalMean: number;
    genres: string[];
    scale: { min: number; max: number };
    easeLambda: number;
    easeRows: number;
    tuning: ListTuning;
  };
  const rowStart = i32(a, 'easeRowStart');
  const rowIndex = i32(a, 'easeRowIndex');
  return new RecencyHybridModel(
    { ...recencyHybridDefaults, ...settings },
    {
      movieIds: i32(a, 'movieIds'),
      userKeys: i32(a, 'userKeys'),
      itemVectors: f32(a, 'itemVectors'),
      itemBias: f32(a, 'itemBias'),
      userVectors: f32(a, 'userVectors'),
      userBias: f32(a, 'userBias'),
      globalMean: meta.globalMean,
      ease: {
        lambda: meta.easeLambda,
        rows: meta.easeRows,
        rowStart,
        rowIndex,
        k: f64(a, 'easeK'),
        denom: f64(a, 'easeDenom'),
      },
      similar: {
        lambda: meta.tuning.similarLambda,
        rows: meta.easeRows,
        rowStart,
        rowIndex,
        k: f64(a, 'similarK'),
        denom: f64(a, 'similarDenom'),
      },
      similarWeights: f32(a, 'similarWeights'),
      firstList: f32(a, 'firstList'),
      tuning: checkedTuning(meta.tuning),
      genreStart: i32(a, 'genreStart'),
      genreIds: i32(a, 'genreIds'),
      genres: meta.genres,
      scale: meta.scale,
    },
  );
}

export const recencyHybrid: ModelDefinition<RecencyHybridSettings> = {
  name: 'recency-hybrid',
  description:
    'Recency- and rating-weighted EASE for ranking (exact dual solve) + recency-weighted ALS factors for ratings and vectors',
  defaults: recencyHybridDefaults,
  train,
  load,
};
