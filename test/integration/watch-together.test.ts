import type { MovieSummary } from '../../shared/domain';
import { forYou } from '../../main/engine/lists/for-you';
import type { ListData } from '../../main/engine/lists/list-data';
import { makePerson, type MovieLookup, type Person } from '../../main/engine/lists/person';
import { topKOf } from '../../main/engine/lists/top-k';
import {
  defaultTogetherRule,
  groupScores,
  watchTogether,
  togetherReason,
  type TogetherRule,
} from '../../main/engine/lists/watch-together';
import type { TrainedModel } from '../../main/engine/models/model-definition';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import { mean, ndcgAtK } from '../../main/engine/validation/metrics';
import { shippedDefaultListData } from '../helpers/engine-fixture';
import { loadMlLatestSmall } from '../helpers/movielens-csv';

/**
 * Watch together on the shipped default model and ml-latest-small: groups of 2 and 3 dataset
 * users (userId % 10 == 0), each member's profile the first half of their ratings in time; the
 * group's hidden liked movies are the union of the members' second-half movies rated 4 and up.
 * The group list (either rule) must beat each member's own for-you list on that union, and the
 * rule chosen as the default must be the better of the two on this validation.
 */
const dataset = loadMlLatestSmall();
let model: TrainedModel;
let data: ListData;

const lookup: MovieLookup = (ids) => {
  const out = new Map<number, MovieSummary>();
  for (const id of ids) {
    out.set(id, {
      id,
      title: `Movie ${id}`,
      year: null,
      genres: [],
      ratingCount: 0,
      averageRating: null,
    });
  }
  return out;
};

interface Member {
  person: Person;
  /** Movies (item indices) of the member's second half rated 4 and up. */
  hiddenLiked: number[];
}

function memberOf(userKey: number): Member {
  const u = dataset.userKeys.indexOf(userKey);
  const h = chronologicalHistories(dataset)[u];
  const half = Math.floor(h.items.length / 2);
  const item = (i: number) => data.itemOf.get(dataset.movieIds[i])!;
  const history = {
    items: Int32Array.from(h.items.subarray(0, half), item),
    ratings: h.ratings.slice(0, half),
    times: h.times.slice(0, half),
  };
  const hiddenLiked: number[] = [];
  for (let k = half; k < h.items.length; k++)
    if (h.ratings[k] >= 4) hiddenLiked.push(item(h.items[k]));
  return { person: makePerson(data, history, model.foldIn(history)), hiddenLiked };
}

/** A member's own for-you list (diversity 0: the top scores over movies they did not rate). */
function ownList(person: Person, k: number): number[] {
  const scores = new Float32Array(data.nItems);
  model.scoreAll(person.state, person.history, scores);
  return topKOf(scores, k, (i) => person.rated[i] === 0).map((p) => p.id);
}

function groupList(members: Person[], rule: TogetherRule, k: number): number[] {
  const { scores } = groupScores(data, members, rule);
  return topKOf(scores, k, (i) => !Number.isNaN(scores[i])).map((p) => p.id);
}

beforeAll(async () => {
  ({ model, data } = await shippedDefaultListData(dataset));
});

test('the group list beats each member’s own list on the group’s hidden liked movies', () => {
  const keys = [...dataset.userKeys].filter((k) => k % 10 === 0).sort((a, b) => a - b);
  const groups: number[][] = [];
  let at = 0;
  // Pairs from the first half of the users, triples from the rest.
  while (at + 2 <= keys.length / 2) groups.push(keys.slice(at, (at += 2)));
  while (at + 3 <= keys.length) groups.push(keys.slice(at, (at += 3)));
  const k = 20;
  const byRule: Record<TogetherRule, number[]> = { 'least-misery': [], 'average-floor': [] };
  const ownMean: number[] = [];
  /** Each member's own list by position in the group (first, second, third member). */
  const ownByPosition: number[][] = [[], [], []];
  for (const group of groups) {
    const members = group.map(memberOf);
    const relevant = new Set(members.flatMap((m) => m.hiddenLiked));
    if (relevant.size === 0) continue;
    const persons = members.map((m) => m.person);
    for (const rule of Object.keys(byRule) as TogetherRule[]) {
      byRule[rule].push(ndcgAtK(groupList(persons, rule, k), relevant, k));
    }
    const own = persons.map((p) => ndcgAtK(ownList(p, k), relevant, k));
    ownMean.push(mean(own));
    own.forEach((v, j) => ownByPosition[j].push(v));
  }
  const figures = {
    groups: ownMean.length,
    'least-misery': mean(byRule['least-misery']),
    'average-floor': mean(byRule['average-floor']),
    'own list (member average)': mean(ownMean),
    'own list (first member)': mean(ownByPosition[0]),
    'own list (second member)': mean(ownByPosition[1]),
    'own list (third member)': mean(ownByPosition[2]),
  };
  console.log('watch together, mean NDCG@20 on the union of hidden liked movies', figures);
  expect(figures.groups).toBeGreaterThanOrEqual(20);
  const chosen = figures[defaultTogetherRule];
  expect(chosen).toBeGreaterThan(figures['own list (member average)']);
  expect(chosen).toBeGreaterThan(figures['own list (first member)']);
  expect(chosen).toBeGreaterThan(figures['own list (second member)']);
  expect(chosen).toBeGreaterThan(figures['own list (third member)']);
  expect(chosen).toBeGreaterThanOrEqual(
    Math.max(figures['least-misery'], figures['average-floor']),
  );
});

test('the list skips every member’s rated movies and shows each member’s predicted stars', () => {
  const members = [30, 40, 50].map(memberOf);
  const items = watchTogether(
    data,
    members.map((m, j) => ({ profileId: j + 1, person: m.person })),
    lookup,
    { limit: 20 },
  );
  expect(items).toHaveLength(20);
  for (let j = 1; j < items.length; j++)
    expect(items[j - 1].score).toBeGreaterThanOrEqual(items[j].score);
  for (const it of items) {
    const item = data.itemOf.get(it.movie.id)!;
    for (const m of members) expect(m.person.rated[item]).toBe(0);
    expect(it.members.map((m) => m.profileId)).toEqual([1, 2, 3]);
    if (model.predictsRatings) {
      for (const m of it.members) {
        expect(m.predictedRating).toBeGreaterThanOrEqual(model.scale.min);
        expect(m.predictedRating).toBeLessThanOrEqual(model.scale.max);
      }
    }
    expect(it.reason.kind).toBe('together');
    expect(it.reason.because).toEqual([]);
    expect(it.reason.text).toMatch(
      /^(Everyone's predicted \d\.\d★ or more|Nobody's predicted below \d\.\d★|Best shared match)/,
    );
  }
});

test('each member’s match on a card is the one their own for-you list shows for that movie', () => {
  const members = [30, 40].map(memberOf);
  const items = watchTogether(
    data,
    members.map((m, j) => ({ profileId: j + 1, person: m.person })),
    lookup,
    { limit: 10 },
  );
  members.forEach((m, j) => {
    const own = new Map(
      forYou(data, m.person, lookup, { limit: data.nItems }).map((it) => [it.movie.id, it.match]),
    );
    for (const it of items) {
      expect(it.members[j].match).not.toBeNull();
      expect(it.members[j].match).toBe(own.get(it.movie.id));
    }
  });
});

test('a member with no ratings yet is left out of what the reason claims, and it says so', () => {
  const one = [{ predictedRating: 4.3 }, { predictedRating: 4.1 }];
  expect(togetherReason(one).text).toBe("Everyone's predicted 4.0★ or more");
  expect(togetherReason([...one, { predictedRating: null }]).text).toBe(
    'Everyone who has rated is predicted 4.0★ or more',
  );
  expect(togetherReason([{ predictedRating: 3.7 }, { predictedRating: null }]).text).toBe(
    'Nobody who has rated is predicted below 3.5★',
  );
  expect(togetherReason([{ predictedRating: null }, { predictedRating: null }]).text).toBe(
    'Best shared match: nobody is left out',
  );
});
