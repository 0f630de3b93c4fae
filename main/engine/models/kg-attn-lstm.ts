import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import path from 'node:path';
import * as tf from '../runtime/tf';
import { f32, i32, loadArrays, saveArrays } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import { causalMean } from '../nn/causal-mean';
import {
  additiveAttention,
  additiveAttentionWeightsFrom,
  createAdditiveAttention,
} from '../nn/additive-attention';
import { createLstm, lstmWeightsFrom, runLstm } from '../nn/lstm';
import { DenseParams } from '../nn/params';
import {
  defineModel,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
} from './model-definition';
import { Rng } from '../numeric/rng';
import { sparseTrainStep, type SparseLookup } from '../nn/sparse-step';
import { dense } from '../nn/tf-ops';
import { buildKnowledgeGraph } from './knowledge-graph';
import {
  historyTail,
  runningDeviation,
  sequenceTrainingData,
  type WindowBatch,
} from './sequence-data';
import { clippedSse, SequenceRatingModel, sequenceSettingsShape } from './sequence-model';
import { runSequenceLoop } from './sequence-training';
import { trainTransE } from './transe';

/**
 * Knowledge-graph attention LSTM (the IMDb paper). A graph of movies, genres, tags, decades and
 * people is embedded with TransE (pretrained, then kept fixed as features). A movie is its graph
 * embedding s_i next to a trainable collaborative embedding e_i. An LSTM reads the person's
 * chronological ratings ([s_j; e_j; r_j − μ]); additive attention with the candidate's graph
 * embedding as the query, α_t = softmax(vᵀ tanh(W_h h_t + W_s s + b)), pools its states; the
 * context, the last state and the candidate's embeddings are fused by a dense layer into the
 * rating (MSE + L2), on top of the global mean, a movie bias and the person's running level.
 * The attention weights are the "because you rated …" reasons (explain).
 */
export const kgAttnLstmSettings = z.object({
  ...sequenceSettingsShape({
    hidden: 64,
    learningRate: 0.003,
    batchSize: 64,
    maxLen: 20,
    // Early stopping decides: the validation MSE bottoms out after 2–6 epochs on MovieLens.
    epochs: 20,
    patience: 2,
    validationShare: 0.1,
    // Chosen by validation MSE on ml-latest-small (bench quality's l2-* runs).
    l2: 1e-2,
    deviationShrink: 5,
    initStd: 0.05,
    attention: true,
    lstm: true,
    rankingPopularityWeight: 0.3,
    personalBiasShrink: 10,
  }),
  graphDim: z.number().int().positive().default(32),
  itemDim: z.number().int().positive().default(32),
  attentionDim: z.number().int().positive().default(32),
  transeEpochs: z.number().int().nonnegative().default(20),
  transeMargin: z.number().positive().default(1),
  transeLearningRate: z.number().positive().default(0.01),
  minTagMovies: z.number().int().positive().default(2),
  /** Ablation: the candidate's graph embeddings (attention and LSTM switches are shared). */
  graph: z.boolean().default(true),
});
export type KgAttnLstmSettings = z.output<typeof kgAttnLstmSettings>;

/** Width of the LSTM state and of the item / user vectors. */
function unitsOf(s: KgAttnLstmSettings): number {
  return (s.graph ? s.graphDim : 0) + s.itemDim;
}

class KgNetwork {
  readonly params: DenseParams;
  readonly units: number;
  readonly queryDim: number;

  constructor(
    readonly s: KgAttnLstmSettings,
    /** nItems × graphDim, fixed TransE movie vectors. */
    readonly graphEmb: Float32Array,
    readonly item: EmbeddingTable,
    readonly itemBias: EmbeddingTable,
    readonly mean: number,
    rng: Rng,
  ) {
    this.params = new DenseParams(rng);
    this.units = unitsOf(s);
    this.queryDim = s.graph ? s.graphDim : s.itemDim;
    const p = this.params;
    const inDim = this.units + 1;
    if (s.lstm) createLstm(p, 'seq', inDim, this.units);
    else {
      p.add('step/w', [inDim, this.units]);
      p.add('step/b', [this.units], 'zeros');
    }
    if (s.attention) createAdditiveAttention(p, 'attn', this.units, this.queryDim, s.attentionDim);
    const fused = (s.attention ? 2 : 1) * this.units + this.units;
    p.add('fuse/w', [fused, s.hidden]);
    p.add('fuse/b', [s.hidden], 'zeros');
    p.add('out/w', [s.hidden, 1], { normal: 0.01 });
    p.add('out/b', [1], 'zeros');
    p.add('dev', [1], 'ones');
  }

  byName(denseTensors: readonly tf.Tensor[]): (n: string) => tf.Tensor {
    const map = new Map(this.params.names().map((n, k) => [n, denseTensors[k]]));
    return (n) => map.get(n)!;
  }

  /** [s_i; e_i] of items (N × units): graph part from the fixed table, e_i from `rows`. */
  itemRepr(ids: ArrayLike<number>, rows: tf.Tensor2D): tf.Tensor2D {
    if (!this.s.graph) return rows;
    return tf.concat([this.graphRows(ids), rows], 1);
  }

  graphRows(ids: ArrayLike<number>): tf.Tensor2D {
    const k = this.s.graphDim;
    const out = new Float32Array(ids.length * k);
    for (let r = 0; r < ids.length; r++)
      out.set(this.graphEmb.subarray(ids[r] * k, ids[r] * k + k), r * k);
    return tf.tensor2d(out, [ids.length, k]);
  }

  /** The attention query of candidates: their graph embedding (or e_i when graphs are off). */
  query(ids: ArrayLike<number>, rows: tf.Tensor2D): tf.Tensor2D {
    return this.s.graph ? this.graphRows(ids) : rows;
  }

  /** Step states B × T × U and the running summary after each step (B × T × U). */
  states(
    w: (n: string) => tf.Tensor,
    x: tf.Tensor3D,
    mask: tf.Tensor2D,
    maskValues: Float32Array,
  ): { states: tf.Tensor3D; summary: tf.Tensor3D } {
    if (this.s.lstm) {
      const seq = runLstm(lstmWeightsFrom(w, 'seq'), x, { mask, returnSequences: true }).sequence!;
      return { states: seq, summary: seq };
    }
    const [B, T, D] = x.shape;
    const steps = tf.reshape(
      dense(
        tf.reshape(x, [B * T, D]) as tf.Tensor2D,
        w('step/w') as tf.Tensor2D,
        w('step/b') as tf.Tensor1D,
        'tanh',
      ),
      [B, T, this.units],
    ) as tf.Tensor3D;
    const masked = tf.mul(steps, tf.expandDims(mask, 2)) as tf.Tensor3D;
    const summary = causalMean(masked, maskValues);
    return { states: masked, summary };
  }

  /** Rating of candidates from [context?; last state; candidate repr]: N predictions. */
  fuse(
    w: (n: string) => tf.Tensor,
    parts: tf.Tensor2D[],
    itemBias: tf.Tensor,
    levels: tf.Tensor,
  ): tf.Tensor1D {
    const z = dense(
      tf.concat(parts, 1),
      w('fuse/w') as tf.Tensor2D,
      w('fuse/b') as tf.Tensor1D,
      'relu',
    );
    const N = z.shape[0];
    const out = tf.reshape(dense(z, w('out/w') as tf.Tensor2D, w('out/b') as tf.Tensor1D), [N]);
    return tf.add(
      tf.add(out, tf.add(this.mean, tf.reshape(itemBias, [N]))),
      tf.mul(w('dev'), levels),
    ) as tf.Tensor1D;
  }

  /** Predictions of every target of a window batch (B·(T−1)). rows: [seq e, target e, target bias]. */
  batchPredictions(w: (n: string) => tf.Tensor, b: WindowBatch, rows: tf.Tensor2D[]): tf.Tensor1D {
    const B = b.size;
    const T = b.steps;
    const Q = T - 1;
    const U = this.units;
    const x = tf.reshape(
      tf.concat([this.itemRepr(b.items, rows[0]), tf.tensor2d(b.ratingDev, [B * T, 1])], 1),
      [B, T, U + 1],
    ) as tf.Tensor3D;
    const mask = tf.tensor2d(b.mask, [B, T]);
    const { states, summary } = this.states(w, x, mask, b.mask);
    const keys = tf.slice(states, [0, 0, 0], [B, Q, U]) as tf.Tensor3D;
    const last = tf.reshape(tf.slice(summary, [0, 0, 0], [B, Q, U]), [B * Q, U]) as tf.Tensor2D;
    const cand = this.itemRepr(b.targetItems, rows[1]);
    const parts: tf.Tensor2D[] = [];
    if (this.s.attention) {
      // Target q (step q+1) may attend to steps 0..q that are real.
      const m = new Float32Array(B * Q * Q);
      for (let bb = 0; bb < B; bb++)
        for (let q = 0; q < Q; q++) {
          let any = false;
          for (let k = 0; k <= q; k++) {
            if (!b.mask[bb * T + k]) continue;
            m[(bb * Q + q) * Q + k] = 1;
            any = true;
          }
          if (!any) m[(bb * Q + q) * Q + q] = 1;
        }
      const queries = tf.reshape(this.query(b.targetItems, rows[1]), [
        B,
        Q,
        this.queryDim,
      ]) as tf.Tensor3D;
      const { context } = additiveAttention(
        additiveAttentionWeightsFrom(w, 'attn'),
        keys,
        queries,
        tf.tensor3d(m, [B, Q, Q]),
      );
      parts.push(tf.reshape(context, [B * Q, U]) as tf.Tensor2D);
    }
    parts.push(last, cand);
    return this.fuse(w, parts, rows[2], tf.tensor1d(b.targetDev));
  }
}

interface KgExtra {
  mean: number;
  itemCount: Float32Array;
  graph: {
    entities: number;
    triples: number;
    counts: Record<string, number>;
    transeFirstLoss: number;
    transeFinalLoss: number;
  };
  training: Record<string, number>;
}

export class KgAttnLstmModel extends SequenceRatingModel<KgAttnLstmSettings> {
  readonly name = 'kg-attn-lstm';

  constructor(
    settings: KgAttnLstmSettings,
    private readonly net: KgNetwork,
    private readonly extra: KgExtra,
    itemVectors: Float32Array,
    userVectors: Float32Array,
    movieIds: Int32Array,
    userKeys: Int32Array,
    scale: { min: number; max: number },
  ) {
    super(settings, {
      movieIds,
      userKeys,
      scale,
      itemCount: extra.itemCount,
      dim: net.units,
      itemVectors,
      userVectors,
    });
  }

  get trainingReport(): Record<string, unknown> {
    return { ...this.extra.training, graph: this.extra.graph };
  }

  private w(): (n: string) => tf.Tensor {
    return this.net.byName(this.net.params.list());
  }

  foldIn(history: PersonHistory): PersonalState {
    const s = this.settings;
    const U = this.net.units;
    const tail = historyTail(history, s.maxLen, this.extra.mean);
    const L = tail.length;
    const level = runningDeviation(history.ratings, this.extra.mean, s.deviationShrink)[
      history.items.length
    ];
    const { states, last } = tf.tidy(() => {
      const T = s.maxLen;
      const w = this.w();
      const rows = tf.tensor2d(this.net.item.gatherRows(tail.items), [T, s.itemDim]);
      const x = tf.reshape(
        tf.concat([this.net.itemRepr(tail.items, rows), tf.tensor2d(tail.ratingDev, [T, 1])], 1),
        [1, T, U + 1],
      ) as tf.Tensor3D;
      const out = this.net.states(w, x, tf.tensor2d(tail.mask, [1, T]), tail.mask);
      const real =
        L > 0
          ? (tf.slice(out.states, [0, T - L, 0], [1, L, U]).dataSync() as Float32Array)
          : new Float32Array(0);
      const lastState = tf.slice(out.summary, [0, T - 1, 0], [1, 1, U]);
      return { states: real, last: lastState.dataSync() as Float32Array };
    });
    return {
      model: this.name,
      userVector: Float32Array.from(last),
      params: {
        states: Float32Array.from(states),
        level: Float32Array.of(level),
        bias: new Float32Array(1),
      },
      kind: 'folded-in',
    };
  }

  /** Predictions and, when asked, attention weights (N × L) for `items` (all when null). */
  private run(
    state: PersonalState,
    items: Int32Array | null,
    withWeights: boolean,
  ): { pred: Float32Array; weights: Float32Array | null } {
    const U = this.net.units;
    const ids = items ?? Int32Array.from({ length: this.movieIds.length }, (_, i) => i);
    const N = ids.length;
    const L = state.params.states.length / U;
    const level = state.params.level?.[0] ?? 0;
    let result: { pred: Float32Array; weights: Float32Array | null } = {
      pred: new Float32Array(0),
      weights: null,
    };
    tf.tidy(() => {
      const w = this.w();
      const rows = tf.tensor2d(this.net.item.gatherRows(ids), [N, this.settings.itemDim]);
      const cand = this.net.itemRepr(ids, rows);
      const last = tf.tile(tf.tensor2d(state.userVector, [1, U]), [N, 1]) as tf.Tensor2D;
      const parts: tf.Tensor2D[] = [];
      let weights: tf.Tensor | null = null;
      if (this.settings.attention) {
        if (L > 0) {
          const keys = tf.tensor3d(state.params.states, [1, L, U]);
          const queries = tf.reshape(this.net.query(ids, rows), [
            1,
            N,
            this.net.queryDim,
          ]) as tf.Tensor3D;
          const att = additiveAttention(additiveAttentionWeightsFrom(w, 'attn'), keys, queries);
          parts.push(tf.reshape(att.context, [N, U]) as tf.Tensor2D);
          weights = att.weights;
        } else parts.push(tf.zeros([N, U]));
      }
      parts.push(last, cand);
      const pred = this.net.fuse(
        w,
        parts,
        tf.tensor1d(this.net.itemBias.gatherRows(ids)),
        tf.fill([N], level),
      );
      result = {
        pred: Float32Array.from(pred.dataSync() as Float32Array),
        weights:
          withWeights && weights ? Float32Array.from(weights.dataSync() as Float32Array) : null,
      };
    });
    return result;
  }

  protected predictRaw(
    state: PersonalState,
    _history: PersonHistory,
    items: Int32Array | null,
  ): Float32Array {
    const n = items ? items.length : this.movieIds.length;
    if (n <= 4096) return this.run(state, items, false).pred;
    const all = items ?? Int32Array.from({ length: n }, (_, i) => i);
    const out = new Float32Array(n);
    for (let k = 0; k < n; k += 4096)
      out.set(this.run(state, all.subarray(k, k + 4096), false).pred, k);
    return out;
  }

  /**
   * The attention weights α over the last maxLen rated movies for `item` (older ones get 0),
   * signed by whether the person rated the movie above (+) or below (−) their own average:
   * |weights| sum to 1. Without attention (ablation) every window entry gets 1/L.
   */
  explain(state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const n = history.items.length;
    const out = new Float32Array(n);
    if (n === 0) return out;
    const U = this.net.units;
    const L = state.params.states.length / U;
    const alpha =
      this.run(state, Int32Array.of(item), true).weights ?? new Float32Array(L).fill(1 / L);
    let mean = 0;
    for (const r of history.ratings) mean += r;
    mean /= n;
    for (let k = 0; k < L; k++) {
      const j = n - L + k;
      out[j] = (history.ratings[j] >= mean ? 1 : -1) * alpha[k];
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    const arrays: Record<string, Float32Array | Int32Array> = {
      movieIds: this.movieIds,
      userKeys: this.userKeys,
      userVectors: this.datasetUserVectors,
      itemVectors: this.itemVectors,
      itemCount: this.extra.itemCount,
      graphEmb: this.net.graphEmb,
      'table.item': this.net.item.values,
      'table.itemBias': this.net.itemBias.values,
    };
    for (const [name, v] of Object.entries(this.net.params.export()))
      arrays[`dense.${name.replaceAll('/', '.')}`] = v;
    await saveArrays(dir, arrays);
    const meta = {
      mean: this.extra.mean,
      scale: this.scale,
      denseNames: this.net.params.names(),
      graph: this.extra.graph,
      training: this.extra.training,
    };
    await writeFile(path.join(dir, 'kg-attn-lstm.json'), JSON.stringify(meta) + '\n');
  }
}

async function train(
  data: EngineDataset,
  s: KgAttnLstmSettings,
  hooks: TrainHooks,
): Promise<KgAttnLstmModel> {
  const started = performance.now();
  const rng = new Rng(hooks.seed);
  const graph = buildKnowledgeGraph(data.movies, s.minTagMovies);
  const transe = s.graph
    ? await trainTransE(graph, {
        dim: s.graphDim,
        epochs: s.transeEpochs,
        batchSize: 512,
        learningRate: s.transeLearningRate,
        margin: s.transeMargin,
        seed: hooks.seed + 5,
        signal: hooks.signal,
      })
    : { entities: new Float32Array(0), relations: new Float32Array(0), firstLoss: 0, finalLoss: 0 };
  const transeSeconds = (performance.now() - started) / 1000;
  const graphEmb = s.graph
    ? transe.entities.slice(0, data.nItems * s.graphDim)
    : new Float32Array(0);
  const { histories, mean, src, windows, valStart } = sequenceTrainingData(data, s);
  const item = new EmbeddingTable(
    data.nItems,
    s.itemDim,
    rng.fillNormal(new Float32Array(data.nItems * s.itemDim), s.initStd),
  );
  const itemBias = new EmbeddingTable(data.nItems, 1);
  const net = new KgNetwork(s, graphEmb, item, itemBias, mean, rng);
  const sparse = new SparseAdam({ learningRate: s.learningRate });
  const optimizer = tf.train.adam(s.learningRate);
  const weightNames = new Set(net.params.names().filter((n) => /\/(w|wx|wh|ws|v)$/.test(n)));
  const lookupsOf = (b: WindowBatch): SparseLookup[] => [
    { table: item, ids: b.items },
    { table: item, ids: b.targetItems },
    { table: itemBias, ids: b.targetItems },
  ];
  const loop = await runSequenceLoop(
    {
      trainBatch(b) {
        const weight = tf.tensor1d(b.targetWeight);
        const target = tf.tensor1d(b.targetRatings);
        const total = b.targetWeight.reduce((a, x) => a + x, 0);
        const loss = sparseTrainStep({
          lookups: lookupsOf(b),
          dense: net.params.list(),
          denseOptimizer: optimizer,
          sparseOptimizer: sparse,
          loss: (rows, denseTensors) => {
            const w = net.byName(denseTensors);
            const pred = net.batchPredictions(w, b, rows);
            const mse = tf.div(tf.sum(tf.mul(weight, tf.square(tf.sub(pred, target)))), total);
            let l2: tf.Tensor = tf.scalar(0);
            net.params.names().forEach((n, k) => {
              if (weightNames.has(n)) l2 = tf.add(l2, tf.sum(tf.square(denseTensors[k])));
            });
            const rowL2 = tf.add(
              tf.mean(tf.sum(tf.square(rows[1]), 1)),
              tf.mean(tf.square(rows[2])),
            );
            return tf.add(mse, tf.mul(s.l2, tf.add(l2, tf.mul(100, rowL2)))) as tf.Scalar;
          },
        });
        tf.dispose([weight, target]);
        return loss;
      },
      validationSse(b) {
        const pred = tf.tidy(() => {
          const rows = lookupsOf(b).map(({ table, ids }) =>
            tf.tensor2d(table.gatherRows(ids), [ids.length, table.dim]),
          );
          return net
            .batchPredictions(net.byName(net.params.list()), b, rows)
            .dataSync() as Float32Array;
        });
        return clippedSse(pred, b.targetRatings, b.targetWeight, data.scale);
      },
      snapshot() {
        const denseValues = net.params.export();
        const values = [item.values.slice(), itemBias.values.slice()];
        return () => {
          net.params.import(denseValues);
          item.values.set(values[0]);
          itemBias.values.set(values[1]);
        };
      },
    },
    {
      src,
      windows,
      valStart,
      epochs: s.epochs,
      batchSize: s.batchSize,
      patience: s.patience,
      hooks,
    },
  );
  optimizer.dispose();
  const itemCount = new Float32Array(data.nItems);
  for (const i of data.ratings.item) itemCount[i]++;
  const U = unitsOf(s);
  const itemVectors = new Float32Array(data.nItems * U);
  for (let i = 0; i < data.nItems; i++) {
    if (s.graph) itemVectors.set(graphEmb.subarray(i * s.graphDim, (i + 1) * s.graphDim), i * U);
    itemVectors.set(
      item.values.subarray(i * s.itemDim, (i + 1) * s.itemDim),
      i * U + (s.graph ? s.graphDim : 0),
    );
  }
  const extra: KgExtra = {
    mean,
    itemCount,
    graph: {
      entities: graph.nEntities,
      triples: graph.head.length,
      counts: graph.counts,
      transeFirstLoss: transe.firstLoss,
      transeFinalLoss: transe.finalLoss,
    },
    training: {
      ...loop,
      bestValidationMse: loop.bestValidationMse ?? -1,
      windows: windows.length,
      transeSeconds,
      trainSeconds: 0,
    },
  };
  const model = new KgAttnLstmModel(
    s,
    net,
    extra,
    itemVectors,
    new Float32Array(data.nUsers * U),
    data.movieIds,
    data.userKeys,
    data.scale,
  );
  histories.forEach((h, u) => model.datasetUserVectors.set(model.foldIn(h).userVector, u * U));
  extra.training.trainSeconds = (performance.now() - started) / 1000;
  return model;
}

async function load(dir: string, s: KgAttnLstmSettings): Promise<KgAttnLstmModel> {
  const a = await loadArrays(dir);
  const meta = JSON.parse(await readFile(path.join(dir, 'kg-attn-lstm.json'), 'utf8')) as {
    mean: number;
    scale: { min: number; max: number };
    denseNames: string[];
    graph: KgExtra['graph'];
    training: Record<string, number>;
  };
  const movieIds = i32(a, 'movieIds');
  const item = new EmbeddingTable(movieIds.length, s.itemDim, f32(a, 'table.item'));
  const itemBias = new EmbeddingTable(movieIds.length, 1, f32(a, 'table.itemBias'));
  const net = new KgNetwork(s, f32(a, 'graphEmb'), item, itemBias, meta.mean, new Rng(0));
  const denseValues: Record<string, Float32Array> = {};
  for (const n of meta.denseNames) denseValues[n] = f32(a, `dense.${n.replaceAll('/', '.')}`);
  net.params.import(denseValues);
  const extra: KgExtra = {
    mean: meta.mean,
    itemCount: f32(a, 'itemCount'),
    graph: meta.graph,
    training: meta.training,
  };
  return new KgAttnLstmModel(
    s,
    net,
    extra,
    f32(a, 'itemVectors'),
    f32(a, 'userVectors'),
    movieIds,
    i32(a, 'userKeys'),
    meta.scale,
  );
}

export const kgAttnLstm = defineModel({
  name: 'kg-attn-lstm',
  description:
    'TransE knowledge-graph embeddings + LSTM over the ratings with additive attention (IMDb paper); attention explains',
  settings: kgAttnLstmSettings,
  fineTunes: true,
  train,
  load,
});
