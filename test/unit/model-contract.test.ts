import type { EngineDataset } from '../../main/core/engine-dataset';
import { getModelDefinition, modelNames } from '../../main/engine/models';
import { explainScore, fineTuneOrFoldIn } from '../../main/engine/models/fallbacks';
import {
  SettingsError,
  type ModelSettings,
  type PersonHistory,
  type TrainedModel,
  type TrainProgress,
} from '../../main/engine/models/model-definition';
import { initBackend } from '../../main/engine/runtime/backend';
import { holdOutLatest } from '../../main/engine/runtime/validation-hold-out';
import {
  cancelledAtFirstProgress,
  medianMs,
  ownLoss,
  scoresFor,
  tinySequenceTraining,
  trainWithProgress,
  withSavedModel,
} from '../helpers/model-contract';
import {
  syntheticDatasetWithFeatures,
  syntheticPerson,
  tinyHybridWithNetwork,
} from '../helpers/synthetic-dataset';

/**
 * The contract every registered model keeps, checked on each of them with tiny settings: a new
 * model only adds its line to `testSettings` (the first test fails until it does).
 */
const testSettings: Record<string, ModelSettings> = {
  'biased-mf': { dim: 8, epochs: 4, batchSize: 256, learningRate: 0.02 },
  'recency-hybrid': tinyHybridWithNetwork,
  ncf: { epochs: 3, batchSize: 256, learningRate: 0.01, fineTuneSteps: 20 },
  'feature-cnn': {
    epochs: 3,
    batchSize: 64,
    learningRate: 0.01,
    tokenMinCount: 1,
    validationShare: 0,
  },
  'itemcf-seq': {
    epochs: 2,
    batchSize: 16,
    seqLength: 8,
    units: 16,
    embedDim: 8,
    neighbours: 10,
    learningRate: 0.02,
  },
  'conv-attn-lstm': {
    ...tinySequenceTraining,
    dim: 8,
    filters: 8,
    lstmUnits: 8,
    genreFilters: 4,
    epochs: 3,
  },
  'kg-attn-lstm': {
    ...tinySequenceTraining,
    graphDim: 8,
    itemDim: 8,
    attentionDim: 8,
    transeEpochs: 3,
    epochs: 3,
  },
  sasrec: {
    dim: 16,
    heads: 2,
    maxLength: 12,
    dropout: 0.1,
    learningRate: 0.01,
    epochs: 3,
    batchSize: 8,
  },
};

/** The synthetic dataset with demographics, tags and people, so every model has its inputs. */
const data: EngineDataset = syntheticDatasetWithFeatures();

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  await initBackend();
});

test('every registered model has contract test settings', () => {
  expect(modelNames().filter((name) => !(name in testSettings))).toEqual([]);
});

// Each model's file loads on first ask (main/engine/models/index.ts): load them all here.
const definitions = new Map(
  await Promise.all(
    modelNames().map(async (name) => [name, await getModelDefinition(name)] as const),
  ),
);

describe.each(modelNames())('%s keeps the model contract', (name) => {
  const def = definitions.get(name)!;
  const settings = testSettings[name] ?? {};
  let model: TrainedModel;
  let progress: TrainProgress[];
  /** A person of taste group 1; ranking-only models see only their liked movies. */
  let person: PersonHistory;

  beforeAll(async () => {
    ({ model, progress } = await trainWithProgress(def, data, settings));
    person = syntheticPerson(1, data.nItems, !model.predictsRatings);
  });

  test('reports progress epoch by epoch with a finite loss', () => {
    expect(progress.length).toBeGreaterThan(0);
    progress.forEach((p, k) => {
      expect(p.epoch).toBe(k + 1);
      expect(p.epoch).toBeLessThanOrEqual(p.totalEpochs);
      expect(Number.isFinite(p.loss)).toBe(true);
    });
  });

  test('gives the same model for the same seed, and another for another seed', async () => {
    const again = await def.train(data, settings, { seed: 1 });
    expect(Array.from(again.itemVectors)).toEqual(Array.from(model.itemVectors));
    expect(Array.from(scoresFor(again, person))).toEqual(Array.from(scoresFor(model, person)));
    const other = await def.train(data, settings, { seed: 2 });
    expect(Array.from(other.itemVectors)).not.toEqual(Array.from(model.itemVectors));
  });

  test('saves and loads to identical scores, and refuses bad settings in a manifest', async () => {
    await withSavedModel(model, async (dir) => {
      const loaded = await def.load(dir, settings);
      expect(Array.from(scoresFor(loaded, person))).toEqual(Array.from(scoresFor(model, person)));
      const all = Int32Array.from({ length: data.nItems }, (_, i) => i);
      expect(Array.from(loaded.predictRatings(loaded.foldIn(person), person, all))).toEqual(
        Array.from(model.predictRatings(model.foldIn(person), person, all)),
      );
      const field = Object.keys(def.defaults).find((k) => typeof def.defaults[k] === 'number')!;
      await expect(def.load(dir, { ...settings, [field]: 'many' })).rejects.toMatchObject({
        name: 'SettingsError',
        model: name,
        field,
      });
    });
  });

  test('folds a person in at once, scores and predicts every movie, explains every rating', () => {
    expect(medianMs(() => model.foldIn(person))).toBeLessThan(50);
    const state = model.foldIn(person);
    expect(state).toMatchObject({ model: name, kind: 'folded-in' });
    const scores = scoresFor(model, person);
    expect(scores).toHaveLength(data.nItems);
    expect(scores.every(Number.isFinite)).toBe(true);
    const all = Int32Array.from({ length: data.nItems }, (_, i) => i);
    const predicted = model.predictRatings(state, person, all);
    expect(predicted).toHaveLength(data.nItems);
    for (const p of predicted) {
      expect(p).toBeGreaterThanOrEqual(data.scale.min);
      expect(p).toBeLessThanOrEqual(data.scale.max);
    }
    for (const item of [20, 21]) {
      const weights = explainScore(model, state, person, item);
      expect(weights).toHaveLength(person.items.length);
      expect(weights.every(Number.isFinite)).toBe(true);
    }
  });

  if (def.fineTunes) {
    test('fine-tunes the person only, to a better fit of their own ratings', async () => {
      const shared = [model.itemVectors.slice(), model.datasetUserVectors.slice()];
      const someoneElse = syntheticPerson(0, data.nItems, !model.predictsRatings);
      const othersBefore = scoresFor(model, someoneElse);
      const start = model.foldIn(person);
      const result = await fineTuneOrFoldIn(model, person, start, { seed: 1 });
      expect(result.state.kind).toBe('fine-tuned');
      expect(result.steps).toBeGreaterThan(0);
      expect(ownLoss(model, result.state, person)).toBeLessThan(ownLoss(model, start, person));
      expect(Array.from(model.itemVectors)).toEqual(Array.from(shared[0]));
      expect(Array.from(model.datasetUserVectors)).toEqual(Array.from(shared[1]));
      expect(Array.from(scoresFor(model, someoneElse))).toEqual(Array.from(othersBefore));
      const cancelled = new AbortController();
      cancelled.abort();
      await expect(
        fineTuneOrFoldIn(model, person, start, { signal: cancelled.signal }),
      ).rejects.toMatchObject({ name: 'AbortError' });
    });
  } else {
    test('has no fine-tune: its personal state is the fold-in, never called fine-tuned', async () => {
      expect(model.fineTune).toBeUndefined();
      const start = model.foldIn(person);
      const result = await fineTuneOrFoldIn(model, person, start);
      expect(result.state.kind).toBe('folded-in');
      expect(result.steps).toBe(0);
      expect(Array.from(result.state.userVector)).toEqual(Array.from(start.userVector));
    });
  }

  test('refuses a bad or unknown setting, naming the model and the field', async () => {
    const field = Object.keys(def.defaults).find((k) => typeof def.defaults[k] === 'number')!;
    for (const [bad, named] of [
      [{ [field]: 'many' }, field],
      [{ notASetting: 1 }, 'notASetting'],
    ] as const) {
      const error = await def.train(data, { ...settings, ...bad }, { seed: 1 }).catch((e) => e);
      expect(error).toBeInstanceOf(SettingsError);
      expect(error).toMatchObject({ model: name, field: named });
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).toContain(named);
    }
  });

  test('stops at the first progress report when cancelled', async () => {
    const { error, reports } = await cancelledAtFirstProgress(def, data, settings);
    expect((error as Error | null)?.name).toBe('AbortError');
    expect(reports).toBe(1);
  });

  if (def.usesValidation) {
    test('early-stops on the validation ratings it is given', async () => {
      const { train, validation } = holdOutLatest(data);
      const seen: TrainProgress[] = [];
      await def.train(
        train,
        { ...settings, epochs: 200 },
        { seed: 1, validation, onProgress: (p) => seen.push(p) },
      );
      expect(seen.every((p) => Number.isFinite(p.validationLoss))).toBe(true);
      expect(seen.length).toBeLessThan(200);
    });
  }
});
