import { registeredModels, type ModelDefinition } from './model-definition';
// Each import registers its model (defineModel); modelNames() lists them in this order.
import { biasedMf } from './biased-mf';
import './recency-hybrid';
import './ncf';
import './feature-cnn';
import './itemcf-seq';
import './conv-attn-lstm';
import './kg-attn-lstm';
import './sasrec';

/**
 * Every model the engine can train. Add a model by writing one file in this folder that calls
 * defineModel and importing it here; `pretrain --model NAME` and `eval --model NAME` find it by
 * its name.
 */

/** The model trained when none is named and no pretrained model says otherwise. */
export const fallbackModelName = biasedMf.name;

export function modelNames(): string[] {
  return registeredModels().map((d) => d.name);
}

export function findModelDefinition(name: string): ModelDefinition | undefined {
  return registeredModels().find((d) => d.name === name);
}

export function getModelDefinition(name: string): ModelDefinition {
  const def = findModelDefinition(name);
  if (!def) throw new Error(`unknown model "${name}"; known: ${modelNames().join(', ')}`);
  return def;
}
