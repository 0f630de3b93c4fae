import { easeDualContributions, easeDualScore, type EaseDualWeights } from '../numeric/ease-dual';
import {
  easePrimalContributions,
  easePrimalScore,
  primalSimd,
  withSimdScoring,
  type EasePrimalWeights,
  type RowSource,
} from '../numeric/ease-primal';
import { arrayFile, type StoredArray } from '../runtime/array-files';
import { LazyRows } from '../runtime/lazy-rows';
import { similarityScores } from './list-tuning';

/**
 * The recency hybrid's two EASE parts in either form: solved exactly in the dual over every
 * movie (releases of up to EASE_DUAL_MAX_USERS users), or in the primal over the most-rated
 * movies (larger releases). Ranking scores a weighted history; similar movies are the dual's
 * weighed shared pulls, or for the primal form a stored list per movie (its best `k` by the same
 * weighed pull, computed at training), so a list costs a lookup.
 */
export type RankingEase =
  { form: 'dual'; dual: EaseDualWeights } | { form: 'primal'; primal: EasePrimalWeights };

/** Per movie, its most similar movies, best first (−1 pads a short list). */
export interface SimilarLists {
  k: number;
  /** nItems × k item indices. */
  index: Int32Array;
  /** nItems × k scores (higher is more similar). */
  score: Float32Array;
  /** Set when the rows are read from disk on first use. */
  rows?: RowSource;
}

export type SimilarEase =
  | { form: 'dual'; dual: EaseDualWeights; weights: Float32Array }
  | { form: 'lists'; lists: SimilarLists };

export function rankingScores(
  e: RankingEase,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  out: Float32Array,
): void {
  if (e.form === 'dual') easeDualScore(e.dual, items, weights, out);
  else easePrimalScore(e.primal, items, weights, out);
}

/** Each history entry's pull on item j (EASE's B[items_t, j], times the entry's weight). */
export function rankingContributions(
  e: RankingEase,
  items: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  j: number,
): Float32Array {
  return e.form === 'dual'
    ? easeDualContributions(e.dual, items, weights, j)
    : easePrimalContributions(e.primal, items, weights, j);
}

/** Similar-movies scores of every movie to `seed` into `out`; −∞ for movies never to list. */
export function similarScores(e: SimilarEase, seed: number, out: Float32Array): void {
  if (e.form === 'dual') {
    similarityScores(e.dual, seed, e.weights, out);
    return;
  }
  const { k, index, score } = e.lists;
  e.lists.rows?.need(seed);
  out.fill(-Infinity);
  for (let r = seed * k; r < (seed + 1) * k; r++) {
    const j = index[r];
    if (j < 0) break;
    out[j] = score[r];
  }
  out[seed] = -Infinity;
}

/** The arrays and JSON a saved model keeps of its EASE parts. */
export function easeArrays(
  ranking: RankingEase,
  similar: SimilarEase,
): { arrays: Record<string, StoredArray>; meta: Record<string, unknown> } {
  if (ranking.form === 'dual' && similar.form === 'dual') {
    const e = ranking.dual;
    return {
      arrays: {
        easeRowStart: e.rowStart,
        easeRowIndex: e.rowIndex,
        easeK: e.k,
        easeDenom: e.denom,
        similarK: similar.dual.k,
        similarDenom: similar.dual.denom,
        similarWeights: similar.weights,
      },
      meta: { easeLambda: e.lambda, easeRows: e.rows },
    };
  }
  if (ranking.form === 'primal' && similar.form === 'lists') {
    const e = ranking.primal;
    e.rows?.all();
    similar.lists.rows?.all();
    return {
      arrays: {
        easeKept: e.kept,
        easeB: e.b,
        similarIndex: similar.lists.index,
        similarScore: similar.lists.score,
      },
      meta: { easeForm: 'primal', easeLambda: e.lambda, similarListLength: similar.lists.k },
    };
  }
  throw new Error('the ranking and similar-movies parts must come from the same EASE form');
}

function array<T extends StoredArray>(
  arrays: Record<string, StoredArray>,
  name: string,
  type: new (n: number) => T,
): T {
  const a = arrays[name];
  if (!(a instanceof type)) throw new Error(`model file is missing ${name}`);
  return a as T;
}

/** Both arrays of the similar lists, a row of each at a time. */
function bothRows(a: RowSource, b: RowSource): RowSource {
  return {
    need: (r) => (a.need(r), b.need(r)),
    all: () => (a.all(), b.all()),
    close: () => (a.close(), b.close()),
  };
}

/** Saved arrays a model load leaves on disk for the primal form (`primalFromDisk` reads them). */
export const primalLater = ['easeB', 'similarIndex', 'similarScore'];

/**
 * The primal EASE parts of a saved model, the large arrays read as rows are first used: B (into
 * the scoring kernel's memory where SIMD works) and the similar lists. A model starts without
 * reading hundreds of megabytes, and a list reads only the rows it needs.
 */
export function primalFromDisk(
  dir: string,
  arrays: Record<string, StoredArray>,
  meta: { easeLambda: number; similarListLength?: number },
  nItems: number,
): { ranking: RankingEase; similar: SimilarEase } {
  const kept = array(arrays, 'easeKept', Int32Array);
  const n = kept.length;
  const slot = new Int32Array(nItems).fill(-1);
  kept.forEach((item, k) => (slot[item] = k));
  const simd = primalSimd(n);
  const b = simd?.b ?? new Float32Array(n * n);
  const k = meta.similarListLength ?? 0;
  const index = new Int32Array(nItems * k);
  const score = new Float32Array(nItems * k);
  const rows = (name: string, target: StoredArray, length: number) =>
    new LazyRows(arrayFile(dir, name, target), target, length);
  return {
    ranking: {
      form: 'primal',
      primal: {
        lambda: meta.easeLambda,
        kept,
        slot,
        b,
        ...(simd ? { simd: simd.kernel } : {}),
        rows: rows('easeB', b, n),
      },
    },
    similar: {
      form: 'lists',
      lists: {
        k,
        index,
        score,
        rows: bothRows(rows('similarIndex', index, k), rows('similarScore', score, k)),
      },
    },
  };
}

/** Lets go of the files of rows not yet read. */
export function closeEase(ranking: RankingEase, similar: SimilarEase): void {
  if (ranking.form === 'primal') ranking.primal.rows?.close();
  if (similar.form === 'lists') similar.lists.rows?.close();
}

/** The EASE parts back from a saved model's arrays and JSON. */
export function easeFromArrays(
  arrays: Record<string, StoredArray>,
  meta: {
    easeForm?: 'dual' | 'primal';
    easeLambda: number;
    easeRows?: number;
    similarListLength?: number;
  },
  similarLambda: number,
  nItems: number,
): { ranking: RankingEase; similar: SimilarEase } {
  if (meta.easeForm === 'primal') {
    const kept = array(arrays, 'easeKept', Int32Array);
    const slot = new Int32Array(nItems).fill(-1);
    kept.forEach((item, k) => (slot[item] = k));
    const primal = {
      lambda: meta.easeLambda,
      kept,
      slot,
      b: array(arrays, 'easeB', Float32Array),
    };
    return {
      ranking: {
        form: 'primal',
        primal: withSimdScoring(primal),
      },
      similar: {
        form: 'lists',
        lists: {
          k: meta.similarListLength ?? 0,
          index: array(arrays, 'similarIndex', Int32Array),
          score: array(arrays, 'similarScore', Float32Array),
        },
      },
    };
  }
  const rowStart = array(arrays, 'easeRowStart', Int32Array);
  const rowIndex = array(arrays, 'easeRowIndex', Int32Array);
  const rows = meta.easeRows ?? 0;
  return {
    ranking: {
      form: 'dual',
      dual: {
        lambda: meta.easeLambda,
        rows,
        rowStart,
        rowIndex,
        k: array(arrays, 'easeK', Float64Array),
        denom: array(arrays, 'easeDenom', Float64Array),
      },
    },
    similar: {
      form: 'dual',
      dual: {
        lambda: similarLambda,
        rows,
        rowStart,
        rowIndex,
        k: array(arrays, 'similarK', Float64Array),
        denom: array(arrays, 'similarDenom', Float64Array),
      },
      weights: array(arrays, 'similarWeights', Float32Array),
    },
  };
}
