import { similarMinRatings, type RecommendedMovie } from '../../../shared/domain';
import { topKWithTies } from '../validation/list-split';
import type { RatingsCsr } from '../../core/ratings-csr';
import { oneCopyEach, otherCopies } from './film-copies';
import type { ListData } from './list-data';
import { lovedThreshold, type MovieLookup } from './person';
import { lovedTooText } from './reasons';
import { UnknownMovieError } from './unknown-movie';

/**
 * "People who loved this also loved": the dataset users who loved the movie (4 of 5 and up) and
 * the other movies they loved, each counted once per such user. Ranked by that count alone, every
 * page listed the same few favourites of everyone (Empire Strikes Back, Shawshank, Forrest Gump):
 * on protocol D's validation tail P@10 0.0121 with catalogue coverage 0.066 on ml-latest-small.
 * So a movie that many people love counts less: count / (its lovers + share · everyone who loved
 * anything)^power (alsoLovedDiscount); and, as on similar movies, none with fewer than
 * similarMinRatings dataset ratings. `exclude` hides movies (e.g. the asking profile's rated ones).
 */
export interface AlsoLovedDiscount {
  power: number;
  usersShare: number;
}

/**
 * Chosen on protocol D's validation (pseudo-new people, test people left out), the best mean tail
 * P@10 of both releases with coverage ≥ 0.25 on each: `npm run bench -- also-loved`, docs/MODELS.md.
 */
export const alsoLovedDiscount: AlsoLovedDiscount = { power: 3, usersShare: 0.3 };

/** Per item, how many dataset users loved it; and how many users loved anything. */
interface Lovers {
  perItem: Float32Array;
  users: number;
}

const loversCache = new WeakMap<RatingsCsr, Lovers>();

function loversOf(byItem: RatingsCsr, byUser: RatingsCsr, love: number): Lovers {
  const cached = loversCache.get(byItem);
  if (cached) return cached;
  const perItem = new Float32Array(byItem.start.length - 1);
  const loveHalf = love * 2;
  for (let i = 0; i < perItem.length; i++)
    for (let p = byItem.start[i]; p < byItem.start[i + 1]; p++)
      if (byItem.halfStars[p] >= loveHalf) perItem[i]++;
  let users = 0;
  for (let u = 0; u + 1 < byUser.start.length; u++) {
    for (let p = byUser.start[u]; p < byUser.start[u + 1]; p++)
      if (byUser.halfStars[p] >= loveHalf) {
        users++;
        break;
      }
  }
  const lovers = { perItem, users };
  loversCache.set(byItem, lovers);
  return lovers;
}

/**
 * Fills `counts` (how many of the seed's lovers loved each movie, 0 for the seed) and `scores`
 * (the counts discounted by popularity); returns how many users loved the seed.
 */
export function alsoLovedScores(
  byItem: RatingsCsr,
  byUser: RatingsCsr,
  seed: number,
  love: number,
  counts: Float32Array,
  scores: Float32Array,
  discount: AlsoLovedDiscount = alsoLovedDiscount,
): number {
  counts.fill(0);
  let seedLovers = 0;
  const loveHalf = love * 2;
  for (let p = byItem.start[seed]; p < byItem.start[seed + 1]; p++) {
    if (byItem.halfStars[p] < loveHalf) continue;
    seedLovers++;
    const u = byItem.cols[p];
    for (let q = byUser.start[u]; q < byUser.start[u + 1]; q++)
      if (byUser.halfStars[q] >= loveHalf) counts[byUser.cols[q]]++;
  }
  counts[seed] = 0;
  const lovers = loversOf(byItem, byUser, love);
  const shift = discount.usersShare * lovers.users;
  for (let i = 0; i < counts.length; i++)
    scores[i] = counts[i] > 0 ? counts[i] / (lovers.perItem[i] + shift) ** discount.power : 0;
  return seedLovers;
}

/**
 * Similar movies mix this share of the discounted co-love count into the model's similarity, each
 * divided by its largest among the movies a list may show, for a movie many people loved; one
 * loved by few mixes less (seedCoLoveShare): what the six fans of "Moana" also loved ("Horrible
 * Bosses", 4 of 6) says little about the movie. Chosen on protocol D's validation (pseudo-new
 * people, test people left out), with coverage ≥ 0.25 on each release: the share without a prior,
 * the smallest whose mean tail P@10 of both releases is within 0.001 of the best; then the prior
 * at that share, the best (`npm run bench -- similar-mix`, docs/MODELS.md).
 */
export const similarCoLoveShare = 0.75;
/** A seed's co-love counts as if it had this many more lovers who loved nothing in common. */
export const similarCoLovePrior = 5;

/** The co-love share for a seed `lovers` dataset users loved: share · lovers / (lovers + prior). */
export function seedCoLoveShare(
  share: number,
  lovers: number,
  prior: number = similarCoLovePrior,
): number {
  return lovers > 0 ? (share * lovers) / (lovers + prior) : 0;
}

/**
 * (1 − share) · similar / its largest + share · coLove / its largest, in place in `similar`, the
 * largest taken over the movies `candidate` admits; −∞ (never to list) stays −∞.
 */
export function mixCoLove(
  similar: Float32Array,
  coLove: Float32Array,
  share: number,
  candidate: (i: number) => boolean,
): void {
  let topSimilar = 0;
  let topCoLove = 0;
  for (let i = 0; i < similar.length; i++) {
    if (similar[i] === -Infinity || !candidate(i)) continue;
    topSimilar = Math.max(topSimilar, similar[i]);
    topCoLove = Math.max(topCoLove, coLove[i]);
  }
  if (topCoLove === 0) return;
  const a = (1 - share) / (topSimilar || 1);
  const b = share / topCoLove;
  for (let i = 0; i < similar.length; i++)
    if (similar[i] > -Infinity) similar[i] = a * similar[i] + b * coLove[i];
}

interface CoLove {
  seed: number;
  discount: AlsoLovedDiscount;
  counts: Float32Array;
  scores: Float32Array;
  lovers: number;
}

/** Per list data, the last seed's co-love: a movie page asks for both its lists of one seed. */
const lastCoLove = new WeakMap<ListData, CoLove>();

/** alsoLovedScores of `seed` in the list data's dataset ratings (null without them); read only. */
function coLoveOf(data: ListData, seed: number, discount: AlsoLovedDiscount): CoLove | null {
  const { byItem, byUser } = data;
  if (!byItem || !byUser) return null;
  const last = lastCoLove.get(data);
  if (last && last.seed === seed && last.discount === discount) return last;
  const counts = last?.counts ?? new Float32Array(data.nItems);
  const scores = last?.scores ?? new Float32Array(data.nItems);
  const love = lovedThreshold(data);
  const lovers = alsoLovedScores(byItem, byUser, seed, love, counts, scores, discount);
  const coLove = { seed, discount, counts, scores, lovers };
  lastCoLove.set(data, coLove);
  return coLove;
}

/**
 * mixCoLove with the co-love of `seed` in the list data's dataset ratings (none without them), its
 * share shrunk by how few loved the seed (seedCoLoveShare).
 */
export function mixDatasetCoLove(
  data: ListData,
  seed: number,
  similar: Float32Array,
  candidate: (i: number) => boolean,
  share = similarCoLoveShare,
): void {
  if (share === 0) return;
  const coLove = coLoveOf(data, seed, alsoLovedDiscount);
  if (coLove) mixCoLove(similar, coLove.scores, seedCoLoveShare(share, coLove.lovers), candidate);
}

export function alsoLoved(
  data: ListData,
  movieId: number,
  lookup: MovieLookup,
  limit: number,
  exclude?: Uint8Array,
  discount: AlsoLovedDiscount = alsoLovedDiscount,
): RecommendedMovie[] {
  const seed = data.itemOf.get(movieId);
  if (seed === undefined) throw new UnknownMovieError(movieId);
  const coLove = coLoveOf(data, seed, discount);
  if (!coLove || coLove.lovers === 0) return [];
  const { counts, scores, lovers } = coLove;
  const popularity = data.itemPopularity;
  const seedCopies = new Set(otherCopies(data, seed));
  const top = topKWithTies(
    scores,
    limit,
    popularity,
    data.model.movieIds,
    oneCopyEach(
      data,
      scores,
      (i) =>
        counts[i] > 0 &&
        popularity[i] >= similarMinRatings &&
        (!exclude || exclude[i] === 0) &&
        !seedCopies.has(i),
    ),
  );
  const ids = Array.from(top, (i) => data.model.movieIds[i]);
  const movies = lookup([movieId, ...ids]);
  const title = movies.get(movieId)?.title ?? `#${movieId}`;
  const out: RecommendedMovie[] = [];
  top.forEach((i, k) => {
    const movie = movies.get(ids[k]);
    if (!movie) return;
    const n = counts[i];
    out.push({
      movie,
      score: scores[i],
      match: null,
      predictedRating: null,
      reason: {
        text: lovedTooText(n, lovers, title, 'also loved this'),
        because: [{ movieId, title, weight: n / lovers }],
        sharedGenres: [],
        sharedTags: [],
        likeMindedLovers: n,
        kind: 'people',
      },
    });
  });
  return out;
}
