import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import {
  recencyHybrid,
  recencyHybridDefaults,
  trainRecencyHybrid,
} from '../../main/engine/models/recency-hybrid';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * The default with fans' favourites turned on (off in the shipped default): validation gives the
 * term a weight on a release of planted tastes, the model saves and loads it, and every rating's
 * share in a score is exact.
 */
const data = plantedDataset({ nUsers: 400, nItems: 300, ratingsPerUser: 40, seed: 3 });
const settings = {
  ...recencyHybridDefaults,
  alsIterations: 2,
  dim: 8,
  sequenceWeight: 0,
  fansFavourites: true,
};
const tmp: string[] = [];
afterAll(async () => {
  for (const dir of tmp) await rm(dir, { recursive: true, force: true });
});

const person: PersonHistory = (() => {
  const h = chronologicalHistories(data)[7];
  return {
    items: h.items.slice(0, 12),
    ratings: h.ratings.slice(0, 12),
    times: h.times.slice(0, 12),
  };
})();

describe("recency-hybrid with fans' favourites", () => {
  test('chooses a weight, saves and loads it, and explains each rating exactly', async () => {
    const trained = await trainRecencyHybrid(data, settings, { seed: 1 });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'recency-fans-'));
    tmp.push(dir);
    await trained.save(dir);
    const meta = JSON.parse(await readFile(path.join(dir, 'recency-hybrid.json'), 'utf8')) as {
      tuning: { coLoveWeight: number };
    };
    expect(meta.tuning.coLoveWeight).toBeGreaterThan(0);
    const loaded = await recencyHybrid.load(dir, recencyHybrid.resolveSettings(settings));
    const state = loaded.foldIn(person);
    const before = new Float32Array(data.nItems);
    const after = new Float32Array(data.nItems);
    trained.scoreAll(trained.foldIn(person), person, before);
    loaded.scoreAll(state, person, after);
    expect([...after]).toEqual([...before]);
    // a movie the person has not rated: each rating's drop is the score without it
    const rated = new Set(person.items);
    const item = [...Array(data.nItems).keys()].find((i) => !rated.has(i))!;
    const drops = loaded.explain!(state, person, item);
    person.items.forEach((_, t) => {
      const keep = [...person.items.keys()].filter((k) => k !== t);
      const without: PersonHistory = {
        items: Int32Array.from(keep, (k) => person.items[k]),
        ratings: Float32Array.from(keep, (k) => person.ratings[k]),
        times: Float64Array.from(keep, (k) => person.times[k]),
      };
      const scores = new Float32Array(data.nItems);
      loaded.scoreAll(state, without, scores);
      expect(drops[t]).toBeCloseTo(after[item] - scores[item], 4);
    });
    trained.dispose?.();
    loaded.dispose?.();
  });
});
