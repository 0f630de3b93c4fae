import type { EngineDataset } from '../../core/engine-dataset';
import {
  addToGram,
  easeFromInverse,
  easePrimalScore,
  invertGram,
  keptItems,
  withSimdScoring,
  type EasePrimalWeights,
  type KeptItems,
} from '../numeric/ease-primal';
import { SpdInverse, SWEEP_BLOCK } from '../numeric/spd-inverse';
import { Checkpoint } from '../runtime/checkpoint';
import { StageProgress, type StageCost } from '../runtime/stage-progress';
import { yieldToEventLoop } from '../runtime/yield';
import type { ListSplit } from '../validation/list-split';
import { TopK } from '../lists/top-k';
import { GenreOverlap } from './genre-overlap';
import { buildGenreIndex } from './item-features';
import {
  bestSimilar,
  firstListScores,
  grid,
  judgeSimilar,
  listTuningDefaults,
  similarItemWeights,
  tuneFade,
  tuneFirstList,
  tunePriorWeight,
  validationSplit,
  type ListTuning,
  type SimilarCandidates,
  type SimilarTuning,
} from './list-tuning';
import { throwIfTrainingAborted, type PersonHistory, type TrainHooks } from './model-definition';
import { trainAls, type AlsFactors, type AlsSettings } from './recency-als';
import type { SimilarLists } from './recency-ease';
import { rankingWeights, type RankingWeightSettings } from './recency-weights';
import { settingsHash } from './settings-hash';
import type { UserHistories } from './user-histories';

/**
 * Training the recency hybrid on a release with more users than EASE's dual form fits (ml-20m,
 * ml-25m, ml-32m): EASE in the primal over the `primalItems` most-rated movies (the Gram matrix
 * XᵀX counted straight from the histories, inverted by the blocked SIMD sweep of spd-inverse.ts),
 * the same for similar movies with their own λ, list tuning on an even sample of the
 * validation people, and the same ALS. Memory is bounded by N² (about 1.3 GB at N = 8,000) plus
 * the ratings, whatever the number of users.
 *
 * Every stage is saved to the checkpoint folder when one is given (the Gram matrices, the
 * tuning choices, B, the similar lists, the ALS item side after each iteration, and an inverse in
 * progress every few minutes), so a run stopped by a crash, a quit or a cancel resumes there.
 */
export interface LargeReleaseOptions {
  /** Training users (with ratings) above which the primal form is used. */
  dualMaxUsers: number;
  /** Movies the primal form models (the most rated); the rest are left to the first list. */
  primalItems: number;
  /** Validation people the list tuning judges at most (an even sample). */
  validationPeople: number;
  /** Loved movies per validation person similar movies are judged on at most. */
  similarSeeds: number;
  /** Similar movies stored per movie. */
  similarListLength: number;
  /** Save an inverse in progress this often (seconds). */
  sweepCheckpointSeconds: number;
}

export const largeReleaseDefaults: LargeReleaseOptions = {
  dualMaxUsers: 12_000,
  primalItems: 8000,
  validationPeople: 1000,
  similarSeeds: 10,
  similarListLength: 200,
  sweepCheckpointSeconds: 180,
};

export type LargeSettings = RankingWeightSettings &
  AlsSettings & { easeLambda: number; tuneLists: boolean; firstListFade: number };

export interface LargeFit {
  ranking: EasePrimalWeights;
  similar: SimilarLists;
  similarWeights: Float32Array;
  tuning: ListTuning;
  als: AlsFactors;
}

const similarStage = (lambda: number) => `tuning-similar-${lambda}`;

/** Whether a stage's result is in the checkpoint (a resumed run skips it). */
function restored(checkpoint: Checkpoint | null, stage: string): boolean {
  if (!checkpoint) return false;
  // The full Gram matrix is saved with the tuning: every stage before it is done then.
  const gram = checkpoint.has('gram');
  if (stage === 'gram-validation' || stage.startsWith('tuning-'))
    return gram || checkpoint.has(stage);
  if (stage.startsWith('als-'))
    return (
      checkpoint.has('als') &&
      Number(stage.slice(4)) <= checkpoint.meta<{ iterations: number }>('als').iterations
    );
  return checkpoint.has(stage);
}

/** Checkpoints of older layouts are never resumed. */
const checkpointFormat = 1;

/** Rough seconds per unit of work on a 2-core desktop, for the ETA only. */
const cost = {
  gramPair: 6e-9,
  sweepFlop: 1 / 7e9,
  scoredValue: 1.5e-8,
  alsProduct: 0.6e-9,
};

export async function fitLarge(
  data: EngineDataset,
  h: UserHistories,
  s: LargeSettings,
  hooks: TrainHooks,
  opts: LargeReleaseOptions,
): Promise<LargeFit> {
  const nItems = data.nItems;
  const counts = new Int32Array(nItems);
  for (const i of h.items) counts[i]++;
  const kept = keptItems(counts, opts.primalItems);
  const n = kept.kept.length;
  const pseudoNew = (u: number) => data.userKeys[u] % 10 === 5;
  const checkpoint = hooks.checkpointDir
    ? await Checkpoint.open(
        hooks.checkpointDir,
        [
          `recency-hybrid-large/${checkpointFormat}`,
          data.fingerprint,
          data.ratings.rating.length,
          data.nUsers,
          nItems,
          settingsHash(s),
          hooks.seed,
          settingsHash({ ...opts }),
        ].join(':'),
      )
    : null;

  const size = Math.max(SWEEP_BLOCK, Math.ceil(n / SWEEP_BLOCK) * SWEEP_BLOCK);
  const sweepCost = size ** 3 * cost.sweepFlop;
  let gramPairs = 0;
  for (const x of h.histories) {
    let m = 0;
    for (const i of x.items) if (kept.slot[i] >= 0) m++;
    gramPairs += (m * (m + 1)) / 2;
  }
  const tune = s.tuneLists;
  const validationCost = opts.validationPeople * nItems * 40 * cost.scoredValue;
  const stages: StageCost[] = [
    { name: 'gram-validation', cost: tune ? gramPairs * cost.gramPair * 0.9 : 0 },
    { name: 'tuning-first', cost: tune ? validationCost : 0 },
    { name: 'tuning-ranker', cost: tune ? sweepCost + validationCost : 0 },
    ...grid.similarLambda.map((l) => ({ name: similarStage(l), cost: tune ? sweepCost : 0 })),
    { name: 'gram', cost: gramPairs * cost.gramPair * (tune ? 0.1 : 1) },
    { name: 'ranking', cost: sweepCost },
    { name: 'similar', cost: sweepCost },
    ...Array.from({ length: s.alsIterations }, (_, k) => ({
      name: `als-${k + 1}`,
      cost: 2 * h.items.length * (s.dim + 1) ** 2 * cost.alsProduct,
    })),
  ];
  const progress = new StageProgress(stages, hooks.onProgress);
  progress.begin(stages.filter((stage) => restored(checkpoint, stage.name)).map((x) => x.name));
  const overlap = new GenreOverlap(buildGenreIndex(data.movies));
  const run: Run = {
    data,
    h,
    s,
    hooks,
    opts,
    kept,
    inv: null,
    checkpoint,
    progress,
    pseudoNew,
    overlap,
  };
  const { b, similar, similarWeights, tuning } = await fitEase(run);
  run.inv = null; // the workspace's memory goes before ALS needs its own

  let mu = 0;
  for (const r of data.ratings.rating) mu += r;
  mu /= Math.max(1, data.ratings.rating.length);
  const resumed = checkpoint?.has('als') ? await checkpoint.load('als') : null;
  const iterations = resumed ? checkpoint!.meta<{ iterations: number }>('als').iterations : 0;
  for (let it = 1; it <= iterations; it++) progress.finish(`als-${it}`);
  const als = await trainAls(h, nItems, mu, s, {
    seed: hooks.seed,
    signal: hooks.signal,
    resume: resumed
      ? {
          iterations,
          itemVectors: resumed.itemVectors as Float32Array,
          itemBias: resumed.itemBias as Float32Array,
        }
      : undefined,
    onIteration: async (it, mse, state) => {
      await checkpoint?.save(
        'als',
        { itemVectors: state.itemVectors, itemBias: state.itemBias },
        { iterations: it },
      );
      progress.finish(`als-${it}`, mse);
    },
  });
  return {
    ranking: { lambda: s.easeLambda, kept: kept.kept, slot: kept.slot, b },
    similar,
    similarWeights,
    tuning,
    als,
  };
}

interface Run {
  data: EngineDataset;
  h: UserHistories;
  s: LargeSettings;
  hooks: TrainHooks;
  opts: LargeReleaseOptions;
  kept: KeptItems;
  /** The inverse's workspace (N² doubles), made when a stage first needs it. */
  inv: SpdInverse | null;
  checkpoint: Checkpoint | null;
  progress: StageProgress;
  pseudoNew: (u: number) => boolean;
  overlap: GenreOverlap;
}

function workspace(run: Run): SpdInverse {
  return (run.inv ??= new SpdInverse(run.kept.kept.length));
}

/**
 * The EASE parts: the list tuning on validation, the Gram matrix of every training user, B for
 * ranking and the similar lists, each taken from the checkpoint where it was saved.
 */
async function fitEase(run: Run): Promise<{
  b: Float32Array;
  similar: SimilarLists;
  similarWeights: Float32Array;
  tuning: ListTuning;
}> {
  const { checkpoint, progress, s, h, hooks, kept, opts, data } = run;
  const n = kept.kept.length;
  let gram: Int32Array | null = null;
  let tuning: ListTuning;
  if (checkpoint?.has('gram')) {
    tuning = checkpoint.meta<{ tuning: ListTuning }>('gram').tuning;
    for (const name of ['gram-validation', 'tuning-first', 'tuning-ranker']) progress.finish(name);
    for (const lambda of grid.similarLambda) progress.finish(similarStage(lambda));
  } else {
    gram = new Int32Array(n * n);
    tuning = s.tuneLists ? await tuneLarge(run, gram) : { ...listTuningDefaults };
    for (let u = 0; u < h.histories.length; u++) {
      if (!s.tuneLists || run.pseudoNew(u)) addToGram(gram, kept, h.histories[u].items);
      if ((u & 1023) === 0) {
        throwIfTrainingAborted(hooks.signal);
        await yieldToEventLoop();
      }
    }
    await checkpoint?.save('gram', { gram }, { tuning });
    await checkpoint?.drop('gram-validation');
  }
  // A checkpoint saved before the genre factor resumes without it.
  tuning.similarGenre ??= 0;
  progress.finish('gram');
  const fullGram = async (): Promise<Int32Array> => {
    if (!gram) {
      gram = new Int32Array(n * n);
      await checkpoint!.loadInto('gram', 'gram', gram);
    }
    return gram;
  };

  let b: Float32Array;
  if (checkpoint?.has('ranking')) {
    b = (await checkpoint.load('ranking')).b as Float32Array;
  } else {
    await sweep(run, 'ranking', await fullGram(), s.easeLambda);
    b = easeFromInverse(workspace(run));
    await checkpoint?.save('ranking', { b });
  }
  progress.finish('ranking');

  const similarWeights = similarItemWeights(
    h.histories,
    data.nItems,
    tuning.similarPopularityDiscount,
    tuning.similarQuality,
  );
  let similar: SimilarLists;
  if (checkpoint?.has('similar')) {
    const a = await checkpoint.load('similar');
    similar = {
      k: opts.similarListLength,
      index: a.index as Int32Array,
      score: a.score as Float32Array,
    };
  } else {
    await sweep(run, 'similar', await fullGram(), tuning.similarLambda);
    similar = similarLists(run, tuning.similarLambda, similarWeights, tuning.similarGenre);
    await checkpoint?.save('similar', { index: similar.index, score: similar.score });
  }
  progress.finish('similar');
  return { b, similar, similarWeights, tuning };
}

/**
 * P = (gram + λI)⁻¹ into the workspace, saving it every few minutes under `purpose` and
 * resuming a saved one.
 */
async function sweep(run: Run, purpose: string, gram: Int32Array, lambda: number): Promise<void> {
  const { checkpoint, hooks, opts, progress } = run;
  const inv = workspace(run);
  let fromStep = 0;
  if (checkpoint?.has('sweep')) {
    const saved = checkpoint.meta<{ purpose: string; step: number }>('sweep');
    if (saved.purpose === purpose) {
      await checkpoint.loadInto('sweep', 'matrix', inv.matrix);
      fromStep = saved.step;
    }
  }
  let lastSave = performance.now();
  throwIfTrainingAborted(hooks.signal);
  await invertGram(inv, gram, lambda, {
    fromStep,
    onStep: async (done, total) => {
      throwIfTrainingAborted(hooks.signal);
      progress.partly(purpose, done / total);
      if (checkpoint && performance.now() - lastSave > opts.sweepCheckpointSeconds * 1000) {
        await checkpoint.save('sweep', { matrix: inv.matrix }, { purpose, step: done });
        lastSave = performance.now();
      }
    },
  });
  await checkpoint?.drop('sweep');
}

/** The list tuning on validation (pseudo-new people and the training users without them). */
async function tuneLarge(run: Run, gram: Int32Array): Promise<ListTuning> {
  const { data, h, s, kept, checkpoint, progress, hooks, opts } = run;
  const split = validationSplit(h.histories, data.userKeys, data.movieIds, opts.validationPeople);
  if (checkpoint?.has('gram-validation'))
    await checkpoint.loadInto('gram-validation', 'gram', gram);
  else {
    for (let u = 0; u < h.histories.length; u++) {
      if (!run.pseudoNew(u)) addToGram(gram, kept, h.histories[u].items);
      if ((u & 1023) === 0) {
        throwIfTrainingAborted(hooks.signal);
        await yieldToEventLoop();
      }
    }
    await checkpoint?.save('gram-validation', { gram });
  }
  progress.finish('gram-validation');
  if (!split) {
    for (const name of ['tuning-first', 'tuning-ranker', ...grid.similarLambda.map(similarStage)])
      progress.finish(name);
    return { ...listTuningDefaults };
  }

  const first = await stageJson(run, 'tuning-first', async () => tuneFirstList(split));
  const prior = firstListScores(split.histories, split.nItems, first.priorShrink, first.priorPower);
  const ranked = await stageJson(run, 'tuning-ranker', async () => {
    await sweep(run, 'tuning-ranker', gram, s.easeLambda);
    const e = withSimdScoring({
      lambda: s.easeLambda,
      kept: kept.kept,
      slot: kept.slot,
      b: easeFromInverse(workspace(run)),
    });
    const rankHistory = (x: PersonHistory, out: Float32Array) =>
      easePrimalScore(e, x.items, rankingWeights(x, s), out);
    const priorWeight = tunePriorWeight(split, prior, rankHistory);
    const fadePower = tuneFade(split, prior, rankHistory, priorWeight, s.firstListFade);
    return { priorWeight, fadePower };
  });
  const judged: { best: SimilarTuning | null; score: number }[] = [];
  for (const lambda of grid.similarLambda) {
    judged.push(
      await stageJson(run, similarStage(lambda), async () => {
        await sweep(run, similarStage(lambda), gram, lambda);
        return judgeSimilar(split, primalCandidates(run, split, lambda), lambda, opts.similarSeeds);
      }),
    );
  }
  // fans' favourites counts co-loves over every loved rating at each request: too slow at this size
  return { ...first, ...ranked, ...bestSimilar(judged), coLoveWeight: 0, coLovePower: 1 };
}

/** A stage whose result is a little JSON: restored from the checkpoint, or run and saved. */
async function stageJson<T>(run: Run, name: string, work: () => Promise<T>): Promise<T> {
  const { checkpoint, progress, hooks } = run;
  let result: T;
  if (checkpoint?.has(name)) result = checkpoint.meta<{ result: T }>(name).result;
  else {
    throwIfTrainingAborted(hooks.signal);
    result = await work();
    await checkpoint?.save(name, {}, { result });
  }
  progress.finish(name);
  return result;
}

/**
 * Similar movies of the inverse in the workspace, for tuning: a kept seed's pull −λ·P[s, j] over
 * the kept movies, weighed; a movie outside the kept ones lists nothing.
 */
function primalCandidates(run: Run, split: ListSplit, lambda: number): SimilarCandidates {
  const { kept } = run;
  const inv = workspace(run);
  const n = kept.kept.length;
  const scores = new Float32Array(n);
  return {
    listable: n,
    list(seed, weights, genre, exclude, k) {
      const s = kept.slot[seed];
      if (s < 0) return new Int32Array(0);
      const row = s * inv.size;
      for (let j = 0; j < n; j++) {
        const w = weights[kept.kept[j]];
        scores[j] = w > 0 ? -lambda * inv.matrix[row + j] * w : -Infinity;
      }
      scores[s] = -Infinity;
      run.overlap.boost(seed, genre, scores, (j) => kept.kept[j]);
      return topSlots(scores, kept.kept, k, split.popularity, split.movieIds, exclude);
    },
  };
}

/**
 * The k best slots by score (as items), ties by popularity (higher first) then movieId (lower
 * first), as every list orders them; slots at −∞ or excluded never.
 */
function topSlots(
  scores: Float32Array,
  items: Int32Array,
  k: number,
  popularity: ArrayLike<number>,
  movieIds: ArrayLike<number>,
  exclude: Uint8Array | null,
): Int32Array {
  const better = (a: number, b: number) =>
    scores[a] > scores[b] ||
    (scores[a] === scores[b] &&
      (popularity[items[a]] > popularity[items[b]] ||
        (popularity[items[a]] === popularity[items[b]] &&
          movieIds[items[a]] < movieIds[items[b]])));
  const best: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (scores[j] === -Infinity || (exclude && exclude[items[j]] !== 0)) continue;
    if (best.length === k && !better(j, best[k - 1])) continue;
    let pos = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(j);
    while (pos > 0 && better(j, best[pos - 1])) {
      best[pos] = best[pos - 1];
      pos--;
    }
    best[pos] = j;
  }
  return Int32Array.from(best, (j) => items[j]);
}

/** Raters a long-tail movie's similar list is counted from at most (evenly spaced). */
const tailRaters = 50;
/** Each rater's kept movies rated this close (in their own order) to the long-tail one count. */
const tailWindow = 15;

/**
 * The stored similar lists: for a kept movie, its best `similarListLength` kept movies by weighed
 * pull from the inverse in the workspace; for a long-tail movie, the kept movies its raters rated
 * around the same time, counted and weighed alike (co-occurrence stands in for the pull it has
 * not got). Lists are the best by score; the lists code breaks ties when it ranks them.
 */
function similarLists(
  run: Run,
  lambda: number,
  weights: Float32Array,
  genre: number,
): SimilarLists {
  const { kept, h, opts, data } = run;
  const inv = workspace(run);
  const nItems = data.nItems;
  const n = kept.kept.length;
  const k = opts.similarListLength;
  const index = new Int32Array(nItems * k).fill(-1);
  const score = new Float32Array(nItems * k);
  const scores = new Float32Array(n);
  const heap = new TopK(k);
  const store = (item: number) =>
    heap.sorted().forEach((t, r) => {
      index[item * k + r] = kept.kept[t.id];
      score[item * k + r] = t.value;
    });
  for (let s = 0; s < n; s++) {
    const row = s * inv.size;
    for (let j = 0; j < n; j++) {
      const w = weights[kept.kept[j]];
      scores[j] = w > 0 ? -lambda * inv.matrix[row + j] * w : -Infinity;
    }
    scores[s] = -Infinity;
    run.overlap.boost(kept.kept[s], genre, scores, (j) => kept.kept[j]);
    heap.reset();
    for (let j = 0; j < n; j++) if (scores[j] > heap.threshold) heap.push(j, scores[j]);
    store(kept.kept[s]);
  }
  // Long-tail movies: where each of (a sample of) their ratings sits in the rater's history.
  const raterStart = new Int32Array(nItems + 1);
  for (let p = 0; p < h.items.length; p++)
    if (kept.slot[h.items[p]] < 0) raterStart[h.items[p] + 1]++;
  for (let i = 0; i < nItems; i++) raterStart[i + 1] += raterStart[i];
  const fill = raterStart.slice(0, nItems);
  const at = new Int32Array(raterStart[nItems]);
  const userOf = new Int32Array(h.items.length);
  for (let u = 0; u < h.histories.length; u++) userOf.fill(u, h.start[u], h.start[u + 1]);
  for (let p = 0; p < h.items.length; p++)
    if (kept.slot[h.items[p]] < 0) at[fill[h.items[p]]++] = p;
  const co = new Float64Array(n);
  const touched: number[] = [];
  for (let item = 0; item < nItems; item++) {
    const from = raterStart[item];
    const m = raterStart[item + 1] - from;
    if (m === 0) continue;
    const step = Math.max(1, m / tailRaters);
    for (let r = 0; r < m; r += step) {
      const p = at[from + Math.floor(r)];
      const u = userOf[p];
      const lo = Math.max(h.start[u], p - tailWindow);
      const hi = Math.min(h.start[u + 1], p + tailWindow + 1);
      for (let q = lo; q < hi; q++) {
        const j = kept.slot[h.items[q]];
        if (j >= 0 && co[j]++ === 0) touched.push(j);
      }
    }
    heap.reset();
    for (const j of touched) {
      const w = weights[kept.kept[j]];
      if (w > 0) heap.push(j, co[j] * w);
      co[j] = 0;
    }
    touched.length = 0;
    store(item);
  }
  return { k, index, score };
}
