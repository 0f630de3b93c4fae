import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListSource } from '../../main/core/list-source';
import { listSourceOfDataset } from '../../main/engine/lists/dataset-list-source';
import { pretrainedEngine, type PretrainedEngine } from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * Issue 11: after another release becomes the one the app learns from (imported or chosen), the
 * engine's status says a pretrain is needed until the model is the one trained on that release.
 */
describe('the engine after a switch of releases', () => {
  const trainedOn = plantedDataset({ nUsers: 60, nItems: 120, ratingsPerUser: 15, seed: 3 });
  const other = {
    ...plantedDataset({ nUsers: 80, nItems: 150, ratingsPerUser: 15, seed: 4 }),
    name: 'ml-25m',
  };
  let source: ListSource = listSourceOfDataset(trainedOn);
  let engine: PretrainedEngine;

  beforeAll(async () => {
    engine = await pretrainedEngine(
      trainedOn,
      { model: 'biased-mf', seed: 1, settings: { epochs: 2, dim: 4 } },
      { listSource: () => source },
    );
  });
  afterAll(() => engine?.close());

  it('needs no pretrain on the release the model was trained on', async () => {
    const status = await engine.service.status(undefined);
    expect(status.model?.dataset).toBe(trainedOn.name);
    expect(status.pretrainNeeded).toBe(false);
  });

  it('says a pretrain is needed once the lists read another release, and not after going back', async () => {
    source = listSourceOfDataset(other);
    engine.service.catalogueChanged();
    expect((await engine.service.status(undefined)).pretrainNeeded).toBe(true);
    // The same name with other numbers (the release imported again, grown) is another release too.
    source = listSourceOfDataset({ ...other, name: trainedOn.name });
    engine.service.catalogueChanged();
    expect((await engine.service.status(undefined)).pretrainNeeded).toBe(true);

    source = listSourceOfDataset(trainedOn);
    engine.service.catalogueChanged();
    expect((await engine.service.status(undefined)).pretrainNeeded).toBe(false);
  });

  it('a list says which data its model learnt from while that is not the release it reads', async () => {
    engine.rate(1, [
      [trainedOn.movieIds[0], 5],
      [trainedOn.movieIds[1], 4],
    ]);
    engine.rate(2, [[trainedOn.movieIds[2], 4.5]]);
    const forYou = () =>
      engine.service.forYou({ profileId: 1, limit: 5, minPopularity: 0, diversity: 0 });
    const together = () =>
      engine.service.together({ profileIds: [1, 2], limit: 5, minPopularity: 0 });
    expect((await forYou()).freshness.trainedOn).toBeUndefined();
    expect((await together()).trainedOn).toBeUndefined();
    source = listSourceOfDataset(other);
    engine.service.catalogueChanged();
    expect((await forYou()).freshness.trainedOn).toBe(trainedOn.name);
    expect((await together()).trainedOn).toBe(trainedOn.name);
    source = listSourceOfDataset(trainedOn);
    engine.service.catalogueChanged();
    expect((await forYou()).freshness.trainedOn).toBeUndefined();
    expect((await together()).trainedOn).toBeUndefined();
  });
});
