import { initBackend } from '../../main/engine/runtime/backend';
import { ncf, ncfDefaults, type NcfModel, type NcfSettings } from '../../main/engine/models/ncf';
import {
  abortedTraining,
  groupMargin,
  saveLoadScores,
  scoresOf,
  trainWithProgress,
} from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset();
const settings: NcfSettings = {
  ...ncfDefaults,
  epochs: 12,
  batchSize: 256,
  learningRate: 0.01,
  fineTuneSteps: 20,
};

beforeAll(async () => {
  await initBackend();
});

describe('ncf model', () => {
  it('learns: the loss falls and training users get their group first', async () => {
    const { model, progress } = await trainWithProgress(ncf, data, settings);
    expect(progress).toHaveLength(settings.epochs);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.9);
    const out = new Float32Array(data.nItems);
    const m = model as NcfModel;
    m.scoreAll(m.datasetUserState(0), syntheticPerson(0), out);
    expect(groupMargin(out, 0)).toBeGreaterThan(0);
    expect(model.predictsRatings).toBe(false);
  });

  it('is deterministic given the seed', async () => {
    const a = (await trainWithProgress(ncf, data, { ...settings, epochs: 2 }, 5)).model;
    const b = (await trainWithProgress(ncf, data, { ...settings, epochs: 2 }, 5)).model;
    const c = (await trainWithProgress(ncf, data, { ...settings, epochs: 2 }, 6)).model;
    expect(Array.from(a.itemVectors)).toEqual(Array.from(b.itemVectors));
    expect(Array.from(scoresOf(a, 1, data.nItems))).toEqual(
      Array.from(scoresOf(b, 1, data.nItems)),
    );
    expect(Array.from(a.itemVectors)).not.toEqual(Array.from(c.itemVectors));
  });

  it('fine-tunes a new person towards their taste without touching shared weights', async () => {
    const { model } = await trainWithProgress(ncf, data, settings);
    const person = syntheticPerson(1, data.nItems, true);
    const items = model.itemVectors.slice();
    const steps: number[] = [];
    const tuned = await model.fineTune(person, model.foldIn(person), {
      seed: 3,
      onStep: (s) => steps.push(s),
    });
    expect(tuned.state.kind).toBe('fine-tuned');
    expect(steps.length).toBeGreaterThan(0);
    const out = new Float32Array(data.nItems);
    model.scoreAll(tuned.state, person, out);
    expect(groupMargin(out, 1)).toBeGreaterThan(0);
    expect(Array.from(model.itemVectors)).toEqual(Array.from(items));
    expect(model.explain(tuned.state, person, 20)).toHaveLength(person.items.length);
  });

  it('gives the same scores after save and load', async () => {
    const { model } = await trainWithProgress(ncf, data, { ...settings, epochs: 2 });
    const { before, after } = await saveLoadScores(ncf, model, settings, data.nItems);
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it('stops with an AbortError when cancelled', async () => {
    const error = await abortedTraining(ncf, data, settings);
    expect((error as Error)?.name).toBe('AbortError');
  });
});
