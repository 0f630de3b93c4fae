import { initBackend } from '../../main/engine/runtime/backend';
import type { PersonalState } from '../../main/engine/models/model-definition';
import { convAttnLstm, type ConvAttnLstmSettings } from '../../main/engine/models/conv-attn-lstm';
import {
  groupMargin,
  scoresOf,
  tinySequenceTraining,
  trainWithProgress,
} from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset();
const settings: ConvAttnLstmSettings = {
  ...convAttnLstm.defaults,
  dim: 8,
  filters: 8,
  lstmUnits: 8,
  genreFilters: 4,
  ...tinySequenceTraining,
};

// Training runs in these tests take a few seconds on a quiet machine; a shared CPU needs more.
vi.setConfig({ testTimeout: 600_000 });

beforeAll(async () => {
  await initBackend();
});

describe('conv-attn-lstm model', () => {
  it('learns: the loss falls and a new person gets their taste group first', async () => {
    const { model, progress } = await trainWithProgress(convAttnLstm, data, settings);
    expect(progress).toHaveLength(settings.epochs);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.7);
    expect(groupMargin(scoresOf(model, 0, data.nItems), 0)).toBeGreaterThan(0.5);
    expect(groupMargin(scoresOf(model, 1, data.nItems), 1)).toBeGreaterThan(0.5);
    const person = syntheticPerson(1, data.nItems);
    const predicted = model.predictRatings(model.foldIn(person), person, Int32Array.of(20, 21));
    expect(predicted[1]).toBeGreaterThan(predicted[0]);
    for (const p of predicted) {
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(5);
    }
  });

  it('explains each rating by the drop of the prediction when it is left out', async () => {
    const { model } = await trainWithProgress(convAttnLstm, data, { ...settings, epochs: 4 });
    const person = syntheticPerson(0, data.nItems);
    const start: PersonalState = model.foldIn(person);
    const { state } = await model.fineTune(person, start);
    const weights = model.explain(state, person, 20);
    expect(weights).toHaveLength(person.items.length);
    expect(weights.some((w) => w !== 0)).toBe(true);
    // Each weight is the drop of the candidate's prediction when that rating is left out.
    const raw = (m: typeof model, s: PersonalState, h: typeof person) =>
      (
        m as unknown as { predictRaw(s: PersonalState, h: unknown, i: Int32Array): Float32Array }
      ).predictRaw(s, h, Int32Array.of(20))[0];
    const j = person.items.length - 3;
    const keep = (_: unknown, k: number) => k !== j;
    const without = {
      items: person.items.filter(keep),
      ratings: person.ratings.filter(keep),
      times: person.times.filter(keep),
    };
    expect(weights[j]).toBeCloseTo(
      raw(model, start, person) - raw(model, model.foldIn(without), without),
      4,
    );
  });

  it('trains every ablation (attention, LSTM, residual off)', async () => {
    for (const off of [{ attention: false }, { lstm: false }, { residual: false }]) {
      const { progress } = await trainWithProgress(convAttnLstm, data, {
        ...settings,
        ...off,
        epochs: 3,
      });
      expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss);
    }
  });
});
