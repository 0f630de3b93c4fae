import { initBackend } from '../../main/engine/runtime/backend';
import type { PersonalState } from '../../main/engine/models/model-definition';
import {
  convAttnLstm,
  convAttnLstmDefaults,
  type ConvAttnLstmSettings,
} from '../../main/engine/models/conv-attn-lstm';
import {
  abortedTraining,
  groupMargin,
  saveLoadScores,
  scoresOf,
  tinySequenceTraining,
  trainWithProgress,
} from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset();
const settings: ConvAttnLstmSettings = {
  ...convAttnLstmDefaults,
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

  it('is deterministic given the seed', async () => {
    const short = { ...settings, epochs: 2 };
    const a = (await trainWithProgress(convAttnLstm, data, short, 5)).model;
    const b = (await trainWithProgress(convAttnLstm, data, short, 5)).model;
    const c = (await trainWithProgress(convAttnLstm, data, short, 6)).model;
    expect(Array.from(a.itemVectors)).toEqual(Array.from(b.itemVectors));
    expect(Array.from(scoresOf(a, 1, data.nItems))).toEqual(
      Array.from(scoresOf(b, 1, data.nItems)),
    );
    expect(Array.from(a.itemVectors)).not.toEqual(Array.from(c.itemVectors));
  });

  it('uses demographics when the release has them, and saves → loads to the same scores', async () => {
    const withDemo = syntheticDataset({ demographics: true });
    const { model } = await trainWithProgress(convAttnLstm, withDemo, { ...settings, epochs: 3 });
    const { before, after } = await saveLoadScores(
      convAttnLstm,
      model,
      { ...settings, epochs: 3 },
      withDemo.nItems,
    );
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 4);
    expect(model.datasetUserVectors.length).toBe(withDemo.nUsers * model.dim);
  });

  it('fine-tunes only the person (shared weights unchanged) and explains one weight per rating', async () => {
    const { model } = await trainWithProgress(convAttnLstm, data, { ...settings, epochs: 4 });
    const person = syntheticPerson(0, data.nItems);
    const itemsBefore = model.itemVectors.slice();
    const start: PersonalState = model.foldIn(person);
    const steps: number[] = [];
    const { state } = await model.fineTune(person, start, { onStep: (s) => steps.push(s) });
    expect(state.kind).toBe('fine-tuned');
    expect(steps.length).toBeGreaterThan(0);
    expect(Array.from(model.itemVectors)).toEqual(Array.from(itemsBefore));
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
    const aborted = new AbortController();
    aborted.abort();
    await expect(model.fineTune(person, start, { signal: aborted.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('stops with an AbortError when cancelled', async () => {
    const error = await abortedTraining(convAttnLstm, data, settings);
    expect((error as Error).name).toBe('AbortError');
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
