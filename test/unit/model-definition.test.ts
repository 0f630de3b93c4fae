import { z } from 'zod';
import {
  defineModel,
  registeredModels,
  SettingsError,
  type ModelDefinition,
  type PersonHistory,
  type PersonalState,
  type TrainedModel,
} from '../../main/engine/models/model-definition';
import {
  explainScore,
  fineTuneOrFoldIn,
  leaveOneOutDrops,
} from '../../main/engine/models/fallbacks';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const nItems = 6;
/** Item-item pulls: the score of item i is Σ over rated movies j of rating_j · pull[j][i]. */
const pull = Float32Array.from({ length: nItems * nItems }, (_, k) => ((k * 7) % 5) - 2);

/** A linear model with no fine-tune and no explain, to see the engine's fallbacks. */
function linearModel(): TrainedModel {
  const state = (h: PersonHistory): PersonalState => ({
    model: 'linear',
    userVector: Float32Array.of(h.items.length),
    params: {},
    kind: 'folded-in',
  });
  return {
    name: 'linear',
    settings: {},
    movieIds: Int32Array.from({ length: nItems }, (_, i) => i + 1),
    userKeys: new Int32Array(0),
    dim: 1,
    itemVectors: new Float32Array(nItems),
    datasetUserVectors: new Float32Array(0),
    predictsRatings: true,
    scale: { min: 1, max: 5 },
    foldIn: state,
    scoreAll(_s, h, out) {
      out.fill(0);
      h.items.forEach((j, t) => {
        for (let i = 0; i < nItems; i++) out[i] += h.ratings[t] * pull[j * nItems + i];
      });
    },
    predictRatings: (_s, _h, items) => Float32Array.from(items, () => 3),
    async save() {},
  };
}

const history: PersonHistory = {
  items: Int32Array.of(0, 2, 3, 5),
  ratings: Float32Array.of(5, 1, 4, 2),
  times: Float64Array.of(1, 2, 3, 4),
};

function definition(name: string, fineTunes: boolean, withFineTune: boolean) {
  return defineModel({
    name,
    description: 'a test model',
    settings: z.object({
      size: z.number().int().positive().default(3),
      label: z.string().default('x'),
    }),
    fineTunes,
    train: async () => {
      const model = linearModel();
      if (withFineTune)
        model.fineTune = async (_h, start) => ({
          state: { ...start, kind: 'fine-tuned' },
          steps: 1,
          finalLoss: 0,
        });
      return model;
    },
    load: async () => linearModel(),
  });
}

describe('defineModel', () => {
  const data = syntheticDataset({ users: 4, items: nItems });

  test('takes the defaults from the schema and registers the model once', () => {
    const def = definition('test-defaults', false, false);
    expect(def.defaults).toEqual({ size: 3, label: 'x' });
    expect(def.fineTunes).toBe(false);
    expect(def.usesValidation).toBe(false);
    expect(registeredModels()).toContain(def);
    expect(() => definition('test-defaults', false, false)).toThrow(/already defined/);
  });

  test('validates settings, naming the model and the field', async () => {
    // As the registry hands it out (pretrain, the harness): settings are not typed there.
    const def: ModelDefinition = definition('test-settings', false, false);
    expect(def.resolveSettings({ size: 5 })).toEqual({ size: 5, label: 'x' });
    for (const [bad, field] of [
      [{ size: 0 }, 'size'],
      [{ size: 2.5 }, 'size'],
      [{ label: 3 }, 'label'],
      [{ sise: 4 }, 'sise'],
    ] as const) {
      expect(() => def.resolveSettings(bad)).toThrow(SettingsError);
      expect(() => def.resolveSettings(bad)).toThrow(new RegExp(`test-settings .*${field}`));
      await expect(def.train(data, bad, { seed: 1 })).rejects.toMatchObject({
        model: 'test-settings',
        field,
      });
      await expect(def.load('/nowhere', bad)).rejects.toMatchObject({ field });
    }
  });

  test('refuses a trained model whose fine-tune does not match what the definition says', async () => {
    await expect(
      definition('test-claims', true, false).train(data, {}, { seed: 1 }),
    ).rejects.toThrow(/has no fineTune, but the definition says fineTunes: true/);
    await expect(
      definition('test-hides', false, true).train(data, {}, { seed: 1 }),
    ).rejects.toThrow(/has fineTune, but the definition says fineTunes: false/);
    const honest = await definition('test-honest', true, true).train(data, {}, { seed: 1 });
    expect(honest.fineTune).toBeDefined();
  });

  test('does not start training when the signal has already fired', async () => {
    let started = false;
    const def = defineModel({
      name: 'test-cancelled',
      description: 'a test model',
      settings: z.object({}),
      train: async () => {
        started = true;
        return linearModel();
      },
      load: async () => linearModel(),
    });
    const controller = new AbortController();
    controller.abort();
    await expect(def.train(data, {}, { seed: 1, signal: controller.signal })).rejects.toMatchObject(
      { name: 'AbortError' },
    );
    expect(started).toBe(false);
  });
});

describe('the engine fallbacks', () => {
  test('without a fine-tune the personal state is the fold-in, labelled folded-in', async () => {
    const model = linearModel();
    const start = model.foldIn(history);
    const result = await fineTuneOrFoldIn(model, history, start);
    expect(result.state).toBe(start);
    expect(result.state.kind).toBe('folded-in');
    expect(result.steps).toBe(0);
    // predicted 3 for ratings 5, 1, 4, 2: squared errors 4, 4, 1, 1
    expect(result.finalLoss).toBeCloseTo(2.5, 6);
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(
      fineTuneOrFoldIn(model, history, start, { signal: cancelled.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('without explain, each rated movie is weighed by the drop of the score when it is left out', () => {
    const model = linearModel();
    for (const item of [1, 4]) {
      const weights = explainScore(model, model.foldIn(history), history, item);
      const exact = Array.from(
        history.items,
        (j, t) => history.ratings[t] * pull[j * nItems + item],
      );
      expect(Array.from(weights)).toEqual(exact);
    }
  });

  test("the leave-one-out drop equals the default model's own exact explanation", async () => {
    const data = syntheticDataset();
    const model = await recencyHybrid.train(data, { dim: 4, alsIterations: 1 }, { seed: 1 });
    const person = syntheticPerson(0, data.nItems);
    const state = model.foldIn(person);
    expect(model.explain).toBeDefined();
    for (const item of [20, 33]) {
      const own = model.explain!(state, person, item);
      const measured = leaveOneOutDrops(model, person, item);
      own.forEach((w, t) => expect(measured[t]).toBeCloseTo(w, 4));
      expect(own.some((w) => Math.abs(w) > 1e-3)).toBe(true);
    }
  });
});
