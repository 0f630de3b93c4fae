import type { LikeMindedPerson, MovieSummary, RecommendedMovie } from '../../../shared/domain';
import { filmKey } from './film-copies';
import type { ListData } from './list-data';
import { lovedThreshold, type MovieLookup, type Person } from './person';
import { TopK, topKOf } from './top-k';

/**
 * "People like you": the dataset users who loved what the model predicts the profile will love.
 * A dataset user's taste match is what the profile's own ratings add to its ranking scores (the
 * model's taste scores, else the score minus a newcomer's), summed over the movies the dataset
 * user loved that the profile has not rated and divided by (that many)^0.75, so that one who
 * loved a few well-predicted movies is not buried by one who loved everything; times how often the
 * two agree within a star on the movies both rated, (agreeing + 1) / (in common + 2). Only dataset
 * users with at least `minCommon` movies in common qualify. Chosen on validation (protocol E, mean
 * NDCG@20 over both datasets) over the cosine of predicted-score vectors and of rating-model
 * vectors, and over agreement powers 0, 0.5 and 2. Household profiles are never candidates and
 * their ratings are never read. On a release of millions of ratings only the dataset users who
 * share the most movies with the profile are scored (candidateUsers), so a list stays fast.
 */
export interface PeopleLikeYouOptions {
  limit: number;
  favourites?: number;
  loved?: number;
}

/** Movies in common needed before a dataset user can be called like-minded. */
export const minCommon = 3;
const countDiscount = 0.75;

/**
 * Dataset ratings people like you may read per list. Below `scan` every dataset user is scored;
 * above it (releases of millions of ratings) only the candidates of `candidateUsers`.
 */
export interface ScanBudget {
  scan: number;
  /** Ratings of the candidate pass, at most. */
  raters: number;
  /** Candidates scored, at most. */
  users: number;
}

export const scanBudget: ScanBudget = { scan: 1_000_000, raters: 100_000, users: 2000 };

/** The movies the profile is predicted to like most whose lovers the candidate pass reads. */
const candidateMovies = 50;

/** Per-user sums reused across lists (they are as long as the dataset has users). */
const scratchOf = new WeakMap<ListData, { pull: Float64Array; common: Int32Array }>();

function scratch(data: ListData, users: number): { pull: Float64Array; common: Int32Array } {
  let s = scratchOf.get(data);
  if (!s || s.pull.length !== users) {
    s = { pull: new Float64Array(users), common: new Int32Array(users) };
    scratchOf.set(data, s);
  }
  return s;
}

/**
 * The dataset users worth scoring on a large release, found as the match itself would rank
 * them: the lovers of the movies the profile is predicted to like most (an even sample of each
 * movie's raters), each summing the predicted scores of those movies, per (their ratings)^0.75 as
 * the match divides. The `users` best. Ascending user index.
 */
function candidateUsers(
  data: ListData,
  person: Person,
  scores: Float32Array,
  budget: ScanBudget,
): Int32Array {
  const byItem = data.byItem!;
  const byUser = data.byUser!;
  const loveHalf = lovedThreshold(data) * 2;
  const { pull } = scratch(data, byUser.start.length - 1);
  const touched: number[] = [];
  const movies = topKOf(
    scores,
    candidateMovies,
    (i) => person.ratedFilms[i] === 0 && scores[i] > 0,
  );
  const share = Math.max(1, Math.floor(budget.raters / Math.max(1, movies.length)));
  for (const { id: i, value } of movies) {
    const from = byItem.start[i];
    const n = byItem.start[i + 1] - from;
    const step = Math.max(1, n / share);
    for (let r = 0; r < n; r += step) {
      const p = from + Math.floor(r);
      if (byItem.halfStars[p] < loveHalf) continue;
      const u = byItem.cols[p];
      if (pull[u] === 0) touched.push(u);
      pull[u] += value;
    }
  }
  const best = new TopK(budget.users);
  for (const u of touched) {
    best.push(u, pull[u] / (byUser.start[u + 1] - byUser.start[u]) ** countDiscount);
    pull[u] = 0;
  }
  return Int32Array.from(best.sorted(), (t) => t.id).sort();
}

export interface LikeMindedUser {
  user: number;
  /** The taste match the list is ordered by (not normalised). */
  match: number;
  commonRated: number;
}

/** The k dataset users with the best taste match, best first (ties: lower user index). */
export function likeMindedUsers(
  data: ListData,
  person: Person,
  k: number,
  budget: ScanBudget = scanBudget,
): LikeMindedUser[] {
  const byUser = data.byUser;
  if (!byUser || k <= 0) return [];
  const scores = data.scratch;
  const { model } = data;
  if (model.tasteScores) model.tasteScores(person.state, person.history, scores);
  else {
    model.scoreAll(person.state, person.history, scores);
    for (let i = 0; i < scores.length; i++) scores[i] -= data.newcomerScores[i];
  }
  const loveHalf = lovedThreshold(data) * 2;
  const rated = person.rated;
  const marked = person.marked;
  const top = new TopK(k);
  const { common } = scratch(data, byUser.start.length - 1);
  const mine = person.ratingOf;
  const users =
    byUser.cols.length > budget.scan ? candidateUsers(data, person, scores, budget) : null;
  const count = users ? users.length : common.length;
  for (let c = 0; c < count; c++) {
    const u = users ? users[c] : c;
    let inCommon = 0;
    let agreeing = 0;
    let sum = 0;
    let loved = 0;
    for (let p = byUser.start[u]; p < byUser.start[u + 1]; p++) {
      const item = byUser.cols[p];
      if (rated[item]) {
        // a mark's stand-in rating is no rating the two could agree on (nor one to list)
        if (marked?.[item]) continue;
        inCommon++;
        if (Math.abs(2 * mine[item] - byUser.halfStars[p]) <= 2) agreeing++;
      } else if (byUser.halfStars[p] >= loveHalf) {
        sum += scores[item];
        loved++;
      }
    }
    common[u] = inCommon;
    if (inCommon < minCommon || loved === 0) continue;
    const agreement = (agreeing + 1) / (inCommon + 2);
    top.push(u, (sum / loved ** countDiscount) * agreement);
  }
  return top.sorted().map((t) => ({ user: t.id, match: t.value, commonRated: common[t.id] }));
}

/**
 * The first k of `values` in the order of a stable sort by `compare`, without sorting them all
 * (a heavy dataset user has loved thousands of movies).
 */
function firstOf<T>(values: T[], k: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const v of values) {
    if (out.length === k && compare(v, out[k - 1]) >= 0) continue;
    let at = out.length;
    while (at > 0 && compare(v, out[at - 1]) < 0) at--;
    out.splice(at, 0, v);
    if (out.length > k) out.pop();
  }
  return out;
}

/**
 * The first k of `loved` by `compare`, leaving out the films (by `key`) an earlier
 * (better-matching) viewer's card shows, so that each card adds films of its own instead of the
 * same popular classics every like-minded viewer loved; repeats fill in only when a viewer loved
 * too few others.
 */
function freshFirst<T extends { item: number }>(
  loved: T[],
  k: number,
  shown: Set<number>,
  key: (item: number) => number,
  compare: (a: T, b: T) => number,
): T[] {
  // Among the first k + |shown| at most |shown| are repeats, so k fresh ones are there if any.
  const top = firstOf(loved, k + shown.size, compare);
  const fresh = top.filter((l) => !shown.has(key(l.item))).slice(0, k);
  const repeats = top.filter((l) => shown.has(key(l.item))).slice(0, k - fresh.length);
  return [...fresh, ...repeats].sort(compare);
}

interface Draft {
  match: number;
  commonRated: number;
  agreeing: number;
  bothLoved: number;
  favourites: number[];
  loved: { item: number; rating: number }[];
}

export function peopleLikeYou(
  data: ListData,
  person: Person,
  lookup: MovieLookup,
  opts: PeopleLikeYouOptions,
): LikeMindedPerson[] {
  const byUser = data.byUser;
  if (!byUser) return [];
  const nFav = opts.favourites ?? 5;
  const nLoved = opts.loved ?? 5;
  const love = lovedThreshold(data);
  const { model } = data;
  const chosen = likeMindedUsers(data, person, opts.limit);
  const scores = data.scratch; // the profile's taste scores, left by likeMindedUsers
  const mine = person.ratingOf;

  // How many of the listed viewers loved each movie, and the movies an earlier card already shows.
  const lovers = new Uint16Array(data.nItems);
  const shown = new Set<number>();
  // one key per film, whichever copy a viewer rated (film-copies.ts)
  const filmOf = (item: number) => (data.copies ? filmKey(data, item) : item);
  const drafts: Draft[] = chosen.map(({ user, match }) => {
    let common = 0;
    let agreeing = 0;
    const favourites: { item: number; sum: number }[] = [];
    const loved: { item: number; rating: number }[] = [];
    // a film they rated under two copies is listed once, with their higher rating
    const lovedFilms = data.copies ? new Map<number, number>() : null;
    for (let p = byUser.start[user]; p < byUser.start[user + 1]; p++) {
      const item = byUser.cols[p];
      const theirs = byUser.halfStars[p] / 2;
      const m = mine[item];
      if (person.marked?.[item]) continue;
      if (m === m) {
        common++;
        if (Math.abs(m - theirs) <= 1) agreeing++;
        if (m >= love && theirs >= love) favourites.push({ item, sum: m + theirs });
      } else if (theirs >= love && person.ratedFilms[item] === 0) {
        const film = filmOf(item);
        const at = lovedFilms?.get(film);
        if (at !== undefined) {
          if (theirs > loved[at].rating) loved[at] = { item, rating: theirs };
          continue;
        }
        lovedFilms?.set(film, loved.length);
        loved.push({ item, rating: theirs });
        lovers[film]++;
      }
    }
    // What they loved that the model expects the profile to like most.
    const picked = freshFirst(
      loved,
      nLoved,
      shown,
      filmOf,
      (a, b) => scores[b.item] - scores[a.item] || b.rating - a.rating,
    );
    picked.forEach((l) => shown.add(filmOf(l.item)));
    return {
      match,
      commonRated: common,
      agreeing,
      bothLoved: favourites.length,
      favourites: firstOf(favourites, nFav, (a, b) => b.sum - a.sum || a.item - b.item).map(
        (f) => f.item,
      ),
      loved: picked,
    };
  });
  const ids = new Set<number>();
  for (const dr of drafts) {
    dr.favourites.forEach((i) => ids.add(model.movieIds[i]));
    dr.loved.forEach((l) => ids.add(model.movieIds[l.item]));
  }
  const movies = lookup([...ids]);
  const summary = (i: number): MovieSummary | undefined => movies.get(model.movieIds[i]);
  const best = drafts.length > 0 && drafts[0].match > 0 ? drafts[0].match : 1;
  return drafts.map((dr, rank) => {
    const label = `Viewer ${rank + 1}`;
    const predicted = model.predictsRatings
      ? model.predictRatings(
          person.state,
          person.history,
          Int32Array.from(dr.loved, (l) => l.item),
        )
      : null;
    const loved: RecommendedMovie[] = [];
    dr.loved.forEach((l, k) => {
      const movie = summary(l.item);
      if (!movie) return;
      const others = lovers[filmOf(l.item)] - 1;
      loved.push({
        movie,
        score: scores[l.item],
        match: null,
        predictedRating: predicted ? predicted[k] : null,
        reason: {
          text:
            `${label} rated it ${l.rating.toFixed(1)}` +
            (others > 0
              ? `, and ${others} more like-minded ${others === 1 ? 'viewer' : 'viewers'} loved it`
              : ''),
          because: [],
          sharedGenres: [],
          sharedTags: [],
          likeMindedLovers: others + 1,
          kind: 'people',
        },
      });
    });
    return {
      label,
      similarity: Math.max(0, dr.match) / best,
      commonRated: dr.commonRated,
      agreeing: dr.agreeing,
      agreement: dr.commonRated > 0 ? dr.agreeing / dr.commonRated : null,
      bothLoved: dr.bothLoved,
      sharedFavourites: dr.favourites
        .map(summary)
        .filter((m): m is MovieSummary => m !== undefined),
      loved,
    };
  });
}
