import { z } from 'zod';
import { f32, i32 } from '../runtime/array-files';
import {
  ratingRows,
  type EngineDataset,
  type RatingTriples,
  type UserDemographics,
} from '../../core/engine-dataset';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import { titleWords } from './item-features';
import { createMlp, parseSizes, runMlp, tensorsByName, type MlpSpec } from '../nn/mlp';
import { padRows, raggedFromLists, type RaggedIds } from '../nn/padded-ids';
import { DenseParams } from '../nn/params';
import { createTextCnn, runTextCnn, textCnnWidth, type TextCnnSpec } from '../nn/text-cnn';
import {
  defineModel,
  throwIfTrainingAborted,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { RidgeFoldIn } from '../numeric/ridge-fold-in';
import { Rng } from '../numeric/rng';
import { loadWeights, saveWeights } from '../runtime/saved-weights';
import { sparseTrainStep, type SparseLookup } from '../nn/sparse-step';
import * as tf from '../runtime/tf';
import { Yielder } from '../runtime/yield';
import { movieLensAgeBounds } from './demographics';
import { VectorModel } from './vector-model';

/**
 * Feature CNN (the title text-CNN paper): a user tower — user id, gender, age and occupation
 * embeddings (demographics only when the release has them) → dense tanh — and a movie tower —
 * movie id embedding, summed genre embeddings and a text CNN over the title's token embeddings
 * (windows 2, 3, 4; max-pool over time) → dense tanh. The rating is μ + b_u + b_i + u·m, trained
 * with MSE. The two towers' outputs are the user and movie vectors of the three lists.
 *
 * Every embedding (ids, demographics, genres, title tokens) is an EmbeddingTable updated by the
 * sparse step from the gradient of its gathered rows; the towers and the CNN are backend
 * variables. Since the rating is linear in the person's vector and bias, a new person is folded
 * in exactly by ridge regression on the movie vectors. That is also the optimum of a fine-tune
 * of the person's vector and bias (squared error + the same L2), so the model has no fineTune.
 */
export const featureCnnSettings = z.object({
  idDim: z.number().int().positive().default(32),
  demographicDim: z.number().int().positive().default(8),
  genreDim: z.number().int().positive().default(16),
  tokenDim: z.number().int().positive().default(16),
  /** Window sizes of the title CNN, e.g. "2,3,4". */
  windows: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .default('2,3,4'),
  filters: z.number().int().positive().default(8),
  titleLength: z.number().int().positive().default(8),
  tokenMinCount: z.number().int().positive().default(2),
  vectorDim: z.number().int().positive().default(32),
  titleCnn: z.boolean().default(true),
  demographics: z.boolean().default(true),
  epochs: z.number().int().positive().default(12),
  batchSize: z.number().int().positive().default(512),
  learningRate: z.number().positive().default(0.003),
  /** L2 per example on the gathered id rows and biases. */
  l2: z.number().nonnegative().default(0.02),
  initStd: z.number().nonnegative().default(0.05),
  /** Early stopping on hooks.validation. */
  patience: z.number().int().positive().default(1),
  /**
   * Without hooks.validation: the share of the training ratings held out (seeded) for early
   * stopping. 0 trains on everything for `epochs` epochs.
   */
  validationShare: z.number().min(0).lt(1).default(0.05),
  foldInLambda: z.number().nonnegative().default(5),
  foldInBiasLambda: z.number().nonnegative().default(2),
  /** Ranking only: + weight · ln(1 + training ratings of the movie) (0 ranks by predicted rating). */
  rankingPopularityWeight: z.number().default(1),
});
export type FeatureCnnSettings = z.output<typeof featureCnnSettings>;

/**
 * An age's embedding row in feature-cnn's own coding: 0..6 the buckets, 7 unknown (the last row;
 * demographics.ts's ageIdUnknownZero codes unknown as 0). Kept apart because the saved weights
 * and recorded figures of feature-cnn depend on these row indices.
 */
function ageRowUnknownLast(age: number | null): number {
  if (age === null) return movieLensAgeBounds.length + 1;
  let b = 0;
  while (b < movieLensAgeBounds.length && age >= movieLensAgeBounds[b]) b++;
  return b;
}

/** Per user: gender, age bucket and occupation rows, unknown last (demographics.ts: unknown 0). */
function demographicRowsUnknownLast(demo: readonly UserDemographics[]): {
  gender: Int32Array;
  age: Int32Array;
  occupation: Int32Array;
  nOccupations: number;
} {
  const occupations = [
    ...new Set(demo.map((d) => d.occupation).filter((o): o is string => !!o)),
  ].sort();
  const occ = new Map(occupations.map((o, k) => [o, k]));
  return {
    gender: Int32Array.from(demo, (d) => (d.gender === 'M' ? 0 : d.gender === 'F' ? 1 : 2)),
    age: Int32Array.from(demo, (d) => ageRowUnknownLast(d.age)),
    occupation: Int32Array.from(demo, (d) =>
      d.occupation ? occ.get(d.occupation)! : occupations.length,
    ),
    nOccupations: occupations.length + 1,
  };
}

interface MovieText {
  genres: RaggedIds;
  tokens: RaggedIds;
  nGenres: number;
  nTokens: number;
}

function movieText(data: EngineDataset, s: FeatureCnnSettings): MovieText {
  const genreNames = [...new Set(data.movies.flatMap((m) => m.genres))].sort();
  const gid = new Map(genreNames.map((g, k) => [g, k]));
  const words = data.movies.map((m) => titleWords(m.title));
  const count = new Map<string, number>();
  for (const ws of words) for (const w of ws) count.set(w, (count.get(w) ?? 0) + 1);
  const vocab = [...count.keys()].filter((w) => count.get(w)! >= s.tokenMinCount).sort();
  const tid = new Map(vocab.map((w, k) => [w, k]));
  const maxGenres = Math.max(1, ...data.movies.map((m) => m.genres.length));
  return {
    genres: raggedFromLists(
      data.movies.map((m) => m.genres.map((g) => gid.get(g)!)),
      maxGenres,
      genreNames.length,
    ),
    tokens: raggedFromLists(
      words.map((ws) => ws.filter((w) => tid.has(w)).map((w) => tid.get(w)!)),
      s.titleLength,
      vocab.length,
    ),
    nGenres: genreNames.length + 1,
    nTokens: vocab.length + 1,
  };
}

/** Everything trainable, built the same way for a given dataset and settings. */
class Network {
  readonly params: DenseParams;
  readonly tables: Record<string, EmbeddingTable> = {};
  readonly userTower: MlpSpec;
  readonly movieTower: MlpSpec;
  readonly cnn: TextCnnSpec | null;
  readonly demo: ReturnType<typeof demographicRowsUnknownLast> | null;

  constructor(
    readonly data: EngineDataset,
    readonly s: FeatureCnnSettings,
    readonly text: MovieText,
    rng: Rng,
  ) {
    const table = (name: string, rows: number, dim: number) =>
      (this.tables[name] = new EmbeddingTable(
        rows,
        dim,
        rng.fillNormal(new Float32Array(rows * dim), s.initStd),
      ));
    this.demo =
      s.demographics && data.demographics ? demographicRowsUnknownLast(data.demographics) : null;
    table('user', data.nUsers, s.idDim);
    table('movie', data.nItems, s.idDim);
    table('genre', text.nGenres, s.genreDim);
    this.tables.userBias = new EmbeddingTable(data.nUsers, 1);
    this.tables.movieBias = new EmbeddingTable(data.nItems, 1);
    if (this.demo) {
      table('gender', 3, s.demographicDim);
      table('age', movieLensAgeBounds.length + 2, s.demographicDim);
      table('occupation', this.demo.nOccupations, s.demographicDim);
    }
    if (s.titleCnn) table('token', text.nTokens, s.tokenDim);
    this.params = new DenseParams(rng);
    this.cnn = s.titleCnn
      ? createTextCnn(this.params, 'title', s.tokenDim, parseSizes(s.windows), s.filters)
      : null;
    const userIn = s.idDim + (this.demo ? 3 * s.demographicDim : 0);
    const movieIn = s.idDim + s.genreDim + (this.cnn ? textCnnWidth(this.cnn) : 0);
    this.userTower = createMlp(this.params, 'user', [userIn, s.vectorDim], 'tanh', 'tanh');
    this.movieTower = createMlp(this.params, 'movie', [movieIn, s.vectorDim], 'tanh', 'tanh');
  }

  userLookups(users: Int32Array): SparseLookup[] {
    const t = this.tables;
    const out: SparseLookup[] = [{ table: t.user, ids: users }];
    if (this.demo) {
      const d = this.demo;
      out.push({ table: t.gender, ids: Int32Array.from(users, (u) => d.gender[u]) });
      out.push({ table: t.age, ids: Int32Array.from(users, (u) => d.age[u]) });
      out.push({ table: t.occupation, ids: Int32Array.from(users, (u) => d.occupation[u]) });
    }
    return out;
  }

  /** Lookups of the movie tower plus the masks they need (constant tensors, caller disposes). */
  movieLookups(items: Int32Array): { lookups: SparseLookup[]; masks: tf.Tensor[] } {
    const t = this.tables;
    const genres = padRows(this.text.genres, items);
    const lookups: SparseLookup[] = [
      { table: t.movie, ids: items },
      { table: t.genre, ids: genres.ids },
    ];
    const masks: tf.Tensor[] = [
      tf.tensor3d(genres.mask, [items.length, this.text.genres.width, 1]),
    ];
    if (this.cnn) {
      const tokens = padRows(this.text.tokens, items);
      lookups.push({ table: t.token, ids: tokens.ids });
      masks.push(tf.tensor3d(tokens.mask, [items.length, this.text.tokens.width, 1]));
    }
    return { lookups, masks };
  }

  userVectors(rows: tf.Tensor2D[], byName: (n: string) => tf.Tensor): tf.Tensor2D {
    return runMlp(
      this.userTower,
      byName,
      rows.length === 1 ? rows[0] : (tf.concat(rows, 1) as tf.Tensor2D),
    );
  }

  movieVectors(
    rows: tf.Tensor2D[],
    masks: tf.Tensor[],
    byName: (n: string) => tf.Tensor,
  ): tf.Tensor2D {
    const [movie, genreRows, tokenRows] = rows;
    const b = movie.shape[0];
    const gw = this.text.genres.width;
    const genreSum = tf.sum(
      tf.mul(tf.reshape(genreRows, [b, gw, this.s.genreDim]), masks[0]),
      1,
    ) as tf.Tensor2D;
    const parts = [movie, genreSum];
    if (this.cnn) {
      const tw = this.text.tokens.width;
      const tokens = tf.mul(
        tf.reshape(tokenRows, [b, tw, this.s.tokenDim]),
        masks[1],
      ) as tf.Tensor3D;
      parts.push(runTextCnn(this.cnn, byName, tokens));
    }
    return runMlp(this.movieTower, byName, tf.concat(parts, 1) as tf.Tensor2D);
  }

  /** Forward only, in batches: every item's (or user's) vector. */
  allVectors(kind: 'user' | 'movie'): Float32Array {
    const n = kind === 'user' ? this.data.nUsers : this.data.nItems;
    const dim = this.s.vectorDim;
    const out = new Float32Array(n * dim);
    const byName = (name: string) => this.params.get(name);
    for (let start = 0; start < n; start += 2048) {
      const ids = Int32Array.from({ length: Math.min(2048, n - start) }, (_, k) => start + k);
      const v = tf.tidy(() => {
        if (kind === 'user') {
          const rows = this.userLookups(ids).map((l) =>
            tf.tensor2d(l.table.gatherRows(l.ids), [l.ids.length, l.table.dim]),
          );
          return this.userVectors(rows, byName).dataSync();
        }
        const { lookups, masks } = this.movieLookups(ids);
        const rows = lookups.map((l) =>
          tf.tensor2d(l.table.gatherRows(l.ids), [l.ids.length, l.table.dim]),
        );
        return this.movieVectors(rows, masks, byName).dataSync();
      });
      out.set(v, start * dim);
    }
    return out;
  }

  snapshot(): { tables: Record<string, Float32Array>; dense: Record<string, Float32Array> } {
    const tables: Record<string, Float32Array> = {};
    for (const [k, t] of Object.entries(this.tables)) tables[k] = t.values.slice();
    return { tables, dense: this.params.export() };
  }

  restore(snap: ReturnType<Network['snapshot']>): void {
    for (const [k, t] of Object.entries(this.tables)) t.values.set(snap.tables[k]);
    this.params.import(snap.dense);
  }
}

interface FeatureCnnWeights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  itemVectors: Float32Array;
  userVectors: Float32Array;
  itemBias: Float32Array;
  userBias: Float32Array;
  itemCount: Float32Array;
  globalMean: number;
  scale: { min: number; max: number };
}

export class FeatureCnnModel extends VectorModel implements TrainedModel {
  readonly name = 'feature-cnn';
  readonly predictsRatings = true;
  private readonly ridge: RidgeFoldIn;
  private readonly prior: Float32Array;

  constructor(
    readonly settings: FeatureCnnSettings,
    private readonly w: FeatureCnnWeights,
  ) {
    super({
      dim: settings.vectorDim,
      movieIds: w.movieIds,
      userKeys: w.userKeys,
      itemVectors: w.itemVectors,
      datasetUserVectors: w.userVectors,
      scale: w.scale,
    });
    this.ridge = new RidgeFoldIn(
      { dim: this.dim, vectors: w.itemVectors, itemBias: w.itemBias, globalMean: w.globalMean },
      settings.foldInLambda,
      settings.foldInBiasLambda,
    );
    this.prior = Float32Array.from(
      w.itemCount,
      (n) => settings.rankingPopularityWeight * Math.log1p(n),
    );
  }

  datasetUserState(u: number): PersonalState {
    const d = this.dim;
    return {
      model: this.name,
      userVector: this.w.userVectors.slice(u * d, u * d + d),
      params: { bias: Float32Array.of(this.w.userBias[u]) },
      kind: 'fine-tuned',
    };
  }

  foldIn(history: PersonHistory): PersonalState {
    const { vector, bias } = this.ridge.solve(history);
    return {
      model: this.name,
      userVector: vector,
      params: { bias: Float32Array.of(bias) },
      kind: 'folded-in',
    };
  }

  private rawScore(state: PersonalState, i: number): number {
    const d = this.dim;
    let s = this.w.globalMean + (state.params.bias?.[0] ?? 0) + this.w.itemBias[i];
    for (let c = 0; c < d; c++) s += state.userVector[c] * this.itemVectors[i * d + c];
    return s;
  }

  scoreAll(state: PersonalState, _history: PersonHistory, out: Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.rawScore(state, i) + this.prior[i];
  }

  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => Math.min(max, Math.max(min, this.rawScore(state, i))));
  }

  explain(_state: PersonalState, history: PersonHistory, item: number): Float32Array {
    return this.ridge.explain(history, item);
  }

  async save(dir: string): Promise<void> {
    const { w } = this;
    await saveWeights(
      dir,
      'feature-cnn',
      {
        movieIds: w.movieIds,
        userKeys: w.userKeys,
        itemVectors: w.itemVectors,
        userVectors: w.userVectors,
        itemBias: w.itemBias,
        userBias: w.userBias,
        itemCount: w.itemCount,
      },
      { globalMean: w.globalMean, scale: w.scale },
    );
  }
}

async function train(
  data: EngineDataset,
  s: FeatureCnnSettings,
  hooks: TrainHooks,
): Promise<FeatureCnnModel> {
  const rng = new Rng(hooks.seed);
  const net = new Network(data, s, movieText(data, s), rng);
  const { user, item, rating } = data.ratings;
  let mu = 0;
  for (let k = 0; k < rating.length; k++) mu += rating[k] / rating.length;
  const sparse = new SparseAdam({ learningRate: s.learningRate });
  const denseOptimizer = tf.train.adam(s.learningRate);
  const yielder = new Yielder(50);
  const { trainRows, val } = holdOut(data, s, hooks);
  let best = Infinity;
  let bestSnapshot: ReturnType<Network['snapshot']> | null = null;
  let sinceBest = 0;
  const nUserLookups = net.userLookups(new Int32Array(0)).length;
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = rng.shuffle(trainRows.slice());
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += s.batchSize) {
        throwIfTrainingAborted(hooks.signal);
        const ks = order.subarray(start, Math.min(order.length, start + s.batchSize));
        const users = Int32Array.from(ks, (k) => user[k]);
        const items = Int32Array.from(ks, (k) => item[k]);
        const target = tf.tensor1d(Float32Array.from(ks, (k) => rating[k] - mu));
        const movie = net.movieLookups(items);
        const lookups = [
          ...net.userLookups(users),
          ...movie.lookups,
          { table: net.tables.userBias, ids: users },
          { table: net.tables.movieBias, ids: items },
        ];
        const b = ks.length;
        lossSum += sparseTrainStep({
          lookups,
          dense: net.params.list(),
          denseOptimizer,
          sparseOptimizer: sparse,
          loss: (rows, dense) => {
            const byName = tensorsByName(net.params, dense);
            const u = net.userVectors(rows.slice(0, nUserLookups), byName);
            const m = net.movieVectors(
              rows.slice(nUserLookups, lookups.length - 2),
              movie.masks,
              byName,
            );
            const [ub, mb] = rows.slice(lookups.length - 2);
            const pred = tf.add(tf.sum(tf.mul(u, m), 1), tf.reshape(tf.add(ub, mb), [b]));
            const mse = tf.mean(tf.square(tf.sub(pred, target)));
            const reg = tf.div(
              tf.addN([rows[0], rows[nUserLookups], ub, mb].map((r) => tf.sum(tf.square(r)))),
              b,
            );
            return tf.add(mse, tf.mul(s.l2, reg)) as tf.Scalar;
          },
        });
        tf.dispose([target, ...movie.masks]);
        batches++;
        await yielder.maybeYield();
      }
      let validationLoss: number | undefined;
      if (val && val.rating.length > 0) {
        const model = finish(net, data, s, mu);
        const state = (u: number) => model.datasetUserState(u);
        let sse = 0;
        for (let k = 0; k < val.rating.length; k++) {
          const p = model.predictRatings(
            state(val.user[k]),
            emptyHistory,
            Int32Array.of(val.item[k]),
          )[0];
          sse += (p - val.rating[k]) ** 2;
        }
        validationLoss = sse / val.rating.length;
        if (validationLoss < best - 1e-5) {
          best = validationLoss;
          bestSnapshot = net.snapshot();
          sinceBest = 0;
        } else sinceBest++;
      }
      hooks.onProgress?.({
        epoch,
        totalEpochs: s.epochs,
        loss: lossSum / Math.max(1, batches),
        validationLoss,
      });
      if (val && sinceBest >= s.patience) break;
    }
    throwIfTrainingAborted(hooks.signal);
    if (bestSnapshot) net.restore(bestSnapshot);
    return finish(net, data, s, mu);
  } finally {
    net.params.dispose();
    denseOptimizer.dispose();
  }
}

/** Training rows and the validation ratings (hooks.validation, else a seeded held-out share). */
function holdOut(
  data: EngineDataset,
  s: FeatureCnnSettings,
  hooks: TrainHooks,
): { trainRows: Int32Array; val: RatingTriples | undefined } {
  const n = data.ratings.user.length;
  const all = Int32Array.from({ length: n }, (_, k) => k);
  if (hooks.validation || s.validationShare <= 0) return { trainRows: all, val: hooks.validation };
  const perm = new Rng(hooks.seed + 17).shuffle(all);
  const nVal = Math.floor(n * s.validationShare);
  const valRows = perm.subarray(0, nVal);
  return { trainRows: perm.slice(nVal), val: ratingRows(data.ratings, valRows) };
}

const emptyHistory: PersonHistory = {
  items: new Int32Array(0),
  ratings: new Float32Array(0),
  times: new Float64Array(0),
};

function finish(
  net: Network,
  data: EngineDataset,
  s: FeatureCnnSettings,
  mu: number,
): FeatureCnnModel {
  const itemCount = new Float32Array(data.nItems);
  for (const i of data.ratings.item) itemCount[i]++;
  return new FeatureCnnModel(s, {
    movieIds: data.movieIds,
    userKeys: data.userKeys,
    itemVectors: net.allVectors('movie'),
    userVectors: net.allVectors('user'),
    itemBias: net.tables.movieBias.values.slice(),
    userBias: net.tables.userBias.values.slice(),
    itemCount,
    globalMean: mu,
    scale: data.scale,
  });
}

async function load(dir: string, settings: FeatureCnnSettings): Promise<FeatureCnnModel> {
  const { arrays: a, meta } = await loadWeights<{
    globalMean: number;
    scale: { min: number; max: number };
  }>(dir, 'feature-cnn');
  return new FeatureCnnModel(settings, {
    movieIds: i32(a, 'movieIds'),
    userKeys: i32(a, 'userKeys'),
    itemVectors: f32(a, 'itemVectors'),
    userVectors: f32(a, 'userVectors'),
    itemBias: f32(a, 'itemBias'),
    userBias: f32(a, 'userBias'),
    itemCount: f32(a, 'itemCount'),
    ...meta,
  });
}

export const featureCnn = defineModel({
  name: 'feature-cnn',
  description:
    'Feature CNN: id/demographic user tower, id/genre/title-text-CNN movie tower, dot → rating (MSE)',
  settings: featureCnnSettings,
  train,
  load,
});
