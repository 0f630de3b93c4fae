import { z } from 'zod';
import { f32, i32 } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { FusedBiasedMf } from '../numeric/fused-mf';
import { buildGenreIndex, buildItemFeatures } from './item-features';
import {
  AbortError,
  defineModel,
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { RidgeFoldIn } from '../numeric/ridge-fold-in';
import { Rng } from '../numeric/rng';
import { loadWeights, saveWeights } from '../runtime/saved-weights';
import { RowDot } from '../numeric/row-dot';
import { Yielder } from '../runtime/yield';
import { VectorModel } from './vector-model';

/**
 * Biased matrix factorisation whose movie vectors are enriched by movie features (genres, decade,
 * title words, tags: q_i = v_i + |F_i|^-½ Σ w_f), trained by the fused typed-array kernel.
 * A new person is folded in at once by ridge regression of their ratings on the movie vectors
 * (+ a bias); fine-tuning then refines the person's vector and bias and fits a light per-person
 * genre adapter (a learned offset per genre) with Adam, never touching the shared weights.
 */
export const biasedMfSettings = z.object({
  dim: z.number().int().positive().default(32),
  epochs: z.number().int().positive().default(20),
  batchSize: z.number().int().positive().default(1024),
  learningRate: z.number().positive().default(0.005),
  /** L2 per example on the user/item rows and biases. */
  l2: z.number().nonnegative().default(0.1),
  initStd: z.number().nonnegative().default(0.05),
  /** Enrich item vectors with movie features. */
  features: z.boolean().default(true),
  featureMinCount: z.number().int().positive().default(3),
  /** Stop when the validation loss has not improved for this many epochs (needs validation data). */
  patience: z.number().int().positive().default(3),
  foldInLambda: z.number().nonnegative().default(20),
  foldInBiasLambda: z.number().nonnegative().default(2),
  fineTuneSteps: z.number().int().nonnegative().default(200),
  fineTuneLearningRate: z.number().positive().default(0.02),
  adapterLambda: z.number().nonnegative().default(5),
  /**
   * Ranking only (scoreAll): + weight · ln(1 + dataset ratings of the movie). Predicted ratings
   * say how much a person would like a movie, not whether they would watch it; this prior,
   * tuned on protocol C, brings the second half back. 0 ranks by predicted rating.
   */
  rankingPopularityWeight: z.number().default(1),
});
export type BiasedMfSettings = z.output<typeof biasedMfSettings>;

interface BiasedMfWeights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  itemVectors: Float32Array;
  itemBias: Float32Array;
  /** Training ratings per item. */
  itemCount: Float32Array;
  userVectors: Float32Array;
  userBias: Float32Array;
  genreStart: Int32Array;
  genreIds: Int32Array;
  globalMean: number;
  genres: string[];
  scale: { min: number; max: number };
}

export class BiasedMfModel extends VectorModel implements TrainedModel {
  readonly name = 'biased-mf';
  readonly predictsRatings = true;
  private readonly w: BiasedMfWeights;
  private readonly ridge: RidgeFoldIn;
  /** Per item: its bias plus the ranking popularity prior (scoreAll only). */
  private readonly itemTerms: Float32Array;
  private readonly itemDot: RowDot;
  /**
   * Items grouped by their genre set (a few hundred distinct sets for 60,000 movies): scoreAll
   * computes a profile's genre-adapter term once per set instead of once per movie.
   */
  private genreSets: { ofItem: Int32Array; representative: Int32Array } | null = null;

  constructor(
    readonly settings: BiasedMfSettings,
    weights: BiasedMfWeights,
  ) {
    super({
      dim: settings.dim,
      movieIds: weights.movieIds,
      userKeys: weights.userKeys,
      itemVectors: weights.itemVectors,
      datasetUserVectors: weights.userVectors,
      scale: weights.scale,
    });
    this.w = weights;
    const weight = settings.rankingPopularityWeight ?? 0;
    this.itemTerms = Float32Array.from(
      weights.itemCount,
      (n, i) => weights.itemBias[i] + weight * Math.log1p(n),
    );
    this.itemDot = new RowDot(weights.itemVectors, settings.dim);
    this.ridge = new RidgeFoldIn(
      {
        dim: this.dim,
        vectors: weights.itemVectors,
        itemBias: weights.itemBias,
        globalMean: weights.globalMean,
      },
      settings.foldInLambda,
      settings.foldInBiasLambda,
    );
  }

  get genres(): readonly string[] {
    return this.w.genres;
  }

  private adapterTerm(i: number, adapter: Float32Array): number {
    const a = this.w.genreStart[i];
    const b = this.w.genreStart[i + 1];
    if (b === a) return 0;
    let s = 0;
    for (let j = a; j < b; j++) s += adapter[this.w.genreIds[j]];
    return s / (b - a);
  }

  foldIn(history: PersonHistory): PersonalState {
    const { vector, bias } = this.ridge.solve(history);
    return {
      model: this.name,
      userVector: vector,
      params: { bias: Float32Array.of(bias), adapter: new Float32Array(this.w.genres.length) },
      kind: 'folded-in',
    };
  }

  async fineTune(
    history: PersonHistory,
    start: PersonalState,
    options: FineTuneOptions = {},
  ): Promise<FineTuneResult> {
    const d = this.dim;
    const G = this.w.genres.length;
    const n = history.items.length;
    const s = this.settings;
    // θ = [p (d), bias, adapter (G)]
    const P = d + 1 + G;
    const theta = new Float64Array(P);
    theta.set(start.userVector);
    theta[d] = start.params.bias?.[0] ?? 0;
    if (start.params.adapter?.length === G) theta.set(start.params.adapter, d + 1);
    const m = new Float64Array(P);
    const v = new Float64Array(P);
    const grad = new Float64Array(P);
    const reg = new Float64Array(P);
    reg.fill(s.foldInLambda, 0, d);
    reg[d] = s.foldInBiasLambda;
    reg.fill(s.adapterLambda, d + 1);
    const q = this.itemVectors;
    const gs = this.w.genreStart;
    const gi = this.w.genreIds;
    const base = new Float64Array(n);
    for (let j = 0; j < n; j++) base[j] = this.w.globalMean + this.w.itemBias[history.items[j]];
    const steps = n === 0 ? 0 : s.fineTuneSteps;
    const lr = s.fineTuneLearningRate;
    const yielder = new Yielder(50);
    let loss = 0;
    for (let t = 1; t <= steps; t++) {
      grad.fill(0);
      loss = 0;
      for (let j = 0; j < n; j++) {
        const i = history.items[j];
        let pred = base[j] + theta[d];
        for (let c = 0; c < d; c++) pred += theta[c] * q[i * d + c];
        const ga = gs[i];
        const gb = gs[i + 1];
        const inv = gb > ga ? 1 / (gb - ga) : 0;
        for (let k = ga; k < gb; k++) pred += theta[d + 1 + gi[k]] * inv;
        const err = pred - history.ratings[j];
        loss += err * err;
        const g = (2 * err) / n;
        for (let c = 0; c < d; c++) grad[c] += g * q[i * d + c];
        grad[d] += g;
        for (let k = ga; k < gb; k++) grad[d + 1 + gi[k]] += g * inv;
      }
      loss /= n;
      for (let k = 0; k < P; k++) {
        loss += (reg[k] * theta[k] * theta[k]) / n;
        const gk = grad[k] + (2 * reg[k] * theta[k]) / n;
        m[k] = 0.9 * m[k] + 0.1 * gk;
        v[k] = 0.999 * v[k] + 0.001 * gk * gk;
        const mh = m[k] / (1 - Math.pow(0.9, t));
        const vh = v[k] / (1 - Math.pow(0.999, t));
        theta[k] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
      if (t % 10 === 0 || t === steps) {
        options.onStep?.(t, steps, loss);
        await yielder.maybeYield();
        if (options.signal?.aborted) throw new AbortError();
      }
    }
    return {
      state: {
        model: this.name,
        userVector: Float32Array.from(theta.subarray(0, d)),
        params: {
          bias: Float32Array.of(theta[d]),
          adapter: Float32Array.from(theta.subarray(d + 1)),
        },
        kind: 'fine-tuned',
      },
      steps,
      finalLoss: loss,
    };
  }

  scoreAll(state: PersonalState, _history: PersonHistory, out: Float32Array): void {
    this.itemDot.into(state.userVector, out);
    const base = this.w.globalMean + (state.params.bias?.[0] ?? 0);
    const itemTerms = this.itemTerms;
    const nItems = this.movieIds.length;
    for (let i = 0; i < nItems; i++) out[i] += base + itemTerms[i];
    const adapter = state.params.adapter;
    if (adapter && adapter.some((x) => x !== 0)) {
      this.genreSets ??= groupByGenreSet(this.w.genreStart, this.w.genreIds);
      const { ofItem, representative } = this.genreSets;
      const setTerm = Float32Array.from(representative, (i) => this.adapterTerm(i, adapter));
      for (let i = 0; i < nItems; i++) out[i] += setTerm[ofItem[i]];
    }
  }

  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const d = this.dim;
    const out = new Float32Array(items.length);
    const adapter = state.params.adapter;
    const base = this.w.globalMean + (state.params.bias?.[0] ?? 0);
    for (let k = 0; k < items.length; k++) {
      const i = items[k];
      let s = base + this.w.itemBias[i];
      for (let c = 0; c < d; c++) s += state.userVector[c] * this.itemVectors[i * d + c];
      if (adapter) s += this.adapterTerm(i, adapter);
      out[k] = Math.min(this.scale.max, Math.max(this.scale.min, s));
    }
    return out;
  }

  /**
   * The fold-in is linear in the ratings: p·q_i + b = Σ_j ([q_i;1]ᵀ A⁻¹ [q_j;1]) (r_j − μ − b_j),
   * so each rated movie's term is its exact share of the item's personal score.
   */
  explain(_state: PersonalState, history: PersonHistory, item: number): Float32Array {
    return this.ridge.explain(history, item);
  }

  dispose(): void {
    this.itemDot.dispose();
  }

  async save(dir: string): Promise<void> {
    const w = this.w;
    await saveWeights(
      dir,
      'biased-mf',
      {
        movieIds: w.movieIds,
        userKeys: w.userKeys,
        itemVectors: w.itemVectors,
        itemBias: w.itemBias,
        itemCount: w.itemCount,
        userVectors: w.userVectors,
        userBias: w.userBias,
        genreStart: w.genreStart,
        genreIds: w.genreIds,
      },
      { globalMean: w.globalMean, genres: w.genres, scale: w.scale },
      1,
    );
  }
}

/** Each item's genre-set index, and one item of each set (CSR genre lists, any order within). */
function groupByGenreSet(
  start: Int32Array,
  ids: Int32Array,
): { ofItem: Int32Array; representative: Int32Array } {
  const n = start.length - 1;
  const ofItem = new Int32Array(Math.max(0, n));
  const setOf = new Map<string, number>();
  const representative: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = Array.from(ids.subarray(start[i], start[i + 1]))
      .sort((a, b) => a - b)
      .join(',');
    let set = setOf.get(key);
    if (set === undefined) {
      set = representative.length;
      setOf.set(key, set);
      representative.push(i);
    }
    ofItem[i] = set;
  }
  return { ofItem, representative: Int32Array.from(representative) };
}

function meanOf(a: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return a.length ? s / a.length : 0;
}

async function train(
  data: EngineDataset,
  settings: BiasedMfSettings,
  hooks: TrainHooks,
): Promise<BiasedMfModel> {
  const { user, item, rating } = data.ratings;
  const globalMean = meanOf(rating);
  const features = settings.features
    ? buildItemFeatures(data.movies, settings.featureMinCount)
    : undefined;
  const mf = new FusedBiasedMf({
    nUsers: data.nUsers,
    nItems: data.nItems,
    dim: settings.dim,
    globalMean,
    l2: settings.l2,
    adam: { learningRate: settings.learningRate },
    initStd: settings.initStd,
    seed: hooks.seed,
    features,
  });
  const rng = new Rng(hooks.seed + 1);
  const val = hooks.validation;
  let best = Infinity;
  let bestSnapshot: Float32Array[] | null = null;
  let sinceBest = 0;
  const tables = () => [
    mf.users,
    mf.items,
    mf.userBias,
    mf.itemBias,
    ...(mf.featureTable ? [mf.featureTable] : []),
  ];
  const yielder = new Yielder(50);
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    throwIfTrainingAborted(hooks.signal);
    const loss = mf.trainEpoch(
      user,
      item,
      rating,
      settings.batchSize,
      rng,
      () => hooks.signal?.aborted ?? false,
    );
    throwIfTrainingAborted(hooks.signal);
    let validationLoss: number | undefined;
    if (val && val.rating.length > 0) {
      let sse = 0;
      const scratch = new Float32Array(settings.dim);
      for (let k = 0; k < val.rating.length; k++) {
        const p = Math.min(
          data.scale.max,
          Math.max(data.scale.min, mf.predict(val.user[k], val.item[k], scratch)),
        );
        sse += (p - val.rating[k]) ** 2;
      }
      validationLoss = sse / val.rating.length;
      if (validationLoss < best - 1e-5) {
        best = validationLoss;
        bestSnapshot = tables().map((t) => t.values.slice());
        sinceBest = 0;
      } else sinceBest++;
    }
    hooks.onProgress?.({ epoch, totalEpochs: settings.epochs, loss, validationLoss });
    await yielder.maybeYield();
    if (val && sinceBest >= settings.patience) break;
  }
  if (bestSnapshot) tables().forEach((t, k) => t.values.set(bestSnapshot![k]));
  const genreIndex = buildGenreIndex(data.movies);
  const itemCount = new Float32Array(data.nItems);
  for (let k = 0; k < item.length; k++) itemCount[item[k]]++;
  return new BiasedMfModel(settings, {
    movieIds: data.movieIds,
    userKeys: data.userKeys,
    itemVectors: mf.allItemVectors(),
    // copies: the trainer's tables may be views on its (larger) SIMD kernel memory
    itemBias: mf.itemBias.values.slice(),
    itemCount,
    userVectors: mf.users.values.slice(),
    userBias: mf.userBias.values.slice(),
    genreStart: genreIndex.start,
    genreIds: genreIndex.ids,
    globalMean,
    genres: genreIndex.genres,
    scale: data.scale,
  });
}

async function load(dir: string, settings: BiasedMfSettings): Promise<BiasedMfModel> {
  const { arrays: a, meta } = await loadWeights<{
    globalMean: number;
    genres: string[];
    scale: { min: number; max: number };
  }>(dir, 'biased-mf');
  return new BiasedMfModel(settings, {
    movieIds: i32(a, 'movieIds'),
    userKeys: i32(a, 'userKeys'),
    itemVectors: f32(a, 'itemVectors'),
    itemBias: f32(a, 'itemBias'),
    itemCount: f32(a, 'itemCount'),
    userVectors: f32(a, 'userVectors'),
    userBias: f32(a, 'userBias'),
    genreStart: i32(a, 'genreStart'),
    genreIds: i32(a, 'genreIds'),
    ...meta,
  });
}

export const biasedMf = defineModel({
  name: 'biased-mf',
  description:
    'Biased matrix factorisation with feature-enriched movie vectors; ridge fold-in, genre-adapter fine-tune',
  settings: biasedMfSettings,
  fineTunes: true,
  usesValidation: true,
  train,
  load,
});
