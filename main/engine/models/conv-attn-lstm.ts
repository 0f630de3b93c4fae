import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import path from 'node:path';
import * as tf from '../runtime/tf';
import { f32, i32, loadArrays, saveArrays } from '../runtime/array-files';
import type { EngineDataset } from '../../core/engine-dataset';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import { buildGenreIndex } from './item-features';
import { causalMean } from '../nn/causal-mean';
import { createLstm, lstmWeightsFrom, runLstm } from '../nn/lstm';
import { DenseParams } from '../nn/params';
import { createSelfAttention, selfAttention, selfAttentionWeightsFrom } from '../nn/self-attention';
import {
  defineModel,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
} from './model-definition';
import { Rng } from '../numeric/rng';
import { sparseTrainStep, type SparseLookup } from '../nn/sparse-step';
import { dense } from '../nn/tf-ops';
import { demographicIds, demographicVocabulary, type DemographicIds } from './demographics';
import {
  historyKey,
  historyTail,
  runningDeviation,
  sequenceTrainingData,
  type WindowBatch,
} from './sequence-data';
import {
  clippedSse,
  dropoutMask,
  SequenceRatingModel,
  sequenceSettingsShape,
} from './sequence-model';
import { runSequenceLoop } from './sequence-training';

/**
 * Conv + self-attention + LSTM + residual (the MovieLens-1M paper). Per (person, candidate movie):
 * fields [LSTM state over the person's chronological ratings → D, movie id embedding, genres
 * multi-hot through a 1-D convolution + max-pool → D, age / gender / occupation embeddings when
 * the release has demographics] form an F × D map; a convolution over neighbouring fields
 * (kernel 3, C filters) models their interactions, self-attention re-weights the fields, a dense
 * layer and a residual block follow, and the output is the rating (MSE) on top of the global
 * mean, a movie bias and the person's running rating level. Embedding tables train with the
 * engine's sparse Adam; everything dense lives on the tfjs backend.
 */
export const convAttnLstmSettings = z.object({
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
    l2: 1e-4,
    deviationShrink: 5,
    attention: true,
    lstm: true,
    initStd: 0.05,
    rankingPopularityWeight: 0.3,
    personalBiasShrink: 10,
  }),
  dim: z.number().int().positive().default(32),
  filters: z.number().int().positive().default(32),
  lstmUnits: z.number().int().positive().default(32),
  genreFilters: z.number().int().positive().default(16),
  genreKernel: z.number().int().positive().default(3),
  dropout: z.number().min(0).lt(1).default(0.2),
  /** Share of training windows whose demographics are replaced by "unknown" (new people have none). */
  demographicDropout: z.number().min(0).max(1).default(0.2),
  residual: z.boolean().default(true),
});
export type ConvAttnLstmSettings = z.output<typeof convAttnLstmSettings>;

/** The paper's settings (embedding 64, filters 64, LSTM 64, dropout 0.2, lr 1e-4, batch 64). */
export const convAttnLstmPaperSettings: Partial<ConvAttnLstmSettings> = {
  dim: 64,
  filters: 64,
  lstmUnits: 64,
  hidden: 64,
  dropout: 0.2,
  learningRate: 1e-4,
  batchSize: 64,
  patience: 10,
};

interface Tables {
  item: EmbeddingTable;
  itemBias: EmbeddingTable;
  age?: EmbeddingTable;
  gender?: EmbeddingTable;
  occupation?: EmbeddingTable;
}

/** The genre multi-hot of every item unfolded for the convolution: nItems × P × kernel. */
function genreColumns(
  starts: Int32Array,
  ids: Int32Array,
  nGenres: number,
  kernel: number,
): { cols: Float32Array; positions: number } {
  const nItems = starts.length - 1;
  const k = Math.min(kernel, Math.max(1, nGenres));
  const positions = Math.max(1, nGenres - k + 1);
  const cols = new Float32Array(nItems * positions * k);
  const hot = new Float32Array(Math.max(nGenres, k));
  for (let i = 0; i < nItems; i++) {
    hot.fill(0);
    for (let j = starts[i]; j < starts[i + 1]; j++) hot[ids[j]] = 1;
    for (let p = 0; p < positions; p++)
      for (let c = 0; c < k; c++) cols[(i * positions + p) * k + c] = hot[p + c];
  }
  return { cols, positions };
}

class Network {
  readonly params: DenseParams;
  readonly nFields: number;
  readonly kernel: number;

  constructor(
    readonly s: ConvAttnLstmSettings,
    readonly tables: Tables,
    readonly genre: { cols: Float32Array; positions: number; kernel: number },
    readonly mean: number,
    rng: Rng,
  ) {
    this.params = new DenseParams(rng);
    this.kernel = genre.kernel;
    this.nFields = 3 + (tables.age ? 3 : 0);
    const p = this.params;
    const D = s.dim;
    if (s.lstm) createLstm(p, 'seq', D + 1, s.lstmUnits);
    p.add('user/w', [s.lstm ? s.lstmUnits : D + 1, D]);
    p.add('user/b', [D], 'zeros');
    p.add('genre/w', [this.kernel, s.genreFilters]);
    p.add('genre/b', [s.genreFilters], 'zeros');
    p.add('genreOut/w', [s.genreFilters, D]);
    p.add('genreOut/b', [D], 'zeros');
    p.add('conv/w', [3 * D, s.filters]);
    p.add('conv/b', [s.filters], 'zeros');
    if (s.attention) createSelfAttention(p, 'sa', s.filters, s.filters);
    p.add('hidden/w', [this.nFields * s.filters, s.hidden]);
    p.add('hidden/b', [s.hidden], 'zeros');
    p.add('res1/w', [s.hidden, s.hidden]);
    p.add('res1/b', [s.hidden], 'zeros');
    p.add('res2/w', [s.hidden, s.hidden]);
    p.add('res2/b', [s.hidden], 'zeros');
    p.add('out/w', [s.hidden, 1], { normal: 0.01 });
    p.add('out/b', [1], 'zeros');
    p.add('dev', [1], 'ones');
  }

  /** Sequence states: B·T × (lstmUnits | D+1); pooled = causal mean of the inputs when the LSTM is off. */
  sequenceStates(
    w: (n: string) => tf.Tensor,
    seqEmb: tf.Tensor2D,
    ratingDev: Float32Array,
    mask: Float32Array,
    B: number,
    T: number,
  ): tf.Tensor3D {
    const D = this.s.dim;
    const x = tf.reshape(tf.concat([seqEmb, tf.tensor2d(ratingDev, [B * T, 1])], 1), [
      B,
      T,
      D + 1,
    ]) as tf.Tensor3D;
    const m = tf.tensor2d(mask, [B, T]);
    if (this.s.lstm)
      return runLstm(lstmWeightsFrom(w, 'seq'), x, { mask: m, returnSequences: true }).sequence!;
    return causalMean(tf.mul(x, tf.expandDims(m, 2)) as tf.Tensor3D, mask);
  }

  userField(w: (n: string) => tf.Tensor, states: tf.Tensor2D): tf.Tensor2D {
    return dense(states, w('user/w') as tf.Tensor2D, w('user/b') as tf.Tensor1D, 'tanh');
  }

  /** Genre field of items: conv over the multi-hot, max-pool, dense → N × D. */
  genreField(w: (n: string) => tf.Tensor, items: ArrayLike<number>): tf.Tensor2D {
    const { cols, positions, kernel } = this.genre;
    const n = items.length;
    const x = new Float32Array(n * positions * kernel);
    const rowSize = positions * kernel;
    for (let r = 0; r < n; r++)
      x.set(cols.subarray(items[r] * rowSize, items[r] * rowSize + rowSize), r * rowSize);
    const conv = dense(
      tf.tensor2d(x, [n * positions, kernel]),
      w('genre/w') as tf.Tensor2D,
      w('genre/b') as tf.Tensor1D,
      'relu',
    );
    const pooled = tf.max(tf.reshape(conv, [n, positions, this.s.genreFilters]), 1) as tf.Tensor2D;
    return dense(pooled, w('genreOut/w') as tf.Tensor2D, w('genreOut/b') as tf.Tensor1D, 'tanh');
  }

  /**
   * fields: N × F × D; base: N (mean + movie bias + dev·level, without the learned dev weight:
   * levels is N and multiplied here). Returns N predictions.
   */
  head(
    w: (n: string) => tf.Tensor,
    fields: tf.Tensor3D,
    itemBias: tf.Tensor,
    levels: tf.Tensor,
    drop: Rng | null,
  ): tf.Tensor1D {
    const s = this.s;
    const [N, F, D] = fields.shape;
    const padded = tf.pad(fields, [
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    const windows = tf.concat(
      [tf.slice(padded, [0, 0, 0], [N, F, D]), fields, tf.slice(padded, [0, 2, 0], [N, F, D])],
      2,
    );
    let x = tf.reshape(
      dense(
        tf.reshape(windows, [N * F, 3 * D]) as tf.Tensor2D,
        w('conv/w') as tf.Tensor2D,
        w('conv/b') as tf.Tensor1D,
        'relu',
      ),
      [N, F, s.filters],
    ) as tf.Tensor3D;
    if (s.attention) x = selfAttention(selfAttentionWeightsFrom(w, 'sa'), x).output;
    const dropout = (t: tf.Tensor2D) =>
      drop && s.dropout > 0
        ? (tf.mul(
            t,
            tf.tensor2d(
              dropoutMask(t.size, s.dropout, () => drop.next()),
              t.shape,
            ),
          ) as tf.Tensor2D)
        : t;
    const h = dropout(
      dense(
        tf.reshape(x, [N, F * s.filters]) as tf.Tensor2D,
        w('hidden/w') as tf.Tensor2D,
        w('hidden/b') as tf.Tensor1D,
        'relu',
      ),
    );
    const r = dense(
      dense(h, w('res1/w') as tf.Tensor2D, w('res1/b') as tf.Tensor1D, 'relu'),
      w('res2/w') as tf.Tensor2D,
      w('res2/b') as tf.Tensor1D,
    );
    const y = dropout(tf.relu(s.residual ? tf.add(h, r) : r) as tf.Tensor2D);
    const out = tf.reshape(dense(y, w('out/w') as tf.Tensor2D, w('out/b') as tf.Tensor1D), [N]);
    return tf.add(
      tf.add(out, tf.add(this.mean, tf.reshape(itemBias, [N]))),
      tf.mul(w('dev'), levels),
    ) as tf.Tensor1D;
  }

  byName(dense: readonly tf.Tensor[]): (n: string) => tf.Tensor {
    const names = this.params.names();
    const map = new Map(names.map((n, k) => [n, dense[k]]));
    return (n) => {
      const t = map.get(n);
      if (!t) throw new Error(`no tensor ${n}`);
      return t;
    };
  }
}

/** Demographic rows of a batch's windows (per window), with "unknown" for dropped ones. */
function demographicLookups(
  tables: Tables,
  demo: DemographicIds,
  users: Int32Array,
  dropRate: number,
  rng: Rng | null,
): SparseLookup[] {
  if (!tables.age || !tables.gender || !tables.occupation) return [];
  const age = new Int32Array(users.length);
  const gender = new Int32Array(users.length);
  const occ = new Int32Array(users.length);
  users.forEach((u, k) => {
    const drop = rng !== null && rng.next() < dropRate;
    age[k] = drop ? 0 : demo.age[u];
    gender[k] = drop ? 0 : demo.gender[u];
    occ[k] = drop ? 0 : demo.occupation[u];
  });
  return [
    { table: tables.age, ids: age },
    { table: tables.gender, ids: gender },
    { table: tables.occupation, ids: occ },
  ];
}

/** Fields of every target row of a window batch: N × F × D, N = B·(T−1). */
function batchFields(
  net: Network,
  w: (n: string) => tf.Tensor,
  b: WindowBatch,
  rows: tf.Tensor2D[],
): tf.Tensor3D {
  const B = b.size;
  const T = b.steps;
  const N = B * (T - 1);
  const D = net.s.dim;
  const [seqEmb, candEmb] = rows;
  const states = net.sequenceStates(w, seqEmb, b.ratingDev, b.mask, B, T);
  const prev = tf.reshape(tf.slice(states, [0, 0, 0], [B, T - 1, states.shape[2]]), [
    N,
    states.shape[2],
  ]) as tf.Tensor2D;
  const fields: tf.Tensor2D[] = [net.userField(w, prev), candEmb, net.genreField(w, b.targetItems)];
  for (const demo of rows.slice(3)) {
    fields.push(tf.reshape(tf.tile(tf.expandDims(demo, 1), [1, T - 1, 1]), [N, D]) as tf.Tensor2D);
  }
  return tf.stack(fields, 1) as tf.Tensor3D;
}

interface Extra {
  mean: number;
  genres: string[];
  itemGenreStart: Int32Array;
  itemGenreIds: Int32Array;
  demographics: DemographicIds | null;
  vocab: { occupations: string[] } | null;
  historyKeys: string[];
  itemCount: Float32Array;
  training: Record<string, number>;
}

export class ConvAttnLstmModel extends SequenceRatingModel<ConvAttnLstmSettings> {
  readonly name = 'conv-attn-lstm';
  private readonly userByHistory: Map<string, number>;
  private itemFieldCache: tf.Tensor3D | null = null;
  private readonly looCache = new WeakMap<
    PersonHistory,
    { from: number; users: Float32Array; levels: Float32Array }
  >();

  constructor(
    settings: ConvAttnLstmSettings,
    private readonly net: Network,
    private readonly extra: Extra,
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
      dim: settings.dim,
      itemVectors: net.tables.item.values,
      userVectors,
    });
    this.userByHistory = new Map(extra.historyKeys.map((k, u) => [k, u]));
  }

  get trainingReport(): Record<string, number> {
    return this.extra.training;
  }

  private w(): (n: string) => tf.Tensor {
    return this.net.byName(this.net.params.list());
  }

  /** Movie and genre fields of every item (depend on shared weights only): nItems × 2 × D. */
  private itemFields(): tf.Tensor3D {
    if (!this.itemFieldCache) {
      const nItems = this.movieIds.length;
      this.itemFieldCache = tf.keep(
        tf.tidy(() => {
          const all = Int32Array.from({ length: nItems }, (_, i) => i);
          const w = this.w();
          const emb = tf.tensor2d(this.net.tables.item.values, [nItems, this.settings.dim]);
          return tf.stack([emb, this.net.genreField(w, all)], 1) as tf.Tensor3D;
        }),
      );
    }
    return this.itemFieldCache;
  }

  /** The person's fields that do not depend on the candidate: [user, age, gender, occupation]. */
  private personFields(history: PersonHistory): { user: Float32Array; demo: Float32Array[] } {
    const s = this.settings;
    const net = this.net;
    const tail = historyTail(history, s.maxLen, this.extra.mean);
    const user = tf.tidy(() => {
      const w = this.w();
      const seqEmb = tf.tensor2d(net.tables.item.gatherRows(tail.items), [s.maxLen, s.dim]);
      const states = net.sequenceStates(w, seqEmb, tail.ratingDev, tail.mask, 1, s.maxLen);
      const last = tf.reshape(tf.slice(states, [0, s.maxLen - 1, 0], [1, 1, states.shape[2]]), [
        1,
        states.shape[2],
      ]) as tf.Tensor2D;
      return net.userField(w, last).dataSync() as Float32Array;
    });
    const demo: Float32Array[] = [];
    if (net.tables.age && net.tables.gender && net.tables.occupation) {
      const u = history.items.length ? this.userByHistory.get(historyKey(history)) : undefined;
      const d = this.extra.demographics;
      const ids = u !== undefined && d ? [d.age[u], d.gender[u], d.occupation[u]] : [0, 0, 0];
      [net.tables.age, net.tables.gender, net.tables.occupation].forEach((t, k) =>
        demo.push(t.gatherRows([ids[k]])),
      );
    }
    return { user: Float32Array.from(user), demo };
  }

  foldIn(history: PersonHistory): PersonalState {
    const { user, demo } = this.personFields(history);
    const level = runningDeviation(history.ratings, this.extra.mean, this.settings.deviationShrink)[
      history.items.length
    ];
    const params: Record<string, Float32Array> = {
      level: Float32Array.of(level),
      bias: new Float32Array(1),
    };
    demo.forEach((d, k) => (params[`demo${k}`] = d));
    return { model: this.name, userVector: user, params, kind: 'folded-in' };
  }

  protected predictRaw(
    state: PersonalState,
    _history: PersonHistory,
    items: Int32Array | null,
  ): Float32Array {
    const s = this.settings;
    const nItems = this.movieIds.length;
    const level = state.params.level?.[0] ?? 0;
    return tf
      .tidy(() => {
        const w = this.w();
        const cache = this.itemFields();
        const itemPart = items ? tf.gather(cache, items) : cache;
        const bias = items
          ? this.net.tables.itemBias.gatherRows(items)
          : this.net.tables.itemBias.values;
        const N = items ? items.length : nItems;
        const perPerson = [
          state.userVector,
          ...Object.keys(state.params)
            .filter((k) => k.startsWith('demo'))
            .sort()
            .map((k) => state.params[k]),
        ];
        const personRows = perPerson.map((v) => tf.tile(tf.tensor2d(v, [1, s.dim]), [N, 1]));
        const [movie, genre] = tf.unstack(itemPart, 1);
        const fields = tf.stack(
          [personRows[0], movie, genre, ...personRows.slice(1)],
          1,
        ) as tf.Tensor3D;
        const pred = this.net.head(w, fields, tf.tensor1d(bias), tf.fill([N], level), null);
        return pred.dataSync() as Float32Array;
      })
      .slice();
  }

  /**
   * The person's user field with each of their last maxLen ratings left out (one LSTM batch,
   * cached per history: a list explains many items for one person).
   */
  private leaveOneOut(history: PersonHistory): {
    from: number;
    users: Float32Array;
    levels: Float32Array;
  } {
    const cached = this.looCache.get(history);
    if (cached) return cached;
    const s = this.settings;
    const n = history.items.length;
    const T = s.maxLen;
    const B = Math.min(n, T);
    const from = n - B;
    const mean = this.extra.mean;
    let total = 0;
    for (const r of history.ratings) total += r - mean;
    const items = new Int32Array(B * T);
    const dev = new Float32Array(B * T);
    const mask = new Float32Array(B * T);
    const levels = new Float32Array(B);
    for (let k = 0; k < B; k++) {
      const skip = from + k;
      const kept: number[] = [];
      for (let j = n - 1; j >= 0 && kept.length < T; j--) if (j !== skip) kept.push(j);
      kept.reverse();
      const pad = T - kept.length;
      kept.forEach((j, t) => {
        items[k * T + pad + t] = history.items[j];
        dev[k * T + pad + t] = history.ratings[j] - mean;
        mask[k * T + pad + t] = 1;
      });
      levels[k] = (total - (history.ratings[skip] - mean)) / (n - 1 + s.deviationShrink);
    }
    const users = tf.tidy(() => {
      const w = this.w();
      const seqEmb = tf.tensor2d(this.net.tables.item.gatherRows(items), [B * T, s.dim]);
      const states = this.net.sequenceStates(w, seqEmb, dev, mask, B, T);
      const width = states.shape[2];
      const last = tf.reshape(tf.slice(states, [0, T - 1, 0], [B, 1, width]), [
        B,
        width,
      ]) as tf.Tensor2D;
      return this.net.userField(w, last).dataSync() as Float32Array;
    });
    const result = { from, users: Float32Array.from(users), levels };
    this.looCache.set(history, result);
    return result;
  }

  /**
   * Leave-one-out influence: how much the candidate's predicted rating drops when each rated
   * movie is taken out of the history (the network is not linear, so this is measured). Only
   * the last maxLen ratings enter the LSTM; older ones get 0.
   */
  explain(state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const n = history.items.length;
    const out = new Float32Array(n);
    if (n === 0) return out;
    const s = this.settings;
    const base = this.predictRaw(state, history, Int32Array.of(item))[0];
    const { from, users, levels } = this.leaveOneOut(history);
    const B = levels.length;
    const preds = tf.tidy(() => {
      const w = this.w();
      const [movie, genre] = tf.unstack(tf.gather(this.itemFields(), Int32Array.of(item)), 1);
      const demo = Object.keys(state.params)
        .filter((k) => k.startsWith('demo'))
        .sort()
        .map((k) => tf.tile(tf.tensor2d(state.params[k], [1, s.dim]), [B, 1]));
      const fields = tf.stack(
        [tf.tensor2d(users, [B, s.dim]), tf.tile(movie, [B, 1]), tf.tile(genre, [B, 1]), ...demo],
        1,
      ) as tf.Tensor3D;
      const bias = tf.fill([B], this.net.tables.itemBias.values[item]);
      return this.net.head(w, fields, bias, tf.tensor1d(levels), null).dataSync() as Float32Array;
    });
    for (let k = 0; k < B; k++) out[from + k] = base - preds[k];
    return out;
  }

  async save(dir: string): Promise<void> {
    const t = this.net.tables;
    const arrays: Record<string, Float32Array | Int32Array> = {
      movieIds: this.movieIds,
      userKeys: this.userKeys,
      userVectors: this.datasetUserVectors,
      itemCount: this.extra.itemCount,
      itemGenreStart: this.extra.itemGenreStart,
      itemGenreIds: this.extra.itemGenreIds,
      'table.item': t.item.values,
      'table.itemBias': t.itemBias.values,
    };
    if (t.age && t.gender && t.occupation) {
      arrays['table.age'] = t.age.values;
      arrays['table.gender'] = t.gender.values;
      arrays['table.occupation'] = t.occupation.values;
    }
    const d = this.extra.demographics;
    if (d)
      Object.assign(arrays, {
        'demo.age': d.age,
        'demo.gender': d.gender,
        'demo.occupation': d.occupation,
      });
    for (const [name, v] of Object.entries(this.net.params.export()))
      arrays[`dense.${name.replaceAll('/', '.')}`] = v;
    await saveArrays(dir, arrays);
    const meta = {
      mean: this.extra.mean,
      genres: this.extra.genres,
      vocab: this.extra.vocab,
      historyKeys: this.extra.historyKeys,
      scale: this.scale,
      denseNames: this.net.params.names(),
      training: this.extra.training,
    };
    await writeFile(path.join(dir, 'conv-attn-lstm.json'), JSON.stringify(meta) + '\n');
  }
}

function makeTables(
  s: ConvAttnLstmSettings,
  nItems: number,
  vocab: { occupations: string[] } | null,
  rng: Rng,
): Tables {
  const D = s.dim;
  const init = (rows: number) => rng.fillNormal(new Float32Array(rows * D), s.initStd);
  const tables: Tables = {
    item: new EmbeddingTable(nItems, D, init(nItems)),
    itemBias: new EmbeddingTable(nItems, 1),
  };
  if (vocab) {
    tables.age = new EmbeddingTable(8, D, init(8));
    tables.gender = new EmbeddingTable(3, D, init(3));
    tables.occupation = new EmbeddingTable(
      vocab.occupations.length + 1,
      D,
      init(vocab.occupations.length + 1),
    );
  }
  return tables;
}

async function train(
  data: EngineDataset,
  s: ConvAttnLstmSettings,
  hooks: TrainHooks,
): Promise<ConvAttnLstmModel> {
  const started = performance.now();
  const rng = new Rng(hooks.seed);
  const { histories, mean, src, windows, valStart } = sequenceTrainingData(data, s);
  const vocab = data.demographics ? demographicVocabulary(data.demographics) : null;
  const demographics = data.demographics && vocab ? demographicIds(data.demographics, vocab) : null;
  const genreIndex = buildGenreIndex(data.movies);
  const kernel = Math.min(s.genreKernel, Math.max(1, genreIndex.genres.length));
  const genre = {
    ...genreColumns(genreIndex.start, genreIndex.ids, genreIndex.genres.length, kernel),
    kernel,
  };
  const tables = makeTables(s, data.nItems, vocab, rng);
  const net = new Network(s, tables, genre, mean, rng);
  const sparse = new SparseAdam({ learningRate: s.learningRate });
  const optimizer = tf.train.adam(s.learningRate);
  const allTables = Object.values(tables) as EmbeddingTable[];
  const weightNames = new Set(
    net.params
      .names()
      .filter(
        (n) => n.endsWith('/w') || n.endsWith('/wx') || n.endsWith('/wh') || /\/w[qkv]$/.test(n),
      ),
  );
  const lookupsOf = (b: WindowBatch, r: Rng | null): SparseLookup[] => [
    { table: tables.item, ids: b.items },
    { table: tables.item, ids: b.targetItems },
    { table: tables.itemBias, ids: b.targetItems },
    ...(demographics
      ? demographicLookups(tables, demographics, b.users, s.demographicDropout, r)
      : []),
  ];
  const loop = await runSequenceLoop(
    {
      trainBatch(b, r) {
        const weight = tf.tensor1d(b.targetWeight);
        const target = tf.tensor1d(b.targetRatings);
        const levels = tf.tensor1d(b.targetDev);
        const total = b.targetWeight.reduce((a, x) => a + x, 0);
        const loss = sparseTrainStep({
          lookups: lookupsOf(b, r),
          dense: net.params.list(),
          denseOptimizer: optimizer,
          sparseOptimizer: sparse,
          loss: (rows, denseTensors) => {
            const w = net.byName(denseTensors);
            const fields = batchFields(net, w, b, rows);
            const pred = net.head(w, fields, rows[2], levels, r);
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
        tf.dispose([weight, target, levels]);
        return loss;
      },
      validationSse(b) {
        const pred = tf.tidy(() => {
          const rows = lookupsOf(b, null).map(({ table, ids }) =>
            tf.tensor2d(table.gatherRows(ids), [ids.length, table.dim]),
          );
          const w = net.byName(net.params.list());
          return net
            .head(w, batchFields(net, w, b, rows), rows[2], tf.tensor1d(b.targetDev), null)
            .dataSync() as Float32Array;
        });
        return clippedSse(pred, b.targetRatings, b.targetWeight, data.scale);
      },
      snapshot() {
        const dense = net.params.export();
        const values = allTables.map((t) => t.values.slice());
        return () => {
          net.params.import(dense);
          allTables.forEach((t, k) => t.values.set(values[k]));
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
  const extra: Extra = {
    mean,
    genres: genreIndex.genres,
    itemGenreStart: genreIndex.start,
    itemGenreIds: genreIndex.ids,
    demographics,
    vocab,
    historyKeys: histories.map(historyKey),
    itemCount,
    training: {
      ...loop,
      bestValidationMse: loop.bestValidationMse ?? -1,
      windows: windows.length,
      trainSeconds: 0,
    },
  };
  const model = new ConvAttnLstmModel(
    s,
    net,
    extra,
    new Float32Array(data.nUsers * s.dim),
    data.movieIds,
    data.userKeys,
    data.scale,
  );
  histories.forEach((h, u) => model.datasetUserVectors.set(model.foldIn(h).userVector, u * s.dim));
  extra.training.trainSeconds = (performance.now() - started) / 1000;
  return model;
}

async function load(dir: string, s: ConvAttnLstmSettings): Promise<ConvAttnLstmModel> {
  const a = await loadArrays(dir);
  const meta = JSON.parse(await readFile(path.join(dir, 'conv-attn-lstm.json'), 'utf8')) as {
    mean: number;
    genres: string[];
    vocab: { occupations: string[] } | null;
    historyKeys: string[];
    scale: { min: number; max: number };
    denseNames: string[];
    training: Record<string, number>;
  };
  const movieIds = i32(a, 'movieIds');
  const rng = new Rng(0);
  const tables = makeTables(s, movieIds.length, meta.vocab, rng);
  tables.item.values.set(f32(a, 'table.item'));
  tables.itemBias.values.set(f32(a, 'table.itemBias'));
  if (tables.age && tables.gender && tables.occupation) {
    tables.age.values.set(f32(a, 'table.age'));
    tables.gender.values.set(f32(a, 'table.gender'));
    tables.occupation.values.set(f32(a, 'table.occupation'));
  }
  const itemGenreStart = i32(a, 'itemGenreStart');
  const itemGenreIds = i32(a, 'itemGenreIds');
  const kernel = Math.min(s.genreKernel, Math.max(1, meta.genres.length));
  const genre = {
    ...genreColumns(itemGenreStart, itemGenreIds, meta.genres.length, kernel),
    kernel,
  };
  const net = new Network(s, tables, genre, meta.mean, rng);
  const dense: Record<string, Float32Array> = {};
  for (const n of meta.denseNames) dense[n] = f32(a, `dense.${n.replaceAll('/', '.')}`);
  net.params.import(dense);
  const demographics = meta.vocab
    ? {
        age: i32(a, 'demo.age'),
        gender: i32(a, 'demo.gender'),
        occupation: i32(a, 'demo.occupation'),
      }
    : null;
  const extra: Extra = {
    mean: meta.mean,
    genres: meta.genres,
    itemGenreStart,
    itemGenreIds,
    demographics,
    vocab: meta.vocab,
    historyKeys: meta.historyKeys,
    itemCount: f32(a, 'itemCount'),
    training: meta.training,
  };
  return new ConvAttnLstmModel(
    s,
    net,
    extra,
    f32(a, 'userVectors'),
    movieIds,
    i32(a, 'userKeys'),
    meta.scale,
  );
}

export const convAttnLstm = defineModel({
  name: 'conv-attn-lstm',
  description:
    'Conv feature interaction + self-attention + LSTM over the viewing sequence + residual block (MovieLens-1M paper)',
  settings: convAttnLstmSettings,
  fineTunes: true,
  train,
  load,
});
