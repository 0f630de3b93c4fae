import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { f32, i32, loadArrays, saveArrays, type StoredArray } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { easeDualScore, fitEaseDual } from '../numeric/ease-dual';
import { withSimdScoring } from '../numeric/ease-primal';
import { FansFavourites, lovedIndex, type LovedIndex } from './fans-favourites';
import { GenreOverlap } from './genre-overlap';
import { buildGenreIndex } from './item-features';
import {
  defineModel,
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { Yielder } from '../runtime/yield';
import {
  firstListScores,
  firstListShare,
  listTuningDefaults,
  similarItemWeights,
  tuneListSettings,
  type ListTuning,
} from './list-tuning';
import { VectorModel } from './vector-model';
import {
  ratingWeights,
  solvePerson,
  trainAls,
  type AlsFactors,
  type AlsSettings,
} from './recency-als';
import {
  closeEase,
  easeArrays,
  easeFromArrays,
  primalFromDisk,
  primalLater,
  rankingContributions,
  rankingScores,
  similarScores,
  type RankingEase,
  type SimilarEase,
} from './recency-ease';
import { fitLarge, largeReleaseDefaults, type LargeReleaseOptions } from './recency-hybrid-large';
import { rankingWeights, recencyFactor, type RankingWeightSettings } from './recency-weights';
import {
  addSequenceScores,
  fineTuneSequence,
  fitSequenceScale,
  foldInSequence,
  loadSequencePart,
  meanItemVector,
  saveSequencePart,
  sequenceDrops,
  sequenceEpochsFor,
  sequenceFactor,
  sequenceLossName,
  sequencePartDefaults,
  trainSequencePart,
  type SequencePartSettings,
  type SequenceScale,
} from './recency-sequence';
import type { SasrecModel } from './sasrec';
import { chooseSequenceWeight, weightValidationSplit, type WeightChoice } from './sequence-weight';
import { userHistories, type UserHistories } from './user-histories';

export { rankingWeights, ratingWeights };

/** The ALS part's loss in progress reports. */
const ratingLossName = 'rating error (MSE)';
/** The genre-offset fine-tune's: the error with the ridge on the personal parameters. */
const fineTuneLossName = 'rating error (MSE) + size penalty';

/**
 * Recency hybrid: two closed-form parts that both weigh a person's recent ratings more.
 *
 * Ranking ("for you"): EASE item-item regression (solved exactly in dual form; on a release with
 * more users than that fits, in the primal over the most-rated movies), applied to a
 * person's history weighted by recency and rating: w_t = (1 + a₁e^(−p/τ₁) + a₂e^(−p/τ₂)) ·
 * (1 + ρ(r_t − c)), p = how many ratings ago (0 = latest). Recent, liked movies pull their
 * neighbours up most; disliked ones push theirs down. On releases EASE solves exactly, a
 * self-attentive network's next-movie scores over the person's sequence are added, scaled by a
 * factor of the history's length fitted at training (sasrec, recency-sequence.ts), at a weight
 * validation chooses (sequence-weight.ts; 0 leaves the network out).
 *
 * Ratings, movie and people vectors: biased matrix factorisation trained by alternating least
 * squares in which each user's ratings are weighted by recency (w_t = 1 + a·e^(−p/τ)), so the
 * person's vector and bias follow their current taste. The fold-in is that weighted ridge
 * regression (exact); fine-tuning adds a per-genre offset adapter fitted with Adam.
 */
export type RecencyHybridSettings = RankingWeightSettings &
  AlsSettings &
  SequencePartSettings & {
    easeLambda: number;
    fineTuneSteps: number;
    fineTuneLearningRate: number;
    adapterLambda: number;
    /** Choose the other lists' settings on validation at training (else listTuningDefaults). */
    tuneLists: boolean;
    /** The first list's weight holds up to this many ratings, then fades (power tuned on validation). */
    firstListFade: number;
    /**
     * Add fans' favourites (fans-favourites.ts) at the weight validation chooses. Off in the
     * default: it lost on test people (docs/MODELS.md, `npm run bench -- fans`).
     */
    fansFavourites: boolean;
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
  fansFavourites: false,
  ...sequencePartDefaults,
};

interface Weights extends AlsFactors {
  movieIds: Int32Array;
  userKeys: Int32Array;
  /** EASE for ranking (dual or primal form). */
  ease: RankingEase;
  /** EASE with the similar-movies λ, or the lists it gave (primal form). */
  similar: SimilarEase;
  /** The first-list score per item (count × damped mean^power, best = 1). */
  firstList: Float32Array;
  /** Fans' favourites, or null where validation left it out (tuning.coLoveWeight 0). */
  fans: FansFavourites | null;
  tuning: ListTuning;
  genreStart: Int32Array;
  genreIds: Int32Array;
  genres: string[];
  scale: { min: number; max: number };
  /** The sequence part's network (recency-sequence.ts), or null when trained without one. */
  sequence: SasrecModel | null;
  /** The fitted scale of the network's scores (set with `sequence`). */
  sequenceScale: SequenceScale | null;
  /** The network's weight w: the setting, or the one validation chose for "auto". */
  sequenceWeight: number;
  /** How validation chose it (sequence-weight.ts), kept in the saved model. */
  sequenceChoice?: WeightChoice;
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

class RecencyHybridModel extends VectorModel implements TrainedModel {
  readonly name = 'recency-hybrid';
  readonly predictsRatings = true;

  /** The network's mean item vector ē (recency-sequence.ts), when there is a network. */
  private readonly sequenceMean: Float32Array | null;
  private readonly genreOverlap: GenreOverlap;

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
    this.sequenceMean = w.sequence ? meanItemVector(w.sequence) : null;
    this.genreOverlap = new GenreOverlap({ start: w.genreStart, ids: w.genreIds });
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
        ...(this.w.sequence ? foldInSequence(this.w.sequence, history) : {}),
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
    const totalSteps = s.fineTuneSteps + (this.w.sequence ? s.sequenceFineTuneSteps : 0);
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
      let penalty = s.userBiasLambda * theta[dim] ** 2;
      for (let f = 0; f < dim; f++) {
        grad[f] += (2 * s.userLambda * theta[f]) / wSum;
        penalty += s.userLambda * theta[f] ** 2;
      }
      grad[dim] += (2 * s.userBiasLambda * theta[dim]) / wSum;
      for (let g = 0; g < nG; g++) {
        grad[dim + 1 + g] += (2 * s.adapterLambda * theta[dim + 1 + g]) / wSum;
        penalty += s.adapterLambda * theta[dim + 1 + g] ** 2;
      }
      // What the steps minimise: the error alone dips below it and comes back as the ridge pulls.
      loss += penalty / wSum;
      const lr = s.fineTuneLearningRate;
      const t1 = step + 1;
      for (let k = 0; k < nP; k++) {
        m1[k] = 0.9 * m1[k] + 0.1 * grad[k];
        m2[k] = 0.999 * m2[k] + 0.001 * grad[k] * grad[k];
        const mh = m1[k] / (1 - 0.9 ** t1);
        const vh = m2[k] / (1 - 0.999 ** t1);
        theta[k] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
      options.onStep?.(step + 1, totalSteps, loss, fineTuneLossName);
      await yielder.maybeYield();
    }
    // the network's personal scale and shift, on the person's own next-movie task
    const sequence = this.w.sequence
      ? await fineTuneSequence(this.w.sequence, history, start, {
          ...options,
          onStep: (k, _total, l) =>
            options.onStep?.(s.fineTuneSteps + k, totalSteps, l, sequenceLossName),
        })
      : null;
    return {
      state: {
        model: this.name,
        userVector: Float32Array.from(theta.subarray(0, dim)),
        params: {
          bias: Float32Array.of(theta[dim]),
          genreOffsets: Float32Array.from(theta.subarray(dim + 1)),
          ...sequence?.params,
        },
        kind: 'fine-tuned',
      },
      steps: step + (sequence?.steps ?? 0),
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
    rankingScores(this.w.ease, history.items, rankingWeights(history, this.settings), out);
  }

  /** The network's centred scores' factor for a history of n ratings (0 without a network). */
  private sequenceFactor(n: number): number {
    const scale = this.w.sequenceScale;
    return this.w.sequence && scale ? sequenceFactor(scale, this.w.sequenceWeight, n) : 0;
  }

  private sequenceBuffer: Float32Array | null = null;

  /** Taste and sequence scores plus the fading first-list score (all there is at 0 ratings). */
  scoreAll(state: PersonalState, history: PersonHistory, out: Float32Array): void {
    this.tasteScores(state, history, out);
    const network = this.w.sequence;
    if (network) {
      const q = (this.sequenceBuffer ??= new Float32Array(out.length));
      const factor = this.sequenceFactor(history.items.length);
      addSequenceScores(network, this.sequenceMean!, factor, state, history, out, q);
    }
    const weight = this.firstListWeight(history.items.length);
    for (let i = 0; i < out.length; i++) out[i] += weight * this.w.firstList[i];
    this.w.fans?.addTo(history, out);
  }

  similarItems(item: number, out: Float32Array): void {
    similarScores(this.w.similar, item, out);
    // Stored lists (large releases) were built with the factor already.
    if (this.w.similar.form === 'dual')
      this.genreOverlap.boost(item, this.w.tuning.similarGenre, out);
  }

  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => Math.min(max, Math.max(min, this.predictOne(state, i))));
  }

  /**
   * Exactly how much `item`'s score drops when each rated movie is removed from the history: the
   * EASE, network and first-list parts each (the network's with the state's adapter).
   */
  explain(state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const pulls = rankingContributions(this.w.ease, history.items, null, item);
    const drops = leaveOneOutDrops(history, pulls, this.settings);
    const n = history.items.length;
    const network = this.w.sequence;
    const factors = { full: this.sequenceFactor(n), without: this.sequenceFactor(n - 1) };
    if (network && factors.full !== 0) {
      const q = sequenceDrops(network, this.sequenceMean!, factors, state, history, item);
      for (let t = 0; t < n; t++) drops[t] += q[t];
    }
    // One rating fewer also gives the first list a little more weight (the same for every entry).
    const shift = (this.firstListWeight(n) - this.firstListWeight(n - 1)) * this.w.firstList[item];
    for (let t = 0; t < n; t++) drops[t] += shift;
    if (this.w.fans) {
      const fans = this.w.fans.drops(history, item);
      for (let t = 0; t < n; t++) drops[t] += fans[t];
    }
    return drops;
  }

  get readsOrder(): boolean {
    return this.w.sequence !== null && this.w.sequenceWeight > 0;
  }

  get readsStars(): boolean {
    return this.readsOrder && this.w.sequence!.settings.ratingInput;
  }

  /** The same model without its network (w = 0). */
  withoutSequence(): RecencyHybridModel {
    const w = { ...this.w, sequence: null, sequenceScale: null, sequenceWeight: 0 };
    return new RecencyHybridModel({ ...this.settings, sequenceWeight: 0 }, w);
  }

  /** The model with `settings` ("auto" w) and the validation that chose its w. */
  chosenBy(settings: RecencyHybridSettings, choice: WeightChoice): RecencyHybridModel {
    return new RecencyHybridModel(settings, { ...this.w, sequenceChoice: choice });
  }

  /** The network's weight, and how validation chose it when it did. */
  get sequenceBlend(): { weight: number; choice: WeightChoice | null } {
    return { weight: this.w.sequenceWeight, choice: this.w.sequenceChoice ?? null };
  }

  /** Lets go of the model files whose rows are read on first use. */
  dispose(): void {
    closeEase(this.w.ease, this.w.similar);
    const network: TrainedModel | null = this.w.sequence;
    network?.dispose?.();
  }

  async save(dir: string): Promise<void> {
    const ease = easeArrays(this.w.ease, this.w.similar);
    const arrays: Record<string, StoredArray> = {
      movieIds: this.w.movieIds,
      userKeys: this.w.userKeys,
      itemVectors: this.w.itemVectors,
      itemBias: this.w.itemBias,
      userVectors: this.w.userVectors,
      userBias: this.w.userBias,
      ...ease.arrays,
      firstList: this.w.firstList,
      ...(this.w.fans ? lovedArrays(this.w.fans.index) : {}),
      genreStart: this.w.genreStart,
      genreIds: this.w.genreIds,
    };
    await saveArrays(dir, arrays);
    const meta = {
      globalMean: this.w.globalMean,
      genres: this.w.genres,
      scale: this.w.scale,
      ...ease.meta,
      tuning: this.w.tuning,
      sequenceWeight: this.w.sequenceWeight,
      ...(this.w.sequenceChoice ? { sequenceChoice: this.w.sequenceChoice } : {}),
      ...(this.w.sequence ? { sequenceScale: this.w.sequenceScale } : {}),
    };
    await writeFile(path.join(dir, 'recency-hybrid.json'), JSON.stringify(meta) + '\n');
    if (this.w.sequence) await saveSequencePart(dir, this.w.sequence);
  }
}

/**
 * Trains the recency hybrid: in EASE's exact dual form when the release has at most
 * `large.dualMaxUsers` users with ratings, else in the primal (recency-hybrid-large.ts). `large`
 * is for tests and benchmarks; the app trains with the defaults.
 */
export async function trainRecencyHybrid(
  data: EngineDataset,
  settings: RecencyHybridSettings,
  hooks: TrainHooks,
  large: LargeReleaseOptions = largeReleaseDefaults,
): Promise<TrainedModel> {
  const s = { ...recencyHybridDefaults, ...settings };
  const h = userHistories(data);
  let users = 0;
  for (const x of h.histories) if (x.items.length > 0) users++;
  const genreIndex = buildGenreIndex(data.movies);
  const common = {
    movieIds: data.movieIds,
    userKeys: data.userKeys,
    genreStart: genreIndex.start,
    genreIds: genreIndex.ids,
    genres: genreIndex.genres,
    scale: data.scale,
  };
  if (users > large.dualMaxUsers) {
    const fit = await fitLarge(data, h, s, hooks, large);
    const { priorShrink, priorPower } = fit.tuning;
    return new RecencyHybridModel(s, {
      ...common,
      ...fit.als,
      ease: { form: 'primal', primal: withSimdScoring(fit.ranking) },
      similar: { form: 'lists', lists: fit.similar },
      firstList: firstListScores(h.histories, data.nItems, priorShrink, priorPower),
      fans: null,
      tuning: fit.tuning,
      // a network over 25M ratings would not train in the 30 minutes pretraining is given here
      sequence: null,
      sequenceScale: null,
      sequenceWeight: 0,
    });
  }
  if (s.sequenceWeight === 'auto') return chooseAndTrain(data, s, h, hooks, large);
  const nI = data.nItems;
  const sequenceEpochs = sequenceEpochsFor(s, data.ratings.rating.length);
  const totalEpochs = s.alsIterations + 1 + sequenceEpochs;
  const rows = h.histories.map((x) => x.items);
  const ease = fitEaseDual(nI, rows, s.easeLambda);
  throwIfTrainingAborted(hooks.signal);
  const tuning = s.tuneLists
    ? await tuneListSettings(
        h.histories,
        data.userKeys,
        data.movieIds,
        genreIndex,
        (train) => {
          const e = fitEaseDual(
            nI,
            train.map((x) => x.items),
            s.easeLambda,
          );
          return (x, out) => easeDualScore(e, x.items, rankingWeights(x, s), out);
        },
        s.firstListFade,
        s.fansFavourites ? loveFrom(data.scale) : null,
        hooks.signal,
      )
    : { ...listTuningDefaults };
  const similar = fitEaseDual(nI, rows, tuning.similarLambda);
  const similarWeights = similarItemWeights(
    h.histories,
    nI,
    tuning.similarPopularityDiscount,
    tuning.similarQuality,
  );
  const firstList = firstListScores(h.histories, nI, tuning.priorShrink, tuning.priorPower);
  const fans = fansFavourites(
    tuning.coLoveWeight > 0 ? lovedIndex(h.histories, nI, loveFrom(data.scale)) : null,
    tuning,
    data.scale,
  );
  hooks.onProgress?.({ epoch: 1, totalEpochs, loss: 0 });
  let mu = 0;
  for (const r of data.ratings.rating) mu += r;
  mu /= Math.max(1, data.ratings.rating.length);
  const als = await trainAls(h, nI, mu, s, {
    seed: hooks.seed,
    signal: hooks.signal,
    onIteration: (it, mse) =>
      hooks.onProgress?.({ epoch: it + 1, totalEpochs, loss: mse, lossName: ratingLossName }),
  });
  const sequence =
    sequenceEpochs > 0
      ? await trainSequencePart(data, s, hooks, s.alsIterations + 1, totalEpochs)
      : null;
  const ranking: RankingEase = { form: 'dual', dual: ease };
  const sequenceScale = sequence
    ? await fitSequenceScale(
        sequence,
        h.histories,
        (x, out) => rankingScores(ranking, x.items, rankingWeights(x, s), out),
        hooks.seed,
        hooks.signal,
      )
    : null;
  return new RecencyHybridModel(s, {
    ...common,
    ...als,
    ease: ranking,
    similar: { form: 'dual', dual: similar, weights: similarWeights },
    firstList,
    fans,
    tuning,
    sequence,
    sequenceScale,
    sequenceWeight: sequence ? s.sequenceWeight : 0,
  });
}

/**
 * sequenceWeight "auto": the default trained on the validation split with the network at w = 1,
 * w chosen there (sequence-weight.ts), then trained on the whole release at that w.
 */
async function chooseAndTrain(
  data: EngineDataset,
  s: RecencyHybridSettings,
  h: UserHistories,
  hooks: TrainHooks,
  large: LargeReleaseOptions,
): Promise<RecencyHybridModel> {
  const validation = weightValidationSplit(data, h);
  const epochs = (d: EngineDataset) =>
    s.alsIterations + 1 + sequenceEpochsFor(s, d.ratings.rating.length);
  const first = epochs(validation.data);
  const total = first + epochs(data);
  const phase = (offset: number, checkpointDir?: string): TrainHooks => ({
    seed: hooks.seed,
    signal: hooks.signal,
    checkpointDir,
    onProgress: (p) =>
      hooks.onProgress?.({
        ...p,
        epoch: offset + p.epoch,
        totalEpochs: total,
        ...(p.lossName && offset === 0
          ? { lossName: `${p.lossName}, while choosing the network's weight` }
          : {}),
      }),
  });
  const at1 = (await trainRecencyHybrid(
    validation.data,
    { ...s, sequenceWeight: 1 },
    phase(0),
    large,
  )) as RecencyHybridModel;
  const choice = chooseSequenceWeight(validation, at1.withoutSequence(), at1);
  at1.dispose();
  const model = (await trainRecencyHybrid(
    data,
    { ...s, sequenceWeight: choice.weight },
    phase(first, hooks.checkpointDir),
    large,
  )) as RecencyHybridModel;
  return model.chosenBy(s, choice);
}

async function train(
  data: EngineDataset,
  settings: RecencyHybridSettings,
  hooks: TrainHooks,
): Promise<TrainedModel> {
  return trainRecencyHybrid(data, settings, hooks);
}

/** A rating counts as loved from one star below the top of the scale (4 of 5). */
function loveFrom(scale: { max: number }): number {
  return scale.max - 1;
}

function fansFavourites(
  index: LovedIndex | null,
  tuning: ListTuning,
  scale: { max: number },
): FansFavourites | null {
  if (!index || tuning.coLoveWeight === 0) return null;
  return new FansFavourites(index, {
    weight: tuning.coLoveWeight,
    power: tuning.coLovePower,
    love: loveFrom(scale),
  });
}

function lovedArrays(index: LovedIndex): Record<string, StoredArray> {
  return {
    lovedUserStart: index.userStart,
    lovedUserItems: index.userItems,
    lovedItemStart: index.itemStart,
    lovedItemUsers: index.itemUsers,
  };
}

function lovedFromArrays(a: Record<string, StoredArray>): LovedIndex {
  return {
    userStart: i32(a, 'lovedUserStart'),
    userItems: i32(a, 'lovedUserItems'),
    itemStart: i32(a, 'lovedItemStart'),
    itemUsers: i32(a, 'lovedItemUsers'),
  };
}

/** The stored list tuning, refused when a field is missing (a model saved by an older build). */
function checkedTuning(stored: Partial<ListTuning> | undefined): ListTuning {
  // Models saved before the genre factor list similar movies without it.
  if (stored && stored.similarGenre === undefined) stored = { ...stored, similarGenre: 0 };
  // ... and before fans' favourites, without it
  if (stored && stored.coLoveWeight === undefined)
    stored = { ...stored, coLoveWeight: 0, coLovePower: 1 };
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
  const meta = JSON.parse(await readFile(path.join(dir, 'recency-hybrid.json'), 'utf8')) as {
    globalMean: number;
    genres: string[];
    scale: { min: number; max: number };
    easeForm?: 'dual' | 'primal';
    easeLambda: number;
    easeRows?: number;
    similarListLength?: number;
    tuning: ListTuning;
    sequenceScale?: Partial<SequenceScale>;
    sequenceWeight?: number;
    sequenceChoice?: WeightChoice;
  };
  const tuning = checkedTuning(meta.tuning);
  const full = { ...recencyHybridDefaults, ...settings };
  // first, so that a model saved by an older build is refused before its arrays are opened
  const weight = full.sequenceWeight === 'auto' ? (meta.sequenceWeight ?? 0) : full.sequenceWeight;
  const sequence = await loadSequencePart(dir, full, weight, meta.sequenceScale);
  const primal = meta.easeForm === 'primal';
  const a = await loadArrays(dir, primal ? primalLater : []);
  const movieIds = i32(a, 'movieIds');
  const ease = primal
    ? primalFromDisk(dir, a, meta, movieIds.length)
    : easeFromArrays(a, meta, tuning.similarLambda, movieIds.length);
  return new RecencyHybridModel(full, {
    movieIds,
    userKeys: i32(a, 'userKeys'),
    itemVectors: f32(a, 'itemVectors'),
    itemBias: f32(a, 'itemBias'),
    userVectors: f32(a, 'userVectors'),
    userBias: f32(a, 'userBias'),
    globalMean: meta.globalMean,
    ease: ease.ranking,
    similar: ease.similar,
    firstList: f32(a, 'firstList'),
    fans: fansFavourites(tuning.coLoveWeight > 0 ? lovedFromArrays(a) : null, tuning, meta.scale),
    tuning,
    genreStart: i32(a, 'genreStart'),
    genreIds: i32(a, 'genreIds'),
    genres: meta.genres,
    scale: meta.scale,
    sequence: sequence?.network ?? null,
    sequenceScale: sequence?.scale ?? null,
    sequenceWeight: sequence ? weight : 0,
    ...(meta.sequenceChoice ? { sequenceChoice: meta.sequenceChoice } : {}),
  });
}

/** RecencyHybridSettings as the schema defineModel validates, defaulting to recencyHybridDefaults. */
const recencyHybridSettings = z.object({
  easeLambda: z.number().positive().default(recencyHybridDefaults.easeLambda),
  recencyShort: z.number().nonnegative().default(recencyHybridDefaults.recencyShort),
  recencyShortItems: z.number().positive().default(recencyHybridDefaults.recencyShortItems),
  recencyLong: z.number().nonnegative().default(recencyHybridDefaults.recencyLong),
  recencyLongItems: z.number().positive().default(recencyHybridDefaults.recencyLongItems),
  ratingWeight: z.number().default(recencyHybridDefaults.ratingWeight),
  ratingCentre: z.number().default(recencyHybridDefaults.ratingCentre),
  dim: z.number().int().positive().default(recencyHybridDefaults.dim),
  alsIterations: z.number().int().positive().default(recencyHybridDefaults.alsIterations),
  ratingRecency: z.number().nonnegative().default(recencyHybridDefaults.ratingRecency),
  ratingRecencyItems: z.number().positive().default(recencyHybridDefaults.ratingRecencyItems),
  userLambda: z.number().positive().default(recencyHybridDefaults.userLambda),
  userBiasLambda: z.number().positive().default(recencyHybridDefaults.userBiasLambda),
  itemLambda: z.number().positive().default(recencyHybridDefaults.itemLambda),
  itemBiasLambda: z.number().positive().default(recencyHybridDefaults.itemBiasLambda),
  initStd: z.number().nonnegative().default(recencyHybridDefaults.initStd),
  fineTuneSteps: z.number().int().nonnegative().default(recencyHybridDefaults.fineTuneSteps),
  fineTuneLearningRate: z.number().positive().default(recencyHybridDefaults.fineTuneLearningRate),
  adapterLambda: z.number().nonnegative().default(recencyHybridDefaults.adapterLambda),
  tuneLists: z.boolean().default(recencyHybridDefaults.tuneLists),
  firstListFade: z.number().positive().default(recencyHybridDefaults.firstListFade),
  fansFavourites: z.boolean().default(recencyHybridDefaults.fansFavourites),
  sequenceWeight: z
    .union([z.number().nonnegative(), z.literal('auto')])
    .default(recencyHybridDefaults.sequenceWeight),
  sequenceEpochs: z.number().int().positive().default(recencyHybridDefaults.sequenceEpochs),
  sequenceRatingEpochs: z.number().positive().default(recencyHybridDefaults.sequenceRatingEpochs),
  sequenceDim: z.number().int().positive().default(recencyHybridDefaults.sequenceDim),
  sequenceBlocks: z.number().int().positive().default(recencyHybridDefaults.sequenceBlocks),
  sequenceMaxLength: z.number().int().min(2).default(recencyHybridDefaults.sequenceMaxLength),
  sequenceDropout: z.number().min(0).lt(1).default(recencyHybridDefaults.sequenceDropout),
  sequenceLoss: z.enum(['softmax', 'bce']).default(recencyHybridDefaults.sequenceLoss),
  sequenceNegatives: z.number().int().positive().default(recencyHybridDefaults.sequenceNegatives),
  sequenceFineTuneSteps: z
    .number()
    .int()
    .nonnegative()
    .default(recencyHybridDefaults.sequenceFineTuneSteps),
  sequenceRatingInput: z.boolean().default(recencyHybridDefaults.sequenceRatingInput),
});

export const recencyHybrid = defineModel({
  name: 'recency-hybrid',
  description:
    'Recency- and rating-weighted EASE for ranking (exact dual solve; on large releases primal, over the most-rated movies), blended with the next-movie scores of a SASRec network at a weight chosen on validation + recency-weighted ALS factors for ratings and vectors',
  settings: recencyHybridSettings,
  fineTunes: true,
  train,
  load,
});
