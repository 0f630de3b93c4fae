import { describe, expect, test } from 'vitest';
import { buildListData } from '../../main/engine/lists/list-data';
import { likeMindedUsers, minCommon } from '../../main/engine/lists/people-like-you';
import { makePerson } from '../../main/engine/lists/person';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { recencyHybridDefaults, trainRecencyHybrid } from '../../main/engine/models/recency-hybrid';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * People like you on a release too large to score every dataset user: only candidates are
 * scored (lovers of the movies the profile is predicted to like most), here with budgets small
 * enough that the candidate path runs on a small dataset, against a scan of everyone.
 */
describe('people like you on a large release', async () => {
  const data = plantedDataset({ nUsers: 1500, nItems: 600, ratingsPerUser: 60, seed: 8 });
  const model = await trainRecencyHybrid(
    data,
    { ...recencyHybridDefaults, tuneLists: false, alsIterations: 1, dim: 8, sequenceWeight: 0 },
    { seed: 2 },
  );
  const lists = buildListData(model, data);
  const candidates = { scan: 10_000, raters: 4000, users: 600 };
  const people = chronologicalHistories(data)
    .filter((_, u) => u % 97 === 0)
    .map((h) => {
      const history: PersonHistory = {
        items: h.items.slice(0, 30),
        ratings: h.ratings.slice(0, 30),
        times: h.times.slice(0, 30),
      };
      return makePerson(lists, history, model.foldIn(history));
    });

  test('finds people matched nearly as well as a scan of everyone, with the same matches', () => {
    let overlap = 0;
    let quality = 0;
    const mean = (xs: { match: number }[]) => xs.reduce((a, p) => a + p.match, 0) / xs.length;
    for (const person of people) {
      const everyone = likeMindedUsers(lists, person, 8);
      const found = likeMindedUsers(lists, person, 8, candidates);
      expect(found).toHaveLength(8);
      const match = new Map(everyone.map((p) => [p.user, p.match]));
      for (const p of found) {
        expect(p.commonRated).toBeGreaterThanOrEqual(minCommon);
        if (match.has(p.user)) expect(p.match).toBe(match.get(p.user));
      }
      overlap += found.filter((p) => match.has(p.user)).length / 8;
      quality += mean(found) / mean(everyone);
    }
    expect(overlap / people.length).toBeGreaterThan(0.5);
    expect(quality / people.length).toBeGreaterThan(0.9);
  });
});
