import type { EngineDataset } from '../core/engine-dataset';
import type { ModelSettings } from '../engine/models/model-definition';
import { getModelDefinition, modelNames } from '../engine/models';
import { biasedBaselineModel } from './baselines/biased-baseline';
import { funkSvdModel } from './baselines/biased-mf';
import { easeModel } from './baselines/ease';
import { globalMeanModel } from './baselines/global-mean';
import { itemKnnModel } from './baselines/item-knn';
import { popularityModel } from './baselines/popularity';
import { engineModel } from './engine-adapter';
import type { EvaluatedModel } from './evaluated-model';

/** The classical baselines every table carries, by name. */
export const baselineNames = [
  'global-mean',
  'popularity',
  'biased-baseline',
  'funk-svd',
  'item-knn',
  'ease',
];

function baseline(name: string): EvaluatedModel | null {
  switch (name) {
    case 'global-mean':
      return globalMeanModel;
    case 'popularity':
      return popularityModel;
    case 'biased-baseline':
      return biasedBaselineModel();
    case 'funk-svd':
      return funkSvdModel();
    case 'item-knn':
      return itemKnnModel(50);
    case 'ease':
      return easeModel();
    default:
      return null;
  }
}

/** Every name the harness can evaluate: the baselines, then the engine's model definitions. */
export function evaluableModelNames(): string[] {
  return [...baselineNames, ...modelNames().filter((n) => !baselineNames.includes(n))];
}

export function evaluatedModel(
  name: string,
  dataset: EngineDataset,
  engineSettings?: (name: string, defaults: ModelSettings) => ModelSettings,
): EvaluatedModel {
  const b = baseline(name);
  if (b) return b;
  if (!modelNames().includes(name))
    throw new Error(`unknown model "${name}"; known: ${evaluableModelNames().join(', ')}`);
  // The engine model's definition (its file) loads when it is first fitted.
  let adapted: EvaluatedModel | null = null;
  return {
    name,
    ranks: true,
    get predicts() {
      return adapted ? adapted.predicts : true;
    },
    async fit(train, options) {
      const definition = await getModelDefinition(name);
      const settings = engineSettings?.(name, definition.defaults);
      adapted ??= engineModel(
        definition,
        dataset,
        settings ? { fineTune: true, settings } : { fineTune: true },
      );
      return adapted.fit(train, options);
    },
  };
}
