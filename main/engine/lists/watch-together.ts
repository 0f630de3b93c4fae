import type { Reason, TogetherMovie } from '../../../shared/domain';
import { oneCopyEach } from './film-copies';
import { genreBitOf } from './genre-bit';
import { matchPercent, matchShare, type ListData } from './list-data';
import type { MovieLookup, Person } from './person';
import { personScorer } from './scorer';
import { starScaleOf } from './star-scale';
import { topKOf } from './top-k';

/**
 * "Watch together": one list for two or more profiles, ranked so that nobody is left out.
 *
 * Each member's ranking scores (model.scoreAll, as for-you) are standardised (z-scores) over the
 * candidate movies, those no member rated, so that members with flat and peaked scores weigh
 * alike. The group score is then one of two rules:
 *
 * - `least-misery`: the lowest member z-score (as good as the movie is for whoever likes it least);
 * - `average-floor`: the mean member z-score, over the movies nobody is predicted to rate below
 *   `miseryFloorStars` on their own scale (3★ moved by how far the member's mean rating sits from
 *   everyone's; for a model without rating predictions: no member's z-score below
 *   `miseryFloorZ`), so a movie one member would dislike never makes it however much the others
 *   like it.
 *
 * The rule and the floor were chosen on training users' groups (`npm run bench -- together`,
 * docs/MODELS.md "Watch together"): on validation, average-floor at 3★ on each member's own scale
 * beats the first member's own For you list by +0.053 (ml-latest-small) and +0.056 (ml-100k)
 * NDCG@20 on the union of the members' hidden liked movies, and 3★ in everyone's stars by
 * +0.007, which left a group with a member who averages 2.5★ a few dozen movies to choose from.
 * No floor, or one at 2.5★, lists a fifth to two fifths more movies a member rated 2★ or less
 * on their scale; least misery loses both, and so do adding a share of the lowest member z-score
 * to the mean (`lowestWeight`) and averaging the matches the cards show (`averageOf`).
 *
 * A genre, a decade, a minimum number of dataset ratings and the movies tagged as asked only narrow
 * the list: the scores and the floor stay those of the whole catalogue.
 *
 * Nothing of one member's ratings reaches the others: items carry each member's match (the one
 * their own for-you list shows) and predicted stars, and a reason that names no rated movie.
 */
export type TogetherRule = 'least-misery' | 'average-floor';

/** A movie anyone is predicted to rate below this (stars) is a misery: average-floor skips it. */
export const miseryFloorStars = 3;
/** The floor as a z-score, for models that do not predict ratings. */
export const miseryFloorZ = -1;

export const defaultTogetherRule: TogetherRule = 'average-floor';

export interface TogetherMember {
  profileId: number;
  person: Person;
}

export interface TogetherOptions {
  limit: number;
  rule?: TogetherRule;
  /** Only movies of this genre. */
  genre?: string;
  /** Only movies of this decade (its first year, as `itemDecade`). */
  decade?: number;
  /** Only movies with at least this many dataset ratings. */
  minPopularity?: number;
  /** None but these movie ids (the movies tagged as asked). */
  onlyMovies?: ReadonlySet<number>;
}

export interface GroupScores {
  /** Group score per item, NaN where excluded (rated by a member, or under the misery floor). */
  scores: Float32Array;
  /** Per member, predicted stars per item (NaN where not a candidate), or null. */
  stars: (Float32Array | null)[];
  /** Per member, the ranking score per item (model.scoreAll, as for-you). */
  fits: Float32Array[];
}

/** What the together bench measures besides what ships. */
export interface GroupRuleSettings {
  /** average-floor's misery floor, in stars. */
  floorStars: number;
  /** average-floor adds this much of the lowest member z-score to the mean. */
  lowestWeight: number;
  /** What average-floor averages: the members' z-scores, or the matches they see. */
  averageOf: 'z-scores' | 'matches';
  /**
   * Whose stars the floor is in: everyone's (`stars`), or each member's own scale, the floor
   * moved by how far their mean rating sits from everyone's (`own`), or only moved down for a
   * member who rates low (`own-lowered`).
   */
  floorScale: 'stars' | 'own' | 'own-lowered';
}

export const shippedGroupSettings: GroupRuleSettings = {
  floorStars: miseryFloorStars,
  lowestWeight: 0,
  averageOf: 'z-scores',
  floorScale: 'own',
};

/** A member's own mean counts n/(n + this) of its distance from everyone's, n their ratings. */
const ownScalePrior = 5;

/** The misery floor in one member's stars under a floor scale. */
export function memberFloor(
  data: ListData,
  member: Person,
  floorStars: number,
  floorScale: GroupRuleSettings['floorScale'],
): number {
  const scale = floorScale === 'stars' ? null : starScaleOf(data, member);
  if (!scale) return floorStars;
  const shift = ((scale.yours - scale.everyone) * scale.rated) / (scale.rated + ownScalePrior);
  return floorStars + (floorScale === 'own' ? shift : Math.min(0, shift));
}

/** The group score of every candidate under a rule, and each member's predicted stars. */
export function groupScores(
  data: ListData,
  members: readonly Person[],
  rule: TogetherRule,
  { floorStars, lowestWeight, averageOf, floorScale }: GroupRuleSettings = shippedGroupSettings,
): GroupScores {
  const { model, nItems: n } = data;
  const candidate = new Uint8Array(n).fill(1);
  for (const m of members) for (let i = 0; i < n; i++) if (m.ratedFilms[i]) candidate[i] = 0;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) if (candidate[i]) ids.push(i);
  const items = Int32Array.from(ids);
  const scorers = members.map((m) => personScorer(model, m.history, m.state));
  const fits = scorers.map((scorer) => {
    const raw = new Float32Array(n);
    scorer.scoreAll(raw);
    return raw;
  });
  const z = fits.map((raw) => {
    let sum = 0;
    for (const i of ids) sum += raw[i];
    const mu = sum / Math.max(1, ids.length);
    let sq = 0;
    for (const i of ids) sq += (raw[i] - mu) ** 2;
    const sd = Math.sqrt(sq / Math.max(1, ids.length)) || 1;
    const out = new Float32Array(n).fill(NaN);
    for (const i of ids) out[i] = (raw[i] - mu) / sd;
    return out;
  });
  const stars = members.map((m, k) => {
    const predict = scorers[k].predictRatings;
    if (!predict || m.history.items.length === 0) return null;
    const predicted = predict(items);
    const out = new Float32Array(n).fill(NaN);
    ids.forEach((i, k) => (out[i] = clampStars(data, predicted[k])));
    return out;
  });
  const floors = members.map((m) => memberFloor(data, m, floorStars, floorScale));
  const matched = members.flatMap((m, k) => (m.history.items.length > 0 ? [k] : []));
  const lengths = matched.map((k) => members[k].history.items.length);
  const scores = new Float32Array(n).fill(NaN);
  for (const i of ids) {
    let min = Infinity;
    let sum = 0;
    for (const s of z) {
      min = Math.min(min, s[i]);
      sum += s[i];
    }
    if (rule === 'least-misery') {
      scores[i] = min;
      continue;
    }
    let miserable = false;
    stars.forEach((s, j) => {
      if (s ? s[i] < floors[j] : z[j][i] < miseryFloorZ) miserable = true;
    });
    if (miserable) continue;
    scores[i] =
      averageOf === 'matches' && matched.length > 0
        ? matched.reduce((a, m, j) => a + matchShare(data, fits[m][i], lengths[j]), 0) /
          matched.length
        : sum / z.length + lowestWeight * min;
  }
  return { scores, stars, fits };
}

/** The group's list, best first; each item with every member's match and predicted stars. */
export function watchTogether(
  data: ListData,
  members: readonly TogetherMember[],
  lookup: MovieLookup,
  opts: TogetherOptions,
): TogetherMovie[] {
  const { model } = data;
  const genreBit = genreBitOf(data, opts.genre);
  if (genreBit === null) return [];
  const only = opts.onlyMovies;
  const decade = opts.decade ?? 0;
  const minPop = opts.minPopularity ?? 0;
  const rule = opts.rule ?? defaultTogetherRule;
  const persons = members.map((m) => m.person);
  const { scores, stars, fits } = groupScores(data, persons, rule);
  const picked = topKOf(
    scores,
    opts.limit,
    oneCopyEach(
      data,
      scores,
      (i) =>
        !Number.isNaN(scores[i]) &&
        (genreBit === 0 || (data.itemGenreMask[i] & genreBit) !== 0) &&
        (decade === 0 || data.itemDecade[i] === decade) &&
        data.itemPopularity[i] >= minPop &&
        (only === undefined || only.has(model.movieIds[i])),
    ),
  );
  const movies = lookup(picked.map((p) => model.movieIds[p.id]));
  const floor = rule === 'average-floor' ? shippedGroupSettings.floorStars : null;
  const out: TogetherMovie[] = [];
  picked.forEach((p) => {
    const movie = movies.get(model.movieIds[p.id]);
    if (!movie) return;
    const predicted = members.map((m, j) => ({
      profileId: m.profileId,
      match: matchPercent(data, fits[j][p.id], m.person.history.items.length),
      predictedRating: stars[j] ? stars[j]![p.id] : null,
    }));
    out.push({
      movie,
      score: p.value,
      members: predicted,
      reason: togetherReason(predicted, floor, data.model.scale.max),
    });
  });
  return out;
}

/** The half star at or below: 3.7 → "3.5". */
function halfStarsBelow(stars: number): string {
  return (Math.floor(stars * 2) / 2).toFixed(1);
}

function clampStars(data: ListData, v: number): number {
  const { min, max } = data.model.scale;
  return Math.min(max, Math.max(min, v));
}

/**
 * A reason from the predicted stars alone (no member's ratings are named). Members with no guess
 * yet (no ratings) are left out of it, and it says so, rather than claiming "everyone".
 *
 * `floorStars` is the misery floor the list was held to, on each member's own scale. A member
 * who rates low is predicted under it in everyone's stars ("Nobody's predicted below 2.0★" reads
 * as a poor film); what the list promises them is the floor on their scale, so that is said.
 * At the top of the scale (`topStars`) there is nothing "or more" to promise.
 */
export function togetherReason(
  stars: { predictedRating: number | null }[],
  floorStars: number | null = null,
  topStars = 5,
): Reason {
  const known = stars.map((s) => s.predictedRating).filter((v): v is number => v !== null);
  const lowest = Math.min(...known);
  const all = known.length === stars.length;
  const nobody = all ? "Nobody's" : 'Nobody who has rated is';
  const orMore = halfStarsBelow(lowest) === topStars.toFixed(1) ? '' : ' or more';
  const text =
    known.length === 0
      ? 'Best shared match: nobody is left out'
      : lowest >= 4
        ? `${all ? "Everyone's" : 'Everyone who has rated is'} predicted ${halfStarsBelow(lowest)}★${orMore}`
        : floorStars !== null && lowest < floorStars
          ? `${nobody} predicted below ${floorStars.toFixed(1)}★ on their own scale`
          : `${nobody} predicted below ${halfStarsBelow(lowest)}★`;
  return {
    text,
    because: [],
    sharedGenres: [],
    sharedTags: [],
    likeMindedLovers: null,
    kind: 'together',
  };
}
