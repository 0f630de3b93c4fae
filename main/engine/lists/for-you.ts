import type { RecommendedMovie } from '../../../shared/domain';
import { oneCopyEach } from './film-copies';
import { genreBitOf } from './genre-bit';
import { matchPercent, type ListData } from './list-data';
import type { MovieLookup, Person } from './person';
import { explainer, namingBar, ratingsBehind } from './ratings-behind';
import { forYouReason, sharedGenres, starterReason } from './reasons';
import { personScorer } from './scorer';
import { topKOf } from './top-k';

/**
 * "For you": the profile's ranking scores over every movie it has not rated, best first, with
 * optional filters (genre, decade, minimum number of dataset ratings, the movies tagged as asked)
 * and a variety setting. The
 * list is always in the order of the score each card shows as its match; predicted stars are a
 * second fact. Variety (maximal marginal relevance on the movie vectors) only changes which
 * movies make the list, never their order.
 */
export interface ForYouOptions {
  limit: number;
  genre?: string;
  decade?: number;
  minPopularity?: number;
  diversity?: number;
  /** None but these movie ids (the movies tagged as asked). */
  onlyMovies?: ReadonlySet<number>;
}

/** How much variety may outweigh the score at the maximum setting (relevance keeps the rest). */
const maxVarietyWeight = 0.7;

export function forYou(
  data: ListData,
  person: Person,
  lookup: MovieLookup,
  opts: ForYouOptions,
): RecommendedMovie[] {
  const { model } = data;
  const scores = data.scratch;
  const scorer = personScorer(model, person.history, person.state);
  scorer.scoreAll(scores);
  const genreBit = genreBitOf(data, opts.genre);
  if (genreBit === null) return [];
  const decade = opts.decade ?? 0;
  const minPop = opts.minPopularity ?? 0;
  const rated = person.ratedFilms;
  const only = opts.onlyMovies;
  const accept = oneCopyEach(
    data,
    scores,
    (i) =>
      rated[i] === 0 &&
      (genreBit === 0 || (data.itemGenreMask[i] & genreBit) !== 0) &&
      (decade === 0 || data.itemDecade[i] === decade) &&
      data.itemPopularity[i] >= minPop &&
      (only === undefined || only.has(model.movieIds[i])),
  );
  const diversity = Math.min(1, Math.max(0, opts.diversity ?? 0));
  const pool = topKOf(scores, diversity > 0 ? opts.limit * 5 : opts.limit, accept);
  const picked =
    diversity > 0
      ? maximalMarginalRelevance(data, pool, opts.limit, diversity * maxVarietyWeight).sort(
          (a, b) => b.value - a.value || a.id - b.id,
        )
      : pool;

  const starter = person.history.items.length === 0;
  const explain = explainer(data, person);
  const bar = starter ? null : namingBar(data, scores, accept, explain);
  const because = picked.map((p) => (bar ? ratingsBehind(data, p, explain, bar) : []));
  const ids = new Set<number>();
  picked.forEach((p) => ids.add(model.movieIds[p.id]));
  because.flat().forEach((b) => ids.add(b.movieId));
  const movies = lookup([...ids]);
  const predicted =
    scorer.predictRatings && !starter
      ? scorer.predictRatings(Int32Array.from(picked, (p) => p.id))
      : null;
  const out: RecommendedMovie[] = [];
  picked.forEach((p, k) => {
    const movie = movies.get(model.movieIds[p.id]);
    if (!movie) return;
    out.push({
      movie,
      score: p.value,
      match: matchPercent(data, p.value, person.history.items.length),
      predictedRating: predicted ? predicted[k] : null,
      reason: starter
        ? starterReason(data, p.id)
        : forYouReason(
            data,
            p.id,
            because[k],
            movies,
            sharedGenres(data, p.id, person.favouriteGenres),
          ),
    });
  });
  return out;
}

/** Greedy MMR over a candidate pool: trade score against cosine similarity to what is picked. */
export function maximalMarginalRelevance(
  data: ListData,
  pool: { id: number; value: number }[],
  limit: number,
  diversity: number,
): { id: number; value: number }[] {
  if (pool.length === 0) return pool;
  const d = data.model.dim;
  const hi = pool[0].value;
  const lo = pool[pool.length - 1].value;
  const span = hi - lo || 1;
  const maxSim = new Float32Array(pool.length);
  const taken = new Uint8Array(pool.length);
  const out: { id: number; value: number }[] = [];
  while (out.length < Math.min(limit, pool.length)) {
    let best = -1;
    let bestValue = -Infinity;
    for (let c = 0; c < pool.length; c++) {
      if (taken[c]) continue;
      const relevance = (pool[c].value - lo) / span;
      const v = (1 - diversity) * relevance - (out.length > 0 ? diversity * maxSim[c] : 0);
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    taken[best] = 1;
    out.push(pool[best]);
    const bo = pool[best].id * d;
    for (let c = 0; c < pool.length; c++) {
      if (taken[c]) continue;
      const co = pool[c].id * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += data.unitItems[bo + j] * data.unitItems[co + j];
      if (out.length === 1 || s > maxSim[c]) maxSim[c] = s;
    }
  }
  return out;
}
