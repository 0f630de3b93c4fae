import { initBackend } from '../../main/engine/runtime/backend';
import {
  featureCnn,
  type FeatureCnnModel,
  type FeatureCnnSettings,
} from '../../main/engine/models/feature-cnn';
import type { TrainProgress } from '../../main/engine/models/model-definition';
import { groupMargin, scoresOf, trainWithProgress } from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset({ demographics: true });
const settings: FeatureCnnSettings = {
  ...featureCnn.defaults,
  epochs: 15,
  batchSize: 64,
  learningRate: 0.01,
  tokenMinCount: 1,
  validationShare: 0,
};

beforeAll(async () => {
  await initBackend();
});

describe('feature-cnn model', () => {
  let model: FeatureCnnModel;
  let progress: TrainProgress[];

  beforeAll(async () => {
    const trained = await trainWithProgress(featureCnn, data, settings);
    model = trained.model;
    progress = trained.progress;
  });

  it('learns ratings: the loss falls and predictions separate the taste groups', () => {
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.5);
    const m = model;
    const liked = m.predictRatings(
      m.datasetUserState(0),
      syntheticPerson(0),
      Int32Array.of(20, 22, 24),
    );
    const disliked = m.predictRatings(
      m.datasetUserState(0),
      syntheticPerson(0),
      Int32Array.of(21, 23, 25),
    );
    expect(Math.min(...liked)).toBeGreaterThan(Math.max(...disliked));
    expect(model.dim).toBe(settings.vectorDim);
    expect(model.itemVectors).toHaveLength(data.nItems * settings.vectorDim);
  });

  it('folds a new person in from their ratings alone, and explains by their ratings', () => {
    expect(groupMargin(scoresOf(model, 0, data.nItems), 0)).toBeGreaterThan(0.5);
    expect(groupMargin(scoresOf(model, 1, data.nItems), 1)).toBeGreaterThan(0.5);
    const person = syntheticPerson(1);
    const why = model.explain(model.foldIn(person), person, 21);
    expect(why).toHaveLength(person.items.length);
    // The liked movies of the same group pull a same-group movie up.
    expect(why[1]).toBeGreaterThan(0);
  });

  it('trains without demographics and without the title CNN', async () => {
    const plain = syntheticDataset();
    const { model, progress } = await trainWithProgress(featureCnn, plain, {
      ...settings,
      titleCnn: false,
      epochs: 5,
    });
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss);
    expect(model.itemVectors.every(Number.isFinite)).toBe(true);
  });

  it('early-stops on a held-out share of the training ratings', async () => {
    const { progress: p } = await trainWithProgress(featureCnn, data, {
      ...settings,
      validationShare: 0.2,
      epochs: 30,
    });
    expect(p[0].validationLoss).toBeGreaterThan(0);
    expect(p.length).toBeLessThan(30);
  });
});
