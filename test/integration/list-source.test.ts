import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../main/catalogue/db';
import { releaseListSource } from '../../main/catalogue/list-source';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type { ListSource } from '../../main/core/list-source';
import { buildListData, listDataFrom, type ListData } from '../../main/engine/lists/list-data';
import type { TrainedModel } from '../../main/engine/models/model-definition';
import { pretrain } from '../../main/engine/runtime/pretrain';
import { importRelease } from '../../main/importers/import-release';
import { freshCatalogue, makeTempDir, removeTempDirs } from '../fixtures/catalogue-helpers';
import { sharedDatasetDir } from '../helpers/service-fixture';

/**
 * The lists' data built from the catalogue's ListSource (movies and rating statistics from
 * SQLite, a few users' histories, every rating only on first need) is the list data built from
 * the whole dataset, field by field, on ml-latest-small.
 */
let db: Db;
let dataset: EngineDataset;
let model: TrainedModel;

beforeAll(async () => {
  db = freshCatalogue().db;
  await importRelease(db, sharedDatasetDir('ml-latest-small'));
  dataset = loadEngineDataset(db);
  model = (
    await pretrain({
      dataset,
      model: 'biased-mf',
      modelsDir: path.join(makeTempDir(), 'models'),
      seed: 4,
      settings: { epochs: 2, dim: 8 },
    })
  ).model;
});
afterAll(() => {
  db?.close();
  removeTempDirs();
});

/** The source, counting how often it reads the whole dataset and the movies' tags. */
function countingSource(): { source: ListSource; reads: () => number; tagReads: () => number } {
  const source = releaseListSource(db)!;
  let reads = 0;
  let tagReads = 0;
  const { dataset, tags } = source;
  return {
    source: { ...source, dataset: () => (reads++, dataset()), tags: () => (tagReads++, tags()) },
    reads: () => reads,
    tagReads: () => tagReads,
  };
}

describe('list data from the catalogue', () => {
  test('is the list data of the whole dataset', () => {
    const whole: ListData = buildListData(model, dataset);
    const { source } = countingSource();
    const fromSource = listDataFrom(model, source);
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

  test('reads every rating only when a list needs them, and once', () => {
    const { source, reads } = countingSource();
    const data = listDataFrom(model, source);
    expect(data.itemPopularity.some((n) => n > 0)).toBe(true);
    expect(reads()).toBe(0);
    expect(data.byUser?.start.length).toBe(model.userKeys.length + 1);
    expect(data.byItem).not.toBeNull();
    expect(reads()).toBe(1);
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
