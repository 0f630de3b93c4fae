import { initBackend } from '../../main/engine/runtime/backend';
import { ncf, type NcfSettings } from '../../main/engine/models/ncf';
import { groupMargin, trainWithProgress } from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset();
const settings: Partial<NcfSettings> = {
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
    expect(progress).toHaveLength(settings.epochs!);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.9);
    const out = new Float32Array(data.nItems);
    model.scoreAll(model.datasetUserState(0), syntheticPerson(0), out);
    expect(groupMargin(out, 0)).toBeGreaterThan(0);
    expect(model.predictsRatings).toBe(false);
  });

  it('fine-tunes a new person towards their taste, reporting its steps', async () => {
    const { model } = await trainWithProgress(ncf, data, settings);
    const person = syntheticPerson(1, data.nItems, true);
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
  });
});
