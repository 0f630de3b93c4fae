import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Db } from '../../main/catalogue/db';
import { releaseListSource } from '../../main/catalogue/list-source';
import { readReleaseRatings, stopReleaseReads } from '../../main/catalogue/release-data';
import { activeRelease } from '../../main/catalogue/releases';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type { ListSource } from '../../main/core/list-source';
import {
  buildListData,
  disposeListData,
  listDataFrom,
  type ListData,
} from '../../main/engine/lists/list-data';
import type { TrainedModel } from '../../main/engine/models/model-definition';
import { removeTempDirs } from '../fixtures/catalogue-helpers';
import { catalogueWithModel } from '../helpers/engine-fixture';

const startedWorkers = vi.hoisted(() => [] as string[]);
vi.mock('../../main/util/workers', async (original) => {
  const workers = await original<typeof import('../../main/util/workers')>();
  return {
    ...workers,
    runWorkerJob: (...args: Parameters<typeof workers.runWorkerJob>) => {
      startedWorkers.push(args[0]);
      return workers.runWorkerJob(...args);
    },
  };
});

/**
 * The lists' data built from the catalogue's ListSource (movies and rating statistics from
 * SQLite, a few users' histories, every rating only on first need) is the list data built from
 * the whole dataset, field by field, on ml-latest-small.
 */
let db: Db;
let dataset: EngineDataset;
let model: TrainedModel;

beforeAll(async () => {
  ({ db, dataset, model } = await catalogueWithModel('ml-latest-small', {
    seed: 4,
    settings: { epochs: 2, dim: 8 },
  }));
});
afterAll(() => {
  db?.close();
  removeTempDirs();
});

const activeReleaseId = () => activeRelease(db)!.id;

/** The source, counting how often it reads every rating and the movies' tags. */
function countingSource(): { source: ListSource; reads: () => number; tagReads: () => number } {
  const source = releaseListSource(db)!;
  let reads = 0;
  let tagReads = 0;
  const { ratingsFor, tags } = source;
  return {
    source: {
      ...source,
      ratingsFor: (m, signal) => (reads++, ratingsFor(m, signal)),
      tags: () => (tagReads++, tags()),
    },
    reads: () => reads,
    tagReads: () => tagReads,
  };
}

describe('list data from the catalogue', () => {
  test('is the list data of the whole dataset', async () => {
    const whole: ListData = buildListData(model, dataset);
    const { source } = countingSource();
    const fromSource = listDataFrom(model, source);
    await fromSource.loadRatings();
    for (const field of [
      'genres',
      'itemGenreMask',
      'itemDecade',
      'itemPopularity',
      'similarityShrink',
      'itemTags',
      'itemMeanRating',
      'typicalTopScores',
      'newcomerScores',
      'byUser',
      'byItem',
    ] as const)
      expect(fromSource[field], field).toEqual(whole[field]);
  });

  test('reads every rating only when a list needs them, once, in a worker thread', async () => {
    const { source, reads } = countingSource();
    const data = listDataFrom(model, source);
    expect(data.itemPopularity.some((n) => n > 0)).toBe(true);
    expect(reads()).toBe(0);
    startedWorkers.length = 0;
    // a list that reads them without waiting for them is a mistake, said at once
    expect(() => data.byUser).toThrow(/loadRatings/);
    await Promise.all([data.loadRatings(), data.loadRatings()]);
    expect(data.byUser?.start.length).toBe(model.userKeys.length + 1);
    expect(data.byItem).not.toBeNull();
    expect(reads()).toBe(1);
    expect(startedWorkers).toEqual(['releaseData']);
  });

  test('a read that fails says why, and the next list tries again', async () => {
    // what the worker says of a release replaced since the source was made
    await expect(readReleaseRatings(db, 99_999, model)).rejects.toThrow(
      'There is no release 99999.',
    );
    const { source } = countingSource();
    let fails = true;
    const data = listDataFrom(model, {
      ...source,
      ratingsFor: (m) => (fails ? readReleaseRatings(db, 99_999, m) : source.ratingsFor(m)),
    });
    await expect(data.loadRatings()).rejects.toThrow('There is no release 99999.');
    fails = false;
    await data.loadRatings();
    expect(data.byItem?.start.length).toBe(model.movieIds.length + 1);
  });
  test('closing the catalogue ends a read still running', async () => {
    const read = readReleaseRatings(db, activeReleaseId(), model);
    stopReleaseReads(db);
    await expect(read).rejects.toThrow('reading the release stopped');
    const again = await readReleaseRatings(db, activeReleaseId(), model);
    expect(again.byUser.start.length).toBe(model.userKeys.length + 1);
  });

  test('disposing the list data ends its read still running, and starts no other', async () => {
    const { source, reads } = countingSource();
    const data = listDataFrom(model, source);
    startedWorkers.length = 0;
    const loading = data.loadRatings();
    disposeListData(data);
    await expect(loading).rejects.toThrow('reading the release stopped: no longer needed');
    await expect(data.loadRatings()).rejects.toThrow('no longer needed');
    expect(startedWorkers).toEqual(['releaseData']);
    expect(reads()).toBe(2);
  });

  test("reads the movies' tags only when a list needs them, and once", () => {
    const { source, tagReads } = countingSource();
    const data = listDataFrom(model, source);
    expect(tagReads()).toBe(0);
    const tagged = data.itemTags.findIndex((tags) => tags.length > 0);
    expect(tagged).toBeGreaterThanOrEqual(0);
    const movie = dataset.movieIds.indexOf(model.movieIds[tagged]);
    expect(data.itemTags[tagged]).toEqual(dataset.movies[movie].tags);
    expect(tagReads()).toBe(1);
  });
});
