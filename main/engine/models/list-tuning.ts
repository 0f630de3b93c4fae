import { easeDualSharedPull, fitEaseDual, type EaseDualWeights } from '../numeric/ease-dual';
import { GenreOverlap, type GenreIndex } from './genre-overlap';
import { throwIfTrainingAborted, type PersonHistory } from './model-definition';
import { protocolD, protocolF } from '../validation/list-protocols';
import { ndcgAtK } from '../validation/metrics';
import { topKWithTies, pseudoNewPeopleSplit, type ListSplit } from '../validation/list-split';
import { yieldToEventLoop } from '../runtime/yield';
import { FansFavourites, lovedIndex } from './fans-favourites';

/**
 * The settings of the default model's other lists, chosen on validation from training users
 * only (pseudo-new people: dataset user key % 10 == 5), the way EVALUATION.md asks:
 * - similar movies: EASE item weights with their own λ, ranked by the symmetric pull X_sᵀKX_j
 *   weighed by popularity, (n + 1)^−discount, and by how well people rate the movie, (damped
 *   mean / mean)^quality, and by the genres it shares with the seed, (1 + Jaccard)^genre, judged
 *   on protocol D's tail P@10 with catalogue coverage ≥ 0.25;
 * - the first list (protocol F): rating count × damped mean rating^power;
 * - the move to personal scores (F5): ranking score + priorWeight · that first-list score, the
 *   weight fading as (fade / n)^fadePower after `fade` ratings, the power judged on protocol C's
 *   split of the same pseudo-new people (their first half visible, the rest hidden);
 * - fans' favourites (fans-favourites.ts): its weight and power judged on the mean of F5 and C.
 * On a large release the pseudo-new people are an even sample of them (`maxPeople`), and
 * similar movies are judged on a few loved seeds per person.
 */
export interface ListTuning {
  similarLambda: number;
  similarPopularityDiscount: number;
  similarQuality: number;
  /** Absent from models saved before it: 0, no genre factor. */
  similarGenre: number;
  priorShrink: number;
  priorPower: number;
  priorWeight: number;
  fadePower: number;
  /** Fans' favourites (fans-favourites.ts); absent from models saved before it: 0, left out. */
  coLoveWeight: number;
  coLovePower: number;
}

export const listTuningDefaults: ListTuning = {
  similarLambda: 1000,
  similarPopularityDiscount: 0.1,
  similarQuality: 0,
  similarGenre: 0,
  priorShrink: 10,
  priorPower: 2,
  priorWeight: 4,
  fadePower: 1,
  coLoveWeight: 0,
  coLovePower: 1,
};

export const grid = {
  similarLambda: [500, 1000, 2000],
  similarPopularityDiscount: [0, 0.1, 0.2],
  similarQuality: [0, 2, 4],
  similarGenre: [0, 0.5, 1],
  priorShrink: [5, 10, 20, 50],
  priorPower: [1, 2, 4, 8],
  priorWeight: [0, 0.5, 1, 2, 4, 8, 16],
  fadePower: [1, 2, 3],
  coLoveWeight: [0, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16],
  coLovePower: [0, 0.25, 0.5, 0.75, 1],
};

/** The first list's share of the score after n ratings: whole up to `fade`, then fading. */
export function firstListShare(n: number, fade: number, power: number): number {
  return n <= fade ? 1 : (fade / n) ** power;
}

/** Protocol D's floor on catalogue coverage: below it a similar-movies list is mostly the head. */
const minCoverage = 0.25;
/** Fewer pseudo-new people than this and validation is noise: keep the defaults. */
const minValidationPeople = 10;

/** Rating count × damped mean^power per item, scaled so that the best item scores 1. */
export function firstListScores(
  histories: readonly PersonHistory[],
  nItems: number,
  shrink: number,
  power: number,
): Float32Array {
  const count = new Float64Array(nItems);
  const sum = new Float64Array(nItems);
  let total = 0;
  let n = 0;
  for (const h of histories) {
    h.items.forEach((i, t) => {
      count[i]++;
      sum[i] += h.ratings[t];
    });
    for (const r of h.ratings) total += r;
    n += h.ratings.length;
  }
  const mean = n ? total / n : 0;
  const out = new Float32Array(nItems);
  let best = 0;
  for (let i = 0; i < nItems; i++) {
    const damped = (sum[i] + shrink * mean) / (count[i] + shrink);
    out[i] = count[i] * damped ** power;
    if (out[i] > best) best = out[i];
  }
  if (best > 0) for (let i = 0; i < nItems; i++) out[i] /= best;
  return out;
}

/** Ratings a movie's mean is damped with (towards the overall mean) in the quality factor. */
const qualityShrink = 10;

/**
 * Each movie's weight in similar movies: (n + 1)^−discount · (damped mean / overall mean)^quality,
 * n = its training ratings; 0 for a movie nobody rated (never listed).
 */
export function similarItemWeights(
  histories: readonly PersonHistory[],
  nItems: number,
  discount: number,
  quality: number,
): Float32Array {
  const count = new Float64Array(nItems);
  const sum = new Float64Array(nItems);
  let total = 0;
  let n = 0;
  for (const h of histories)
    h.items.forEach((i, t) => {
      count[i]++;
      sum[i] += h.ratings[t];
      total += h.ratings[t];
      n++;
    });
  const mean = n ? total / n : 1;
  return Float32Array.from(count, (c, i) =>
    c > 0
      ? (c + 1) ** -discount *
        ((sum[i] + qualityShrink * mean) / (c + qualityShrink) / mean) ** quality
      : 0,
  );
}

/** Similar-movies scores from a seed's shared pull (in place); −∞ for the seed and unweighted movies. */
export function weighPull(pull: Float32Array, seed: number, weights: Float32Array): Float32Array {
  for (let j = 0; j < pull.length; j++) pull[j] = weights[j] > 0 ? pull[j] * weights[j] : -Infinity;
  pull[seed] = -Infinity;
  return pull;
}

/** Similar-movies scores of every movie to `seed` into `out`. */
export function similarityScores(
  e: EaseDualWeights,
  seed: number,
  weights: Float32Array,
  out: Float32Array,
): void {
  easeDualSharedPull(e, seed, out);
  weighPull(out, seed, weights);
}

/** A ranking function fitted on some histories: scores over every item into `out`. */
export type FitRanker = (
  histories: readonly PersonHistory[],
) => (history: PersonHistory, out: Float32Array) => void;

function bestOf<T>(candidates: T[], score: (c: T) => number): T {
  let best = candidates[0];
  let bestScore = -Infinity;
  for (const c of candidates) {
    const s = score(c);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

export function tuneFirstList(split: ListSplit): { priorShrink: number; priorPower: number } {
  const options = grid.priorShrink.flatMap((priorShrink) =>
    grid.priorPower.map((priorPower) => ({ priorShrink, priorPower })),
  );
  return bestOf(options, (o) => {
    const prior = firstListScores(split.histories, split.nItems, o.priorShrink, o.priorPower);
    const list = (_h: PersonHistory, exclude: Uint8Array, k: number) =>
      topKWithTies(prior, k, split.popularity, split.movieIds, (i) => exclude[i] === 0);
    return protocolF(split, list, 0)['ndcg@20'];
  });
}

/** A ranking function fitted on validation training data: scores over every item into `out`. */
export type Rank = (history: PersonHistory, out: Float32Array) => void;

/** A validation person: what they have rated so far, and the movies judged as hits. */
interface JudgedPerson {
  history: PersonHistory;
  relevant: Set<number>;
}

/**
 * The mean NDCG@20 of each option over people (the best option wins, the first of equals): each
 * person's ranking scores are computed once and shared by every option (`score` adds the
 * option's part in place, on a copy).
 */
function meanNdcgPerOption(
  split: ListSplit,
  people: JudgedPerson[],
  rank: Rank,
  options: number,
  score: (option: number, history: PersonHistory, scores: Float32Array) => void,
): number[] {
  const base = new Float32Array(split.nItems);
  const scores = new Float32Array(split.nItems);
  const exclude = new Uint8Array(split.nItems);
  const sums = new Array<number>(options).fill(0);
  for (const { history, relevant } of people) {
    rank(history, base);
    for (const i of history.items) exclude[i] = 1;
    for (let o = 0; o < options; o++) {
      scores.set(base);
      score(o, history, scores);
      const list = topKWithTies(
        scores,
        20,
        split.popularity,
        split.movieIds,
        (i) => exclude[i] === 0 && split.popularity[i] > 0,
      );
      sums[o] += ndcgAtK(list, relevant, 20);
    }
    for (const i of history.items) exclude[i] = 0;
  }
  return sums.map((s) => (people.length ? s / people.length : 0));
}

function firstOfBest(values: number[]): number {
  let best = 0;
  for (let o = 1; o < values.length; o++) if (values[o] > values[best]) best = o;
  return best;
}

/** The prior's weight, judged on protocol F5 (each person's first five ratings). */
export function tunePriorWeight(split: ListSplit, prior: Float32Array, rank: Rank): number {
  const people = firstFivePeople(split);
  const ndcg = meanNdcgPerOption(split, people, rank, grid.priorWeight.length, (o, _h, scores) => {
    const weight = grid.priorWeight[o];
    for (let i = 0; i < scores.length; i++) scores[i] += weight * prior[i];
  });
  return grid.priorWeight[firstOfBest(ndcg)];
}

/** The fade power of the prior's weight, judged on protocol C's split of the same people. */
export function tuneFade(
  split: ListSplit,
  prior: Float32Array,
  rank: Rank,
  priorWeight: number,
  fade: number,
): number {
  const people = visibleHalfPeople(split);
  const ndcg = meanNdcgPerOption(split, people, rank, grid.fadePower.length, (o, h, scores) => {
    const weight = priorWeight * firstListShare(h.items.length, fade, grid.fadePower[o]);
    for (let i = 0; i < scores.length; i++) scores[i] += weight * prior[i];
  });
  return grid.fadePower[firstOfBest(ndcg)];
}

/** The pseudo-new people of protocol F5: their first five ratings, judged on the loved rest. */
function firstFivePeople(split: ListSplit): JudgedPerson[] {
  const people: JudgedPerson[] = [];
  for (const person of split.people) {
    const n = Math.min(5, person.all.items.length);
    const relevant = new Set<number>();
    person.all.items.forEach((i, t) => {
      if (t >= n && person.all.ratings[t] >= 4) relevant.add(i);
    });
    if (relevant.size === 0) continue;
    const history: PersonHistory = {
      items: person.all.items.slice(0, n),
      ratings: person.all.ratings.slice(0, n),
      times: person.all.times.slice(0, n),
    };
    people.push({ history, relevant });
  }
  return people;
}

/** The same people as protocol C splits them: the visible half, judged on the hidden loved ones. */
function visibleHalfPeople(split: ListSplit): JudgedPerson[] {
  const people: JudgedPerson[] = [];
  for (const person of split.people) {
    const relevant = new Set<number>();
    person.hidden.items.forEach((i, t) => {
      if (person.hidden.ratings[t] >= 4) relevant.add(i);
    });
    if (relevant.size > 0) people.push({ history: person.visible, relevant });
  }
  return people;
}

/**
 * Fans' favourites' weight and power, judged on the mean NDCG@20 of F5 and C with the first list
 * in place (weight 0, the first option, wins ties: the term has to earn its place).
 */
export function tuneFansFavourites(
  split: ListSplit,
  rank: Rank,
  love: number,
): Pick<ListTuning, 'coLoveWeight' | 'coLovePower'> {
  const index = lovedIndex(split.histories, split.nItems, love);
  const options = grid.coLovePower.flatMap((coLovePower) =>
    grid.coLoveWeight.map((coLoveWeight) => ({ coLoveWeight, coLovePower })),
  );
  const terms = grid.coLovePower.map(
    (power) => new FansFavourites(index, { weight: 1, power, love }),
  );
  const term = new Float32Array(split.nItems);
  let termOf: PersonHistory | null = null;
  let termPower = -1;
  const score = (o: number, history: PersonHistory, scores: Float32Array) => {
    const { coLoveWeight, coLovePower } = options[o];
    if (coLoveWeight === 0) return;
    const p = grid.coLovePower.indexOf(coLovePower);
    if (termOf !== history || termPower !== p) {
      term.fill(0);
      terms[p].addTo(history, term);
      termOf = history;
      termPower = p;
    }
    for (let i = 0; i < scores.length; i++) scores[i] += coLoveWeight * term[i];
  };
  const f5 = meanNdcgPerOption(split, firstFivePeople(split), rank, options.length, score);
  const c = meanNdcgPerOption(split, visibleHalfPeople(split), rank, options.length, score);
  return options[firstOfBest(f5.map((x, o) => (x + c[o]) / 2))];
}

export type SimilarTuning = Pick<
  ListTuning,
  'similarLambda' | 'similarPopularityDiscount' | 'similarQuality' | 'similarGenre'
>;

/** One similar-movies fit (one λ) as the tuning sees it. */
export interface SimilarCandidates {
  /** How many movies its lists can hold: catalogue coverage is measured against at most these. */
  listable: number;
  /**
   * The k most similar listable movies to `seed` under per-movie `weights` and the genre factor's
   * power `genre`, none excluded.
   */
  list(
    seed: number,
    weights: Float32Array,
    genre: number,
    exclude: Uint8Array,
    k: number,
  ): Int32Array;
}

/** Similar movies from the dual EASE fit on the split's training histories. */
export function dualSimilarCandidates(
  split: ListSplit,
  lambda: number,
  overlap: GenreOverlap,
): SimilarCandidates {
  const e = fitEaseDual(
    split.nItems,
    split.histories.map((h) => h.items),
    lambda,
  );
  const pulls = new Map<number, Float32Array>();
  return {
    listable: split.nItems,
    list(seed, weights, genre, exclude, k) {
      let pull = pulls.get(seed);
      if (!pull) {
        pull = new Float32Array(split.nItems);
        easeDualSharedPull(e, seed, pull);
        pulls.set(seed, pull);
      }
      const scores = weighPull(pull.slice(), seed, weights);
      overlap.boost(seed, genre, scores);
      return topKWithTies(
        scores,
        k,
        split.popularity,
        split.movieIds,
        (i) => exclude[i] === 0 && scores[i] > -Infinity,
      );
    },
  };
}

/** Each λ of the grid's similar-movies fit; the caller may free the previous one when asked again. */
export type FitSimilar = (lambda: number) => Promise<SimilarCandidates> | SimilarCandidates;

/** Protocol D's tail P@10 of every popularity discount, quality power and genre power on one fit. */
export function judgeSimilar(
  split: ListSplit,
  fit: SimilarCandidates,
  lambda: number,
  maxSeeds?: number,
): { best: SimilarTuning | null; score: number } {
  const judged = { ...split, trainItems: Math.min(split.trainItems, fit.listable) };
  let best: SimilarTuning | null = null;
  let bestScore = -Infinity;
  for (const similarPopularityDiscount of grid.similarPopularityDiscount) {
    for (const similarQuality of grid.similarQuality) {
      const weights = similarItemWeights(
        split.histories,
        split.nItems,
        similarPopularityDiscount,
        similarQuality,
      );
      for (const similarGenre of grid.similarGenre) {
        const d = protocolD(
          judged,
          (seed, exclude, k) => fit.list(seed, weights, similarGenre, exclude, k),
          { maxSeeds },
        );
        if (d.coverage >= minCoverage && d['tail-p@10'] > bestScore) {
          bestScore = d['tail-p@10'];
          best = { similarLambda: lambda, similarPopularityDiscount, similarQuality, similarGenre };
        }
      }
    }
  }
  return { best, score: bestScore };
}

/** The best of judged λs (the first of equals); the defaults when none reached the coverage. */
export function bestSimilar(
  judged: { best: SimilarTuning | null; score: number }[],
): SimilarTuning {
  let best: SimilarTuning = {
    similarLambda: listTuningDefaults.similarLambda,
    similarPopularityDiscount: listTuningDefaults.similarPopularityDiscount,
    similarQuality: listTuningDefaults.similarQuality,
    similarGenre: listTuningDefaults.similarGenre,
  };
  let bestScore = -Infinity;
  for (const j of judged) {
    if (j.best && j.score > bestScore) {
      bestScore = j.score;
      best = j.best;
    }
  }
  return best;
}

export async function tuneSimilar(
  split: ListSplit,
  fitSimilar: FitSimilar,
  signal: AbortSignal | undefined,
): Promise<SimilarTuning> {
  const judged = [];
  for (const similarLambda of grid.similarLambda) {
    throwIfTrainingAborted(signal);
    judged.push(judgeSimilar(split, await fitSimilar(similarLambda), similarLambda));
    await yieldToEventLoop();
  }
  return bestSimilar(judged);
}

/**
 * The validation split of `histories` (chronological, per dataset user): pseudo-new people and
 * the training users they are judged against; at most `maxPeople` people (an even sample). Null
 * when there are too few people to judge: the defaults then stay.
 */
export function validationSplit(
  histories: PersonHistory[],
  userKeys: Int32Array,
  movieIds: Int32Array,
  maxPeople = Infinity,
): ListSplit | null {
  const split = pseudoNewPeopleSplit(histories, userKeys, movieIds);
  if (split.people.length < minValidationPeople) return null;
  if (split.people.length > maxPeople) {
    const stride = split.people.length / maxPeople;
    split.people = Array.from(
      { length: maxPeople },
      (_, k) => split.people[Math.floor(k * stride)],
    );
  }
  return split;
}

/**
 * Chooses the list settings on a validation split of `histories` (chronological, per dataset
 * user); the defaults when there are too few pseudo-new people to judge.
 */
export async function tuneListSettings(
  histories: PersonHistory[],
  userKeys: Int32Array,
  movieIds: Int32Array,
  genres: GenreIndex,
  fitRanker: FitRanker,
  fade: number,
  /** Where a rating counts as loved for fans' favourites; null leaves them out. */
  love: number | null,
  signal?: AbortSignal,
): Promise<ListTuning> {
  const split = validationSplit(histories, userKeys, movieIds);
  if (!split) return { ...listTuningDefaults };
  const first = tuneFirstList(split);
  const prior = firstListScores(split.histories, split.nItems, first.priorShrink, first.priorPower);
  throwIfTrainingAborted(signal);
  const rank = fitRanker(split.histories);
  const priorWeight = tunePriorWeight(split, prior, rank);
  const fadePower = tuneFade(split, prior, rank, priorWeight, fade);
  const withPrior: Rank = (history, out) => {
    rank(history, out);
    const weight = priorWeight * firstListShare(history.items.length, fade, fadePower);
    for (let i = 0; i < out.length; i++) out[i] += weight * prior[i];
  };
  const fans =
    love === null
      ? { coLoveWeight: 0, coLovePower: listTuningDefaults.coLovePower }
      : tuneFansFavourites(split, withPrior, love);
  const overlap = new GenreOverlap(genres);
  const similar = await tuneSimilar(
    split,
    (lambda) => dualSimilarCandidates(split, lambda, overlap),
    signal,
  );
  return { ...first, priorWeight, fadePower, ...fans, ...similar };
}
