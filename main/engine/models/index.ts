import type { ModelDefinition } from './model-definition';

/**
 * Every model the engine can train, by name, in the order modelNames() lists them. A model's file
 * (one file in this folder that calls defineModel) is imported only when its definition is asked
 * for (train, load, evaluate): starting the app with one model loads that model's code alone, and
 * TensorFlow.js only when that model uses it. Add a model by writing its file and a line here;
 * `pretrain --model NAME` and `eval --model NAME` find it by its name. `description` is the
 * definition's own, repeated so that it is known without loading the model
 * (test/unit/model-registry.test.ts checks that the two agree).
 */
interface ModelEntry {
  name: string;
  description: string;
  definition: () => Promise<ModelDefinition>;
}

const models: readonly ModelEntry[] = [
  {
    name: 'biased-mf',
    description:
      'Biased matrix factorisation with feature-enriched movie vectors; ridge fold-in, genre-adapter fine-tune',
    definition: async () => (await import('./biased-mf')).biasedMf,
  },
  {
    name: 'recency-hybrid',
    description:
      'Recency- and rating-weighted EASE for ranking (exact dual solve; on large releases primal, over the most-rated movies), blended with the next-movie scores of a SASRec network at a weight chosen on validation + recency-weighted ALS factors for ratings and vectors',
    definition: async () => (await import('./recency-hybrid')).recencyHybrid,
  },
  {
    name: 'ncf',
    description:
      'NCF (MLP) on 8-d user/movie embeddings, BCE with sampled negatives (MovieLens-25M paper)',
    definition: async () => (await import('./ncf')).ncf,
  },
  {
    name: 'feature-cnn',
    description:
      'Feature CNN: id/demographic user tower, id/genre/title-text-CNN movie tower, dot → rating (MSE)',
    definition: async () => (await import('./feature-cnn')).featureCnn,
  },
  {
    name: 'itemcf-seq',
    description: 'Item-CF cosine fused with an LSTM next-movie model at ratio α (Seq2Seq paper)',
    definition: async () => (await import('./itemcf-seq')).itemCfSeq,
  },
  {
    name: 'conv-attn-lstm',
    description:
      'Conv feature interaction + self-attention + LSTM over the viewing sequence + residual block (MovieLens-1M paper)',
    definition: async () => (await import('./conv-attn-lstm')).convAttnLstm,
  },
  {
    name: 'kg-attn-lstm',
    description:
      'TransE knowledge-graph embeddings + LSTM over the ratings with additive attention (IMDb paper); attention explains',
    definition: async () => (await import('./kg-attn-lstm')).kgAttnLstm,
  },
  {
    name: 'sasrec',
    description:
      'SASRec: causal self-attention over the latest 200 movies, next-movie BCE or sampled softmax',
    definition: async () => (await import('./sasrec')).sasrec,
  },
];

/** The model trained when none is named and no pretrained model says otherwise. */
export const fallbackModelName = 'biased-mf';

export function modelNames(): string[] {
  return models.map((m) => m.name);
}

/** The model's one-line description, without loading the model; undefined for an unknown name. */
export function modelDescription(name: string): string | undefined {
  return models.find((m) => m.name === name)?.description;
}

/** The model's definition (its file is imported on first ask); undefined for an unknown name. */
export async function findModelDefinition(name: string): Promise<ModelDefinition | undefined> {
  const entry = models.find((m) => m.name === name);
  return entry && (await entry.definition());
}

/** The model's definition (its file is imported on first ask); throws for an unknown name. */
export async function getModelDefinition(name: string): Promise<ModelDefinition> {
  const def = await findModelDefinition(name);
  if (!def) throw new Error(`unknown model "${name}"; known: ${modelNames().join(', ')}`);
  return def;
}
