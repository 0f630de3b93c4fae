import { expect, test } from 'vitest';
import {
  fallbackModelName,
  findModelDefinition,
  getModelDefinition,
  modelDescription,
  modelNames,
} from '../../main/engine/models';
import { tensorflowLoaded } from '../../main/engine/runtime/tensorflow-loaded';

/**
 * The model registry (main/engine/models/index.ts) knows every model's name and description
 * without loading it, and imports a model's file only when its definition is asked for.
 */

// First: nothing in this file has loaded a model built on TensorFlow.js yet.
test("a typed-array model's definition loads without TensorFlow.js", async () => {
  expect(tensorflowLoaded()).toBe(false);
  for (const name of ['recency-hybrid', 'biased-mf', 'sasrec'])
    expect((await getModelDefinition(name)).name).toBe(name);
  expect(tensorflowLoaded()).toBe(false);
});

test("every model's name and description are its definition's", async () => {
  expect(modelNames()).toContain(fallbackModelName);
  expect(new Set(modelNames()).size).toBe(modelNames().length);
  for (const name of modelNames()) {
    const definition = await getModelDefinition(name);
    expect(definition.name).toBe(name);
    expect(modelDescription(name), name).toBe(definition.description);
  }
});

test('an unknown name has no definition', async () => {
  expect(modelDescription('no-such-model')).toBeUndefined();
  await expect(findModelDefinition('no-such-model')).resolves.toBeUndefined();
  await expect(getModelDefinition('no-such-model')).rejects.toThrow(
    /unknown model "no-such-model"; known: biased-mf, recency-hybrid/,
  );
});
