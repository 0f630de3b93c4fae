import { z } from 'zod';
import { f32, i32 } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import {
  itemCfScores,
  itemCosineNeighbours,
  type ItemNeighbours,
} from '../numeric/item-neighbours';
import { bceWithLogits } from '../nn/losses';
import { createLstm, lstmWeightsFrom, runLstm, type LstmSpec } from '../nn/lstm';
import { createMlp, runMlp, tensorsByName, variablesByName, type MlpSpec } from '../nn/mlp';
import { DenseParams } from '../nn/params';
import {
  defineModel,
  throwIfTrainingAborted,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { NegativeSampler } from '../nn/negative-sampler';
import { Rng } from '../numeric/rng';
import { denseArrays, loadDense, loadWeights, saveWeights } from '../runtime/saved-weights';
import { sparseTrainStep } from '../nn/sparse-step';
import * as tf from '../runtime/tf';
import { Yielder } from '../runtime/yield';
import { VectorModel } from './vector-model';

/**
 * Item-CF fused with a sequence model (the Seq2Seq paper). Two similarities of every candidate
 * movie to the person's history:
 * - item-CF: Σ over rated movies of their binary co-occurrence cosine with the candidate (k nearest);
 * - sequence: an LSTM reads the person's last `seqLength` movies (input embeddings) and predicts the
 *   next movie's embedding; its similarity to a candidate is the dot product with the candidate's
 *   output embedding plus an output bias (the logit it was trained on: next movie vs `negatives`
 *   sampled unrated ones, BCE at every step of windows of each user's chronological sequence).
 * Each part is standardised over the catalogue (z-score) and fused: α·CF + (1 − α)·sequence.
 *
 * Nothing is trained per person: the fold-in runs the LSTM over their history (instant) and is
 * the personal state (no fineTune). Ranking only (no rating predictions).
 */
export const itemCfSeqSettings = z.object({
  /** Weight of item-CF in the fusion (1 = item-CF only, 0 = LSTM only). */
  alpha: z.number().min(0).max(1).default(0.25),
  neighbours: z.number().int().positive().default(50),
  embedDim: z.number().int().positive().default(32),
  units: z.number().int().positive().default(64),
  seqLength: z.number().int().positive().default(20),
  negatives: z.number().int().positive().default(4),
  epochs: z.number().int().positive().default(6),
  batchSize: z.number().int().positive().default(128),
  learningRate: z.number().positive().default(0.005),
  initStd: z.number().nonnegative().default(0.05),
});
export type ItemCfSeqSettings = z.output<typeof itemCfSeqSettings>;

class SeqNetwork {
  readonly params: DenseParams;
  readonly lstm: LstmSpec;
  readonly head: MlpSpec;

  constructor(s: ItemCfSeqSettings, rng: Rng) {
    this.params = new DenseParams(rng);
    this.lstm = createLstm(this.params, 'lstm', s.embedDim, s.units);
    this.head = createMlp(this.params, 'head', [s.units, s.embedDim]);
  }

  /** x: B × T × E, mask B × T → the predicted next-movie embedding after every step (B·T × E). */
  outputs(
    x: tf.Tensor3D,
    mask: tf.Tensor2D,
    byName: (n: string) => tf.Tensor,
    everyStep: boolean,
  ): tf.Tensor2D {
    const [b, t] = x.shape;
    const { last, sequence } = runLstm(lstmWeightsFrom(byName, 'lstm'), x, {
      mask,
      returnSequences: everyStep,
    });
    const h = everyStep ? (tf.reshape(sequence!, [b * t, this.lstm.units]) as tf.Tensor2D) : last;
    return runMlp(this.head, byName, h);
  }
}

/** Left-padded last `length` items of each history: ids (pad = padId) and mask. */
function lastItems(
  histories: readonly ArrayLike<number>[],
  length: number,
  padId: number,
): { ids: Int32Array; mask: Float32Array } {
  const ids = new Int32Array(histories.length * length).fill(padId);
  const mask = new Float32Array(histories.length * length);
  histories.forEach((h, b) => {
    const n = Math.min(length, h.length);
    for (let k = 0; k < n; k++) {
      ids[b * length + length - n + k] = h[h.length - n + k];
      mask[b * length + length - n + k] = 1;
    }
  });
  return { ids, mask };
}

/** Mean and standard deviation standardisation in place (a constant vector becomes zeros). */
function standardise(a: Float32Array): void {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length || 1;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  const sd = Math.sqrt(v / (a.length || 1)) || 1;
  for (let i = 0; i < a.length; i++) a[i] = (a[i] - m) / sd;
}

interface ItemCfSeqWeights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  inputEmbeddings: Float32Array;
  outputEmbeddings: Float32Array;
  outputBias: Float32Array;
  userVectors: Float32Array;
  neighbours: ItemNeighbours;
  dense: Record<string, Float32Array>;
  scale: { min: number; max: number };
}

export class ItemCfSeqModel extends VectorModel implements TrainedModel {
  readonly name = 'itemcf-seq';
  readonly predictsRatings = false;
  private readonly net: SeqNetwork;

  constructor(
    readonly settings: ItemCfSeqSettings,
    private readonly w: ItemCfSeqWeights,
  ) {
    super({
      dim: settings.embedDim,
      movieIds: w.movieIds,
      userKeys: w.userKeys,
      itemVectors: w.outputEmbeddings,
      datasetUserVectors: w.userVectors,
      scale: w.scale,
    });
    this.net = new SeqNetwork(settings, new Rng(0));
    this.net.params.import(w.dense);
  }

  /** The LSTM's predicted next-movie embedding for each history (B × embedDim). */
  nextEmbeddings(histories: readonly ArrayLike<number>[]): Float32Array {
    const s = this.settings;
    const nItems = this.movieIds.length;
    const { ids, mask } = lastItems(histories, s.seqLength, nItems);
    const rows = new Float32Array(ids.length * s.embedDim);
    const e = this.w.inputEmbeddings;
    ids.forEach((id, k) =>
      rows.set(e.subarray(id * s.embedDim, id * s.embedDim + s.embedDim), k * s.embedDim),
    );
    return tf.tidy(() => {
      const x = tf.tensor3d(rows, [histories.length, s.seqLength, s.embedDim]);
      const m = tf.tensor2d(mask, [histories.length, s.seqLength]);
      return this.net
        .outputs(x, m, variablesByName(this.net.params), false)
        .dataSync() as Float32Array;
    });
  }

  foldIn(history: PersonHistory): PersonalState {
    return {
      model: this.name,
      userVector: this.nextEmbeddings([history.items]),
      params: {},
      kind: 'folded-in',
    };
  }

  /** The two unfused, standardised parts: item-CF and the sequence model's logits. */
  scoreParts(
    state: PersonalState,
    history: PersonHistory,
    cf: Float32Array,
    seq: Float32Array,
  ): void {
    itemCfScores(this.w.neighbours, history.items, cf);
    standardise(cf);
    const d = this.dim;
    const q = this.w.outputEmbeddings;
    const p = state.userVector;
    for (let i = 0; i < seq.length; i++) {
      let s = this.w.outputBias[i];
      for (let c = 0; c < d; c++) s += p[c] * q[i * d + c];
      seq[i] = s;
    }
    standardise(seq);
  }

  scoreAll(state: PersonalState, history: PersonHistory, out: Float32Array): void {
    const cf = new Float32Array(out.length);
    this.scoreParts(state, history, cf, out);
    fuse(this.settings.alpha, cf, out, out);
  }

  predictRatings(state: PersonalState, history: PersonHistory, items: Int32Array): Float32Array {
    const all = new Float32Array(this.movieIds.length);
    this.scoreAll(state, history, all);
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => min + (max - min) / (1 + Math.exp(-all[i])));
  }

  /** α · CF similarity of each rated movie to the item + (1 − α) · cosine of their embeddings. */
  explain(_state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const { k, index, sim } = this.w.neighbours;
    const a = this.settings.alpha;
    const d = this.dim;
    const q = this.w.outputEmbeddings;
    const norm = (i: number) =>
      Math.sqrt(q.subarray(i * d, i * d + d).reduce((s, x) => s + x * x, 0)) || 1;
    return Float32Array.from(history.items, (j) => {
      let cf = 0;
      for (let r = 0; r < k; r++) if (index[j * k + r] === item) cf = sim[j * k + r];
      let cos = 0;
      for (let c = 0; c < d; c++) cos += q[item * d + c] * q[j * d + c];
      return a * cf + (1 - a) * (cos / (norm(item) * norm(j)));
    });
  }

  async save(dir: string): Promise<void> {
    const { w } = this;
    await saveWeights(
      dir,
      'itemcf-seq',
      {
        movieIds: w.movieIds,
        userKeys: w.userKeys,
        inputEmbeddings: w.inputEmbeddings,
        outputEmbeddings: w.outputEmbeddings,
        outputBias: w.outputBias,
        userVectors: w.userVectors,
        neighbourIndex: w.neighbours.index,
        neighbourSim: w.neighbours.sim,
        ...denseArrays(w.dense),
      },
      { scale: w.scale, k: w.neighbours.k, denseNames: Object.keys(w.dense) },
    );
  }

  dispose(): void {
    this.net.params.dispose();
  }
}

/** out = α·cf + (1 − α)·seq (out may alias seq). */
export function fuse(alpha: number, cf: Float32Array, seq: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = alpha * cf[i] + (1 - alpha) * seq[i];
}

/** Training windows: each user's chronological sequence cut into chunks of seqLength + 1. */
function windowsOf(
  histories: readonly Int32Array[],
  length: number,
): { user: number; from: number; to: number }[] {
  const out: { user: number; from: number; to: number }[] = [];
  histories.forEach((h, u) => {
    // inputs h[from..to-1], targets h[from+1..to]; the last window ends at the last item.
    for (let to = h.length - 1; to >= 1; to -= length)
      out.push({ user: u, from: Math.max(0, to - length), to });
  });
  return out;
}

function chronological(data: EngineDataset): Int32Array[] {
  const { user, item, time } = data.ratings;
  const buckets: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let k = 0; k < user.length; k++) buckets[user[k]].push(k);
  const movieId = data.movieIds;
  return buckets.map((ks) => {
    ks.sort((a, b) => time[a] - time[b] || movieId[item[a]] - movieId[item[b]]);
    return Int32Array.from(ks, (k) => item[k]);
  });
}

async function train(
  data: EngineDataset,
  s: ItemCfSeqSettings,
  hooks: TrainHooks,
): Promise<ItemCfSeqModel> {
  const rng = new Rng(hooks.seed);
  const histories = chronological(data);
  const neighbours = itemCosineNeighbours(histories, data.nItems, s.neighbours);
  const E = s.embedDim;
  const T = s.seqLength;
  const K = s.negatives;
  const pad = data.nItems;
  const input = new EmbeddingTable(
    data.nItems + 1,
    E,
    rng.fillNormal(new Float32Array((data.nItems + 1) * E), s.initStd),
  );
  input.values.fill(0, pad * E);
  const output = new EmbeddingTable(
    data.nItems,
    E,
    rng.fillNormal(new Float32Array(data.nItems * E), s.initStd),
  );
  const outputBias = new EmbeddingTable(data.nItems, 1);
  const net = new SeqNetwork(s, rng);
  const sparse = new SparseAdam({ learningRate: s.learningRate });
  const denseOptimizer = tf.train.adam(s.learningRate);
  const sampler = new NegativeSampler(data.nItems, data.ratings.user, data.ratings.item);
  const windows = windowsOf(histories, T);
  const yielder = new Yielder(50);
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = rng.permutation(windows.length);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += s.batchSize) {
        throwIfTrainingAborted(hooks.signal);
        const batch = Array.from(
          order.subarray(start, Math.min(order.length, start + s.batchSize)),
          (w) => windows[w],
        );
        const B = batch.length;
        const inIds = new Int32Array(B * T).fill(pad);
        const mask = new Float32Array(B * T);
        const posIds = new Int32Array(B * T);
        const negIds = new Int32Array(B * T * K);
        batch.forEach(({ user, from, to }, b) => {
          const h = histories[user];
          const n = to - from;
          for (let k = 0; k < T; k++) {
            const o = b * T + k;
            if (k < n) {
              inIds[o] = h[from + k];
              posIds[o] = h[from + k + 1];
              mask[o] = 1;
            } else posIds[o] = h[to];
            for (let j = 0; j < K; j++) negIds[o * K + j] = sampler.sample(user, rng);
          }
        });
        const maskT = tf.tensor2d(mask, [B, T]);
        const maskFlat = tf.reshape(maskT, [B * T]);
        const negMask = tf.tile(tf.reshape(maskFlat, [B * T, 1]), [1, K]);
        lossSum += sparseTrainStep({
          lookups: [
            { table: input, ids: inIds },
            { table: output, ids: posIds },
            { table: output, ids: negIds },
            { table: outputBias, ids: posIds },
            { table: outputBias, ids: negIds },
          ],
          dense: net.params.list(),
          denseOptimizer,
          sparseOptimizer: sparse,
          loss: ([x, pos, neg, posB, negB], dense) => {
            const o = net.outputs(
              tf.reshape(x, [B, T, E]) as tf.Tensor3D,
              maskT,
              tensorsByName(net.params, dense),
              true,
            );
            const posLogit = tf.add(tf.sum(tf.mul(o, pos), 1), tf.reshape(posB, [B * T]));
            const negLogit = tf.add(
              tf.sum(tf.mul(tf.reshape(o, [B * T, 1, E]), tf.reshape(neg, [B * T, K, E])), 2),
              tf.reshape(negB, [B * T, K]),
            );
            const logits = tf.concat([tf.reshape(posLogit, [B * T, 1]), negLogit], 1);
            const labels = tf.concat([tf.ones([B * T, 1]), tf.zeros([B * T, K])], 1);
            const weights = tf.concat([tf.reshape(maskFlat, [B * T, 1]), negMask], 1);
            return bceWithLogits(logits, labels, weights);
          },
        });
        input.values.fill(0, pad * E); // the padding row stays zero
        tf.dispose([maskT, maskFlat, negMask]);
        batches++;
        await yielder.maybeYield();
      }
      hooks.onProgress?.({ epoch, totalEpochs: s.epochs, loss: lossSum / Math.max(1, batches) });
    }
    throwIfTrainingAborted(hooks.signal);
    const weights: ItemCfSeqWeights = {
      movieIds: data.movieIds,
      userKeys: data.userKeys,
      inputEmbeddings: input.values,
      outputEmbeddings: output.values,
      outputBias: outputBias.values,
      userVectors: new Float32Array(data.nUsers * E),
      neighbours,
      dense: net.params.export(),
      scale: data.scale,
    };
    const model = new ItemCfSeqModel(s, weights);
    for (let u0 = 0; u0 < data.nUsers; u0 += 512) {
      const chunk = histories.slice(u0, u0 + 512);
      weights.userVectors.set(model.nextEmbeddings(chunk), u0 * E);
    }
    return model;
  } finally {
    net.params.dispose();
    denseOptimizer.dispose();
  }
}

async function load(dir: string, settings: ItemCfSeqSettings): Promise<ItemCfSeqModel> {
  const { arrays: a, meta } = await loadWeights<{
    scale: { min: number; max: number };
    k: number;
    denseNames: string[];
  }>(dir, 'itemcf-seq');
  return new ItemCfSeqModel(settings, {
    movieIds: i32(a, 'movieIds'),
    userKeys: i32(a, 'userKeys'),
    inputEmbeddings: f32(a, 'inputEmbeddings'),
    outputEmbeddings: f32(a, 'outputEmbeddings'),
    outputBias: f32(a, 'outputBias'),
    userVectors: f32(a, 'userVectors'),
    neighbours: { k: meta.k, index: i32(a, 'neighbourIndex'), sim: f32(a, 'neighbourSim') },
    dense: loadDense(a, meta.denseNames),
    scale: meta.scale,
  });
}

export const itemCfSeq = defineModel({
  name: 'itemcf-seq',
  description: 'Item-CF cosine fused with an LSTM next-movie model at ratio α (Seq2Seq paper)',
  settings: itemCfSeqSettings,
  train,
  load,
});
