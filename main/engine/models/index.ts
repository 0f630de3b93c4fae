import type { ModelDefinition, ModelSettings } from './model-definition';
import { biasedMf } from './biased-mf';
import { recencyHybrid } from './recency-hybrid';
import { featureCnn } from './feature-cnn';
import { itemCfSeq } from './itemcf-seq';
import { ncf } from './ncf';
import { convAttnLstm } from './conv-attn-lstm';
import { kgAttnLstm } from './kg-attn-lstm';

/**
 * Every model the engine can train, by name. Add a model by writing a ModelDefinition in this
 * folder and listing it here; `pretrain --model NAME` and `eval --model NAME` find it by its key.
 */
export const modelRegistry: Record<string, ModelDefinition<ModelSettings>> = {
  [biasedMf.name]: biasedMf as unknown as ModelDefinition<ModelSettings>,
  [recencyHybrid.name]: recencyHybrid as unknown as ModelDefinition<ModelSettings>,
  [ncf.name]: ncf as unknown as ModelDefinition<ModelSettings>,
  [featureCnn.name]: featureCnn as unknown as ModelDefinition<ModelSettings>,
  [itemCfSeq.name]: itemCfSeq as unknown as ModelDefinition<ModelSettings>,
  [convAttnLstm.name]: convAttnLstm as unknown as ModelDefinition<ModelSettings>,
  [kgAttnLstm.name]: kgAttnLstm as unknown as ModelDefinition<ModelSettings>,
};

/** The model trained when none is named and no pretrained model says otherwise. */
export const fallbackModelName = biasedMf.name;

export function getModelDefinition(name: string): ModelDefinition<ModelSettings> {
  const def = modelRegistry[name];
  if (!def)
    throw new Error(`unknown model "${name}"; known: ${Object.keys(modelRegistry).join(', ')}`);
  return def;
}
