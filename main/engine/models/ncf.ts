import { z } from 'zod';
import { f32, i32 } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import { bceWithLogits } from '../nn/losses';
import {
  createMlp,
  parseSizes,
  runMlp,
  tensorsByName,
  variablesByName,
  type MlpSpec,
} from '../nn/mlp';
import { DenseParams } from '../nn/params';
import {
  AbortError,
  defineModel,
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { NegativeSampler, sampleUnrated } from '../nn/negative-sampler';
import { Rng } from '../numeric/rng';
import { denseArrays, loadDense, loadWeights, saveWeights } from '../runtime/saved-weights';
import { sparseTrainStep } from '../nn/sparse-step';
import * as tf from '../runtime/tf';
import { Yielder } from '../runtime/yield';
import { VectorModel } from './vector-model';

/**
 * NCF (MLP variant) with negative sampling, as in the MovieLens-25M paper: user and movie id
 * embeddings (8-d) concatenated → MLP (64 → 32 → 16) → a logit; every rating is a positive and
 * `negatives` unrated movies per positive (uniform, seeded, resampled each epoch) are negatives;
 * binary cross-entropy. Implicit feedback: it ranks, it does not predict ratings (protocol A and
 * protocol C's RMSE do not apply).
 *
 * Embeddings are EmbeddingTables trained by the engine's sparse step; the MLP lives on the backend.
 * A new person has no id embedding: the fold-in is the mean, over their rated movies, of the
 * average trained vector of each movie's raters (instant); the fine-tune then fits a fresh user
 * vector on their ratings plus sampled negatives with Adam, the shared weights frozen.
 */
export const ncfSettings = z.object({
  dim: z.number().int().positive().default(8),
  /** Hidden layer sizes, e.g. "64,32,16". */
  layers: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .default('64,32,16'),
  negatives: z.number().int().positive().default(4),
  epochs: z.number().int().positive().default(10),
  batchSize: z.number().int().positive().default(2048),
  learningRate: z.number().positive().default(0.003),
  initStd: z.number().nonnegative().default(0.1),
  fineTuneSteps: z.number().int().nonnegative().default(25),
  fineTuneLearningRate: z.number().positive().default(0.08),
  /** L2 on the person's vector, pulling it towards the fold-in. */
  fineTuneL2: z.number().nonnegative().default(0.01),
});
export type NcfSettings = z.output<typeof ncfSettings>;

interface NcfWeights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  users: Float32Array;
  items: Float32Array;
  /** Per item, the mean trained vector of its raters (the fold-in's building block). */
  raterMean: Float32Array;
  dense: Record<string, Float32Array>;
  scale: { min: number; max: number };
}

function mlpSizes(s: NcfSettings): number[] {
  return [2 * s.dim, ...parseSizes(s.layers), 1];
}

function buildMlp(s: NcfSettings, rng: Rng): { params: DenseParams; mlp: MlpSpec } {
  const params = new DenseParams(rng);
  return { params, mlp: createMlp(params, 'mlp', mlpSizes(s)) };
}

export class NcfModel extends VectorModel implements TrainedModel {
  readonly name = 'ncf';
  readonly predictsRatings = false;
  private readonly params: DenseParams;
  private readonly mlp: MlpSpec;
  private readonly itemTensor: tf.Tensor2D;

  constructor(
    readonly settings: NcfSettings,
    private readonly w: NcfWeights,
  ) {
    super({
      dim: settings.dim,
      movieIds: w.movieIds,
      userKeys: w.userKeys,
      itemVectors: w.items,
      datasetUserVectors: w.users,
      scale: w.scale,
    });
    const built = buildMlp(settings, new Rng(0));
    this.params = built.params;
    this.mlp = built.mlp;
    this.params.import(w.dense);
    this.itemTensor = tf.tensor2d(w.items, [w.movieIds.length, this.dim]);
  }

  /** The trained state of dataset user u (protocols A/B score training users with it). */
  datasetUserState(u: number): PersonalState {
    const d = this.dim;
    return {
      model: this.name,
      userVector: this.w.users.slice(u * d, u * d + d),
      params: {},
      kind: 'fine-tuned',
    };
  }

  foldIn(history: PersonHistory): PersonalState {
    const d = this.dim;
    const v = new Float32Array(d);
    const n = history.items.length;
    if (n === 0) {
      // No ratings: the mean dataset user.
      const nu = this.userKeys.length;
      for (let u = 0; u < nu; u++) for (let c = 0; c < d; c++) v[c] += this.w.users[u * d + c] / nu;
    } else {
      for (const i of history.items)
        for (let c = 0; c < d; c++) v[c] += this.w.raterMean[i * d + c] / n;
    }
    return { model: this.name, userVector: v, params: {}, kind: 'folded-in' };
  }

  async fineTune(
    history: PersonHistory,
    start: PersonalState,
    options: FineTuneOptions = {},
  ): Promise<FineTuneResult> {
    const s = this.settings;
    const n = history.items.length;
    const steps = n === 0 ? 0 : s.fineTuneSteps;
    const rng = new Rng(options.seed ?? 0);
    const rated = new Set(history.items);
    const nItems = this.movieIds.length;
    const perPositive = 1 + s.negatives;
    const ids = new Int32Array(n * perPositive);
    const labels = new Float32Array(n * perPositive);
    for (let j = 0; j < n; j++) labels[j * perPositive] = 1;
    const anchor = tf.tensor1d(start.userVector);
    const u = tf.variable(tf.tensor2d(start.userVector, [1, this.dim]), true);
    const optimizer = tf.train.adam(s.fineTuneLearningRate);
    const byName = variablesByName(this.params);
    const yielder = new Yielder(50);
    let loss = 0;
    try {
      for (let t = 1; t <= steps; t++) {
        for (let j = 0; j < n; j++) {
          ids[j * perPositive] = history.items[j];
          for (let k = 1; k < perPositive; k++)
            ids[j * perPositive + k] = sampleUnrated(rated, nItems, rng);
        }
        const value = optimizer.minimize(
          () => {
            const rows = tf.gather(this.itemTensor, tf.tensor1d(ids, 'int32'));
            const x = tf.concat([tf.tile(u, [ids.length, 1]), rows], 1) as tf.Tensor2D;
            const logits = tf.reshape(runMlp(this.mlp, byName, x), [ids.length]);
            const reg = tf.mul(
              s.fineTuneL2,
              tf.sum(tf.square(tf.sub(tf.reshape(u, [this.dim]), anchor))),
            );
            return tf.add(bceWithLogits(logits, tf.tensor1d(labels)), reg) as tf.Scalar;
          },
          true,
          [u],
        );
        loss = value!.dataSync()[0];
        value!.dispose();
        if (t % 10 === 0 || t === steps) {
          options.onStep?.(t, steps, loss);
          await yielder.maybeYield();
          if (options.signal?.aborted) throw new AbortError();
        }
      }
      const userVector = Float32Array.from(u.dataSync() as Float32Array);
      return {
        state: { model: this.name, userVector, params: {}, kind: 'fine-tuned' },
        steps,
        finalLoss: loss,
      };
    } finally {
      u.dispose();
      anchor.dispose();
      optimizer.dispose();
    }
  }

  /** Logits of every item for a user vector. */
  private logits(userVector: Float32Array): Float32Array {
    const nItems = this.movieIds.length;
    return tf.tidy(() => {
      const u = tf.tile(tf.tensor2d(userVector, [1, this.dim]), [nItems, 1]);
      const x = tf.concat([u, this.itemTensor], 1) as tf.Tensor2D;
      return runMlp(this.mlp, variablesByName(this.params), x).dataSync() as Float32Array;
    });
  }

  scoreAll(state: PersonalState, _history: PersonHistory, out: Float32Array): void {
    out.set(this.logits(state.userVector));
  }

  /** Not a rating model: the predicted probability of a positive, mapped onto the scale. */
  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const z = this.logits(state.userVector);
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => min + (max - min) / (1 + Math.exp(-z[i])));
  }

  /** Cosine of the rated movies' embeddings with the item's (the MLP itself has no additive split). */
  explain(_state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const d = this.dim;
    const q = this.itemVectors;
    const norm = (i: number) =>
      Math.sqrt(q.subarray(i * d, i * d + d).reduce((a, x) => a + x * x, 0)) || 1;
    const ni = norm(item);
    return Float32Array.from(history.items, (j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += q[item * d + c] * q[j * d + c];
      return s / (ni * norm(j));
    });
  }

  async save(dir: string): Promise<void> {
    const { w } = this;
    await saveWeights(
      dir,
      'ncf',
      {
        movieIds: w.movieIds,
        userKeys: w.userKeys,
        users: w.users,
        items: w.items,
        raterMean: w.raterMean,
        ...denseArrays(this.params.export()),
      },
      { scale: w.scale, denseNames: this.params.names() },
    );
  }

  dispose(): void {
    this.params.dispose();
    this.itemTensor.dispose();
  }
}

function raterMeans(data: EngineDataset, users: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.nItems * dim);
  const count = new Float32Array(data.nItems);
  const { user, item } = data.ratings;
  for (let k = 0; k < user.length; k++) {
    const i = item[k];
    count[i]++;
    for (let c = 0; c < dim; c++) out[i * dim + c] += users[user[k] * dim + c];
  }
  const mean = new Float32Array(dim);
  for (let u = 0; u < data.nUsers; u++)
    for (let c = 0; c < dim; c++) mean[c] += users[u * dim + c] / Math.max(1, data.nUsers);
  for (let i = 0; i < data.nItems; i++) {
    for (let c = 0; c < dim; c++)
      out[i * dim + c] = count[i] > 0 ? out[i * dim + c] / count[i] : mean[c];
  }
  return out;
}

async function train(data: EngineDataset, s: NcfSettings, hooks: TrainHooks): Promise<NcfModel> {
  const rng = new Rng(hooks.seed);
  const d = s.dim;
  const users = new EmbeddingTable(
    data.nUsers,
    d,
    rng.fillNormal(new Float32Array(data.nUsers * d), s.initStd),
  );
  const items = new EmbeddingTable(
    data.nItems,
    d,
    rng.fillNormal(new Float32Array(data.nItems * d), s.initStd),
  );
  const { params, mlp } = buildMlp(s, rng);
  const sparse = new SparseAdam({ learningRate: s.learningRate });
  const denseOptimizer = tf.train.adam(s.learningRate);
  const { user, item } = data.ratings;
  const sampler = new NegativeSampler(data.nItems, user, item);
  const perPositive = 1 + s.negatives;
  const positivesPerBatch = Math.max(1, Math.floor(s.batchSize / perPositive));
  const yielder = new Yielder(50);
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = rng.permutation(user.length);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += positivesPerBatch) {
        throwIfTrainingAborted(hooks.signal);
        const m = Math.min(positivesPerBatch, order.length - start);
        const uIds = new Int32Array(m * perPositive);
        const iIds = new Int32Array(m * perPositive);
        const labels = new Float32Array(m * perPositive);
        for (let r = 0; r < m; r++) {
          const k = order[start + r];
          const o = r * perPositive;
          uIds.fill(user[k], o, o + perPositive);
          iIds[o] = item[k];
          labels[o] = 1;
          for (let j = 1; j < perPositive; j++) iIds[o + j] = sampler.sample(user[k], rng);
        }
        const labelTensor = tf.tensor1d(labels);
        lossSum += sparseTrainStep({
          lookups: [
            { table: users, ids: uIds },
            { table: items, ids: iIds },
          ],
          dense: params.list(),
          denseOptimizer,
          sparseOptimizer: sparse,
          loss: ([u, i], dense) => {
            const logits = runMlp(
              mlp,
              tensorsByName(params, dense),
              tf.concat([u, i], 1) as tf.Tensor2D,
            );
            return bceWithLogits(tf.reshape(logits, [uIds.length]), labelTensor);
          },
        });
        labelTensor.dispose();
        batches++;
        await yielder.maybeYield();
      }
      hooks.onProgress?.({ epoch, totalEpochs: s.epochs, loss: lossSum / Math.max(1, batches) });
    }
    throwIfTrainingAborted(hooks.signal);
    return new NcfModel(s, {
      movieIds: data.movieIds,
      userKeys: data.userKeys,
      users: users.values,
      items: items.values,
      raterMean: raterMeans(data, users.values, d),
      dense: params.export(),
      scale: data.scale,
    });
  } finally {
    params.dispose();
    denseOptimizer.dispose();
  }
}

async function load(dir: string, settings: NcfSettings): Promise<NcfModel> {
  const { arrays: a, meta } = await loadWeights<{
    scale: { min: number; max: number };
    denseNames: string[];
  }>(dir, 'ncf');
  return new NcfModel(settings, {
    movieIds: i32(a, 'movieIds'),
    userKeys: i32(a, 'userKeys'),
    users: f32(a, 'users'),
    items: f32(a, 'items'),
    raterMean: f32(a, 'raterMean'),
    dense: loadDense(a, meta.denseNames),
    scale: meta.scale,
  });
}

export const ncf = defineModel({
  name: 'ncf',
  description:
    'NCF (MLP) on 8-d user/movie embeddings, BCE with sampled negatives (MovieLens-25M paper)',
  settings: ncfSettings,
  fineTunes: true,
  train,
  load,
});
