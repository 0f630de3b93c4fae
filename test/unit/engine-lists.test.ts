import { similarMinRatings, type MovieSummary } from '../../shared/domain';
import {
  alsoLoved,
  alsoLovedDiscount,
  alsoLovedScores,
  mixCoLove,
  similarCoLoveShare,
  similarCoLovePrior,
  seedCoLoveShare,
} from '../../main/engine/lists/also-loved';
import { forYou, maximalMarginalRelevance } from '../../main/engine/lists/for-you';
import { buildListData, type ListData } from '../../main/engine/lists/list-data';
import { csrGet } from '../helpers/csr-get';
import { likeMindedUsers, minCommon, peopleLikeYou } from '../../main/engine/lists/people-like-you';
import { makePerson, markedSeen, type MovieLookup } from '../../main/engine/lists/person';
import { starScaleOf } from '../../main/engine/lists/star-scale';
import { similarItems, similarMovies } from '../../main/engine/lists/similar-movies';
import { UnknownMovieError } from '../../main/engine/lists/unknown-movie';
import { topKOf, TopK } from '../../main/engine/lists/top-k';
import { biasedMf } from '../../main/engine/models/biased-mf';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { Rng } from '../../main/engine/numeric/rng';
import { plantedDataset } from '../helpers/planted-dataset';

const data = plantedDataset({ nUsers: 150, nItems: 400, ratingsPerUser: 50, seed: 9 });
let lists: ListData;
const lookups: number[][] = [];
const lookup: MovieLookup = (ids) => {
  lookups.push([...ids]);
  return new Map(
    ids.map((id): [number, MovieSummary] => {
      const m = data.movies[id - 1];
      return [
        id,
        { id, title: m.title, year: m.year, genres: m.genres, ratingCount: 0, averageRating: null },
      ];
    }),
  );
};

function history(pairs: [number, number][]): PersonHistory {
  return {
    items: Int32Array.from(pairs, (p) => p[0]),
    ratings: Float32Array.from(pairs, (p) => p[1]),
    times: Float64Array.from(pairs, (_, k) => k),
  };
}

beforeAll(async () => {
  const model = await biasedMf.train(
    data,
    { dim: 8, epochs: 10, batchSize: 256, learningRate: 0.02 },
    { seed: 1 },
  );
  lists = buildListData(model, data);
});

describe('top-k selection', () => {
  test('matches a full sort, with filters', () => {
    const rng = new Rng(2);
    const scores = Float32Array.from({ length: 1000 }, () => rng.normal());
    const expected = [...scores.keys()]
      .filter((i) => i % 3 !== 0)
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, 25);
    expect(topKOf(scores, 25, (i) => i % 3 !== 0).map((t) => t.id)).toEqual(expected);
    const heap = new TopK(0);
    heap.push(1, 1);
    expect(heap.sorted()).toEqual([]);
  });
});

describe('list data', () => {
  test('indexes dataset ratings by user and by item', () => {
    const r = data.ratings;
    for (const k of [0, 17, 999]) {
      expect(csrGet(lists.byUser!, r.user[k], r.item[k])).toBe(r.rating[k]);
      expect(csrGet(lists.byItem!, r.item[k], r.user[k])).toBe(r.rating[k]);
    }
    expect(lists.itemPopularity.reduce((a, b) => a + b, 0)).toBe(r.rating.length);
  });
});

describe('for you', () => {
  const h = history([
    [0, 5],
    [4, 4.5],
    [8, 1],
    [12, 4],
  ]);
  test('ranks unrated movies only, best first, each with a reason', () => {
    const person = makePerson(lists, h, lists.model.foldIn(h));
    const items = forYou(lists, person, lookup, { limit: 10 });
    expect(items).toHaveLength(10);
    const ids = items.map((i) => i.movie.id - 1);
    for (const rated of h.items) expect(ids).not.toContain(rated);
    for (let k = 1; k < items.length; k++)
      expect(items[k - 1].score).toBeGreaterThanOrEqual(items[k].score);
    for (const it of items) expect(it.reason.text.length).toBeGreaterThan(0);
    expect(items.some((i) => i.reason.because.length > 0)).toBe(true);
    for (const b of items.flatMap((i) => i.reason.because))
      expect([1, 5, 9, 13]).toContain(b.movieId);
  });

  test("weighs the profile's own ratings, not its marks, against every dataset rating", () => {
    const marked = new Uint8Array(lists.nItems);
    marked[12] = markedSeen;
    const scale = starScaleOf(lists, makePerson(lists, h, lists.model.foldIn(h), marked))!;
    expect(scale.rated).toBe(3);
    expect(scale.yours).toBeCloseTo((5 + 4.5 + 1) / 3, 5);
    const r = data.ratings.rating;
    expect(scale.everyone).toBeCloseTo(r.reduce((a, b) => a + b, 0) / r.length, 4);
    expect(
      starScaleOf(buildListData(lists.model, null), makePerson(lists, h, lists.model.foldIn(h))),
    ).toBeNull();
  });

  test('filters by genre, decade and popularity', () => {
    const person = makePerson(lists, h, lists.model.foldIn(h));
    const items = forYou(lists, person, lookup, {
      limit: 15,
      genre: 'comedy',
      decade: 1960,
      minPopularity: 3,
    });
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) {
      expect(it.movie.genres).toContain('Comedy');
      expect(Math.floor(it.movie.year! / 10) * 10).toBe(1960);
      expect(lists.itemPopularity[it.movie.id - 1]).toBeGreaterThanOrEqual(3);
    }
    expect(forYou(lists, person, lookup, { limit: 5, genre: 'No Such Genre' })).toEqual([]);
  });

  test('diversity makes the list less self-similar', () => {
    const person = makePerson(lists, h, lists.model.foldIn(h));
    // redundancy: each item's highest cosine to another item of the list, averaged
    const meanSim = (ids: number[]) => {
      const d = lists.model.dim;
      let total = 0;
      for (let a = 0; a < ids.length; a++) {
        let best = -1;
        for (let b = 0; b < ids.length; b++) {
          if (a === b) continue;
          let s = 0;
          for (let c = 0; c < d; c++)
            s += lists.unitItems[ids[a] * d + c] * lists.unitItems[ids[b] * d + c];
          best = Math.max(best, s);
        }
        total += best;
      }
      return total / ids.length;
    };
    const plain = forYou(lists, person, lookup, { limit: 10 }).map((i) => i.movie.id - 1);
    const variedItems = forYou(lists, person, lookup, { limit: 10, diversity: 1 });
    const varied = variedItems.map((i) => i.movie.id - 1);
    expect(meanSim(varied)).toBeLessThan(meanSim(plain));
    // variety changes which movies make the list, never their order
    for (let k = 1; k < variedItems.length; k++)
      expect(variedItems[k - 1].score).toBeGreaterThanOrEqual(variedItems[k].score);
    expect(maximalMarginalRelevance(lists, [], 5, 0.5)).toEqual([]);
  });
});

describe('similar movies', () => {
  test('returns the cosine neighbours, never the movie itself, with shared genres', () => {
    const items = similarMovies(lists, 1, lookup, 8);
    expect(items).toHaveLength(8);
    expect(items.map((i) => i.movie.id)).not.toContain(1);
    const { itemCluster } = data;
    const same = items.filter((i) => itemCluster[i.movie.id - 1] === itemCluster[0]).length;
    expect(same).toBeGreaterThanOrEqual(5);
    expect(items[0].reason.because[0].movieId).toBe(1);
    expect(() => similarMovies(lists, 99999, lookup, 5)).toThrow(UnknownMovieError);
  });

  test('never lists a movie with fewer dataset ratings than similarMinRatings', () => {
    const first = similarMovies(lists, 1, lookup, 8)[0].movie.id;
    const item = lists.itemOf.get(first)!;
    const ratings = lists.itemPopularity[item];
    try {
      lists.itemPopularity[item] = similarMinRatings;
      expect(similarMovies(lists, 1, lookup, 8)[0].movie.id).toBe(first);
      lists.itemPopularity[item] = similarMinRatings - 1;
      const ids = similarMovies(lists, 1, lookup, 8).map((i) => i.movie.id);
      expect(ids).toHaveLength(8);
      expect(ids).not.toContain(first);
    } finally {
      lists.itemPopularity[item] = ratings;
    }
  });
});

describe("similar movies mixed with what the movie's fans loved", () => {
  test('rank by (1 − share) · similarity / its largest + share · co-love / its largest, the share shrunk by how few loved the movie', () => {
    const seed = lists.itemOf.get(1)!;
    const n = lists.nItems;
    const before = similarItems(lists, seed, n, undefined, 0);
    const counts = new Float32Array(n);
    const coLove = new Float32Array(n);
    const lovers = alsoLovedScores(lists.byItem!, lists.byUser!, seed, 4, counts, coLove);
    const topSimilar = Math.max(...before.map((t) => t.value));
    const topCoLove = Math.max(...before.map((t) => coLove[t.id]));
    expect(topCoLove).toBeGreaterThan(0);
    const share = (similarCoLoveShare * lovers) / (lovers + similarCoLovePrior);
    expect(share).toBeLessThan(similarCoLoveShare);
    const expected = before
      .map((t) => ({
        id: t.id,
        value: ((1 - share) * t.value) / topSimilar + (share * coLove[t.id]) / topCoLove,
      }))
      .sort((a, b) => b.value - a.value)
      .slice(0, 8);
    const mixed = similarItems(lists, seed, 8);
    expect(mixed.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    mixed.forEach((t, k) => expect(t.value).toBeCloseTo(expected[k].value, 5));
    expect(mixed.map((t) => t.id)).not.toEqual(before.slice(0, 8).map((t) => t.id));
  });

  test('a movie few people loved mixes in less of what they loved; one nobody loved, none', () => {
    expect(seedCoLoveShare(0.9, 0)).toBe(0);
    expect(seedCoLoveShare(0.9, 6, 10)).toBeCloseTo(0.3375);
    expect(seedCoLoveShare(0.9, 190, 10)).toBeCloseTo(0.855);
  });

  test('keeps movies never to list out, and takes the largest over candidates only', () => {
    const similar = Float32Array.from([-Infinity, 2, 1, 10]);
    const coLove = Float32Array.from([5, 0, 1, 100]);
    mixCoLove(similar, coLove, 0.5, (i) => i !== 3);
    expect(similar[0]).toBe(-Infinity);
    expect(similar[1]).toBeCloseTo(0.5);
    expect(similar[2]).toBeCloseTo(0.75);
    const untouched = Float32Array.from([3, 1]);
    mixCoLove(untouched, new Float32Array(2), 0.9, () => true);
    expect([...untouched]).toEqual([3, 1]);
  });
});

describe('people like you', () => {
  test('finds dataset users with agreement figures and loved movies the person has not rated', () => {
    // the person copies dataset user 7's ratings of 15 movies
    const r = data.ratings;
    const ks = [...r.user.keys()].filter((k) => r.user[k] === 7).slice(0, 15);
    const h = history(ks.map((k) => [r.item[k], r.rating[k]]));
    const person = makePerson(lists, h, lists.model.foldIn(h));
    const people = peopleLikeYou(lists, person, lookup, { limit: 5 });
    expect(people).toHaveLength(5);
    people.forEach((p, k) => {
      expect(p.label).toBe(`Viewer ${k + 1}`);
      expect(p.agreement === null || (p.agreement >= 0 && p.agreement <= 1)).toBe(true);
      for (const m of p.loved) expect(h.items).not.toContain(m.movie.id - 1);
    });
    for (let k = 1; k < people.length; k++)
      expect(people[k - 1].similarity).toBeGreaterThanOrEqual(people[k].similarity);
  });

  test("each card's counts are the counts of the movies both rated and both loved", () => {
    const r = data.ratings;
    const ks = [...r.user.keys()].filter((k) => r.user[k] === 3).slice(0, 20);
    const h = history(ks.map((k, t) => [r.item[k], t % 3 === 0 ? 1 : r.rating[k]]));
    const person = makePerson(lists, h, lists.model.foldIn(h));
    const people = peopleLikeYou(lists, person, lookup, { limit: 6, favourites: 3 });
    expect(people.length).toBeGreaterThan(0);
    const chosen = likeMindedUsers(lists, person, 6);
    people.forEach((p, k) => {
      const user = chosen[k].user;
      let common = 0;
      let agreeing = 0;
      let bothLoved = 0;
      h.items.forEach((i, t) => {
        const theirs = csrGet(lists.byUser!, user, i);
        if (Number.isNaN(theirs)) return;
        common++;
        if (Math.abs(theirs - h.ratings[t]) <= 1) agreeing++;
        if (theirs >= 4 && h.ratings[t] >= 4) bothLoved++;
      });
      expect(p.commonRated).toBe(common);
      expect(p.commonRated).toBeGreaterThanOrEqual(minCommon);
      expect(p.agreeing).toBe(agreeing);
      expect(p.agreement).toBeCloseTo(agreeing / common, 10);
      expect(p.bothLoved).toBe(bothLoved);
      expect(p.sharedFavourites).toHaveLength(Math.min(3, bothLoved));
    });
  });
  test("each card's loved movies are its own, and each names how many listed viewers loved it", () => {
    const r = data.ratings;
    const ks = [...r.user.keys()].filter((k) => r.user[k] === 11).slice(0, 12);
    const h = history(ks.map((k) => [r.item[k], r.rating[k]]));
    const person = makePerson(lists, h, lists.model.foldIn(h));
    const people = peopleLikeYou(lists, person, lookup, { limit: 6, loved: 4 });
    const chosen = likeMindedUsers(lists, person, 6);
    expect(people.length).toBeGreaterThan(2);
    const rated = new Set(h.items);
    const lovedBy = (user: number, item: number) =>
      !rated.has(item) && csrGet(lists.byUser!, user, item) >= 4;
    const seen = new Set<number>();
    people.forEach((p, k) => {
      const own = p.loved.map((m) => m.movie.id - 1);
      // A viewer who loved at least 4 movies no earlier card shows gets 4 of those.
      let unseen = 0;
      for (let i = 0; i < lists.model.movieIds.length; i++)
        if (lovedBy(chosen[k].user, i) && !seen.has(i)) unseen++;
      expect(own.filter((i) => !seen.has(i))).toHaveLength(Math.min(4, unseen));
      for (const [j, m] of p.loved.entries()) {
        const item = own[j];
        expect(lovedBy(chosen[k].user, item)).toBe(true);
        const lovers = chosen.filter((c) => lovedBy(c.user, item)).length;
        expect(m.reason.likeMindedLovers).toBe(lovers);
      }
      own.forEach((i) => seen.add(i));
    });
  });
});

describe('also loved', () => {
  const popularSeed = () =>
    [...lists.itemPopularity.keys()].sort(
      (a, b) => lists.itemPopularity[b] - lists.itemPopularity[a],
    )[0];

  /** Per item, how many dataset users loved it; how many users loved anything. */
  function lovers(): { perItem: number[]; users: number } {
    const byItem = lists.byItem!;
    const perItem = Array.from({ length: lists.nItems }, (_, i) => {
      let n = 0;
      for (let p = byItem.start[i]; p < byItem.start[i + 1]; p++) if (byItem.halfStars[p] >= 8) n++;
      return n;
    });
    const r = data.ratings;
    const users = new Set([...r.user.keys()].filter((k) => r.rating[k] >= 4).map((k) => r.user[k]));
    return { perItem, users: users.size };
  }

  test('a movie page asks for both lists of one movie; any other movie gets its own', () => {
    const ids = (movieId: number) => alsoLoved(lists, movieId, lookup, 8).map((i) => i.movie.id);
    const first = ids(1);
    const plain = alsoLoved(lists, 1, lookup, 8, undefined, { power: 0, usersShare: 0 });
    const second = ids(2);
    similarMovies(lists, 3, lookup, 8);
    expect(second).not.toEqual(first);
    expect(ids(1)).toEqual(first);
    expect(plain.map((i) => i.movie.id)).not.toEqual(first);
    expect(ids(2)).toEqual(second);
  });

  test('counts co-loved movies among the movie lovers, those loved by many counting less', () => {
    const seed = popularSeed();
    const items = alsoLoved(lists, seed + 1, lookup, 5);
    expect(items.length).toBe(5);
    expect(items.map((i) => i.movie.id)).not.toContain(seed + 1);
    const { perItem, users } = lovers();
    const { power, usersShare } = alsoLovedDiscount;
    const discounted = items.map((it) => {
      const n = it.reason.likeMindedLovers!;
      return n / (perItem[lists.itemOf.get(it.movie.id)!] + usersShare * users) ** power;
    });
    discounted.forEach((d, k) => expect(items[k].score / d).toBeCloseTo(1, 5));
    for (let k = 1; k < items.length; k++)
      expect(discounted[k - 1]).toBeGreaterThanOrEqual(discounted[k]);
    // Without the discount the most co-loved come first, as before.
    const byCount = alsoLoved(lists, seed + 1, lookup, 5, undefined, { power: 0, usersShare: 0 });
    for (let k = 1; k < byCount.length; k++)
      expect(byCount[k - 1].reason.likeMindedLovers!).toBeGreaterThanOrEqual(
        byCount[k].reason.likeMindedLovers!,
      );
  });

  test('never lists a movie with fewer dataset ratings than similarMinRatings', () => {
    const seed = popularSeed();
    const first = alsoLoved(lists, seed + 1, lookup, 5)[0].movie.id;
    const item = lists.itemOf.get(first)!;
    const ratings = lists.itemPopularity[item];
    try {
      lists.itemPopularity[item] = similarMinRatings - 1;
      expect(alsoLoved(lists, seed + 1, lookup, 5).map((i) => i.movie.id)).not.toContain(first);
    } finally {
      lists.itemPopularity[item] = ratings;
    }
  });
});

describe('similar movies of a movie nobody in the release rated', () => {
  test('say their raters are those of the ratings the model learnt from', () => {
    const bare = buildListData(lists.model, null);
    const items = similarMovies(bare, 1, lookup, 5);
    expect(items.length).toBeGreaterThan(0);
    for (const it of items)
      expect(it.reason.text).toBe(
        `Rated by the same people as ${data.movies[0].title} in the ratings the model learnt from`,
      );
    for (const it of similarMovies(lists, 1, lookup, 5))
      expect(it.reason.text).not.toContain('the model learnt from');
  });
});
