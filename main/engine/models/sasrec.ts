import { z } from 'zod';
import type { EngineDataset } from '../../core/engine-dataset';
import { SparseAdam } from '../nn/embedding-table';
import { applyAdapter, fitHiddenAdapter, type HiddenAdapter } from '../nn/hidden-adapter';
import { NegativeSampler } from '../nn/negative-sampler';
import { sampledBce, sigmoid } from '../nn/sampled-bce';
import { SampledSoftmax } from '../nn/sampled-softmax';
import { encoderParams, ratingLevelsOf, type EncoderConfig } from '../nn/self-attentive-encoder';
import { SequenceNetwork, type NetworkWeights } from '../nn/sequence-network';
import { Rng } from '../numeric/rng';
import { RowDot } from '../numeric/row-dot';
import { f32, i32 } from '../runtime/array-files';
import { denseArrays, loadDense, loadWeights, saveWeights } from '../runtime/saved-weights';
import { Yielder, yieldToEventLoop } from '../runtime/yield';
import {
  defineModel,
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainHooks,
  type TrainedModel,
} from './model-definition';
import { chronologicalHistories } from './sequence-data';
import { VectorModel } from './vector-model';

/**
 * SASRec (Kang & McAuley 2018), the self-attentive next-item model, as the PyTorch anchor of
 * protocol B: item embeddings × √dim plus learned positions, causal self-attention blocks, and
 * the score of movie j after a history is h·e_j with h the last position's hidden vector and e
 * the same item embeddings; trained on every position's next movie, in batches of users of
 * similar history length, with the paper's binary cross-entropy against one uniformly sampled
 * movie (the default here) or the softmax over the next movie and 256 sampled ones
 * (nn/sampled-softmax.ts, what the default model's network uses). A ranking model: it predicts
 * what a person watches next, not their rating.
 *
 * The network runs on typed arrays (nn/self-attentive-encoder.ts) with the SIMD matrix product;
 * item embeddings are a sparse-Adam EmbeddingTable. A person's fold-in is one forward pass over
 * their latest maxLength movies; the fine-tune fits a personal scale and shift of the hidden
 * vector (nn/hidden-adapter.ts) on their own sequence with the network frozen.
 */
export const sasrecSettings = z
  .object({
    dim: z.number().int().positive().default(64),
    blocks: z.number().int().positive().default(2),
    heads: z.number().int().positive().default(1),
    /** Latest movies of a history the network reads. */
    maxLength: z.number().int().min(2).default(200),
    dropout: z.number().min(0).lt(1).default(0.2),
    learningRate: z.number().positive().default(0.001),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.98),
    epochs: z.number().int().positive().default(200),
    /** L2 on the item embedding rows a batch touches. */
    l2: z.number().nonnegative().default(0),
    /** Users per batch. */
    batchSize: z.number().int().positive().default(128),
    /** Draw each position's negative among the movies the user never rated (else any movie). */
    unseenNegatives: z.boolean().default(false),
    /**
     * Adam steps every movie's row each batch, as dense Adam does (rows a batch misses keep moving
     * on their momentum), instead of only the rows the batch touched.
     */
    denseItemUpdates: z.boolean().default(false),
    /**
     * The next-movie loss: binary cross-entropy against one sampled movie per position (the
     * paper's), or the softmax over the next movie and `negatives` sampled movies shared by the
     * sequence's positions (all movies when there are fewer).
     */
    loss: z.enum(['bce', 'softmax']).default('bce'),
    negatives: z.number().int().positive().default(256),
    fineTuneSteps: z.number().int().nonnegative().default(30),
    fineTuneLearningRate: z.number().positive().default(0.01),
    fineTuneL2: z.number().nonnegative().default(0.01),
    fineTuneNegatives: z.number().int().positive().default(4),
    /** The input adds a learned vector per half-star rating level to each movie's embedding. */
    ratingInput: z.boolean().default(false),
  })
  .refine((s) => s.dim % s.heads === 0, { message: 'heads must divide dim', path: ['heads'] });
export type SasrecSettings = z.output<typeof sasrecSettings>;

const encoderConfig = (s: SasrecSettings): EncoderConfig => ({
  dim: s.dim,
  blocks: s.blocks,
  heads: s.heads,
  maxLength: s.maxLength,
  dropout: s.dropout,
  ratingLevels: s.ratingInput ? ratingLevelCount : 0,
});

/** Half stars from 0.5 to 5 (a release rated in whole stars uses every other level). */
const ratingLevelCount = 10;

/** A history's movies and ratings, oldest first. */
type RatedSequence = Pick<PersonHistory, 'items' | 'ratings'>;

interface SasrecWeights {
  movieIds: Int32Array;
  userKeys: Int32Array;
  network: NetworkWeights;
  /** nUsers × dim: each dataset user's hidden vector after their whole history. */
  users: Float32Array;
  scale: { min: number; max: number };
}

/** The history leave-one-out explanations were computed for. */
interface Explained {
  items: Int32Array;
  ratings: Float32Array;
  /** Per history entry, the last hidden vector without it (null: outside the network's window). */
  without: (Float32Array | null)[];
  full: Float32Array;
}

export class SasrecModel extends VectorModel implements TrainedModel {
  readonly name = 'sasrec';
  readonly predictsRatings = false;
  private readonly network: SequenceNetwork;
  private readonly rowDot: RowDot;
  private emptyVector: Float32Array | null = null;
  private explained: Explained | null = null;

  constructor(
    readonly settings: SasrecSettings,
    private readonly w: SasrecWeights,
  ) {
    super({
      dim: settings.dim,
      movieIds: w.movieIds,
      userKeys: w.userKeys,
      itemVectors: w.network.items,
      datasetUserVectors: w.users,
      scale: w.scale,
    });
    this.network = SequenceNetwork.create(encoderConfig(settings), w.movieIds.length, w.network, {
      training: false,
    });
    this.rowDot = new RowDot(w.network.items, settings.dim);
  }

  /** The last hidden vector after the movies [start, end) of a history (the latest maxLength). */
  encode(history: RatedSequence, start = 0, end = history.items.length): Float32Array {
    const from = Math.max(start, end - this.settings.maxLength);
    if (end - from < 1) return this.emptyProfileVector().slice();
    const h = this.network.encoder.forward(
      history.items,
      this.levelsOf(history),
      from,
      end - from,
      null,
    );
    const o = (end - from - 1) * this.dim;
    return h.slice(o, o + this.dim);
  }

  private levelsOf(history: RatedSequence): Int32Array {
    return ratingLevelsOf(history.ratings, this.network.config.ratingLevels);
  }

  /** A profile with no movies: the mean dataset user. */
  private emptyProfileVector(): Float32Array {
    if (!this.emptyVector) {
      const d = this.dim;
      const n = this.userKeys.length;
      const v = new Float32Array(d);
      for (let u = 0; u < n; u++) for (let c = 0; c < d; c++) v[c] += this.w.users[u * d + c] / n;
      this.emptyVector = v;
    }
    return this.emptyVector;
  }

  datasetUserState(u: number): PersonalState {
    const d = this.dim;
    return {
      model: this.name,
      userVector: this.w.users.slice(u * d, u * d + d),
      params: {},
      kind: 'folded-in',
    };
  }

  foldIn(history: PersonHistory): PersonalState {
    return {
      model: this.name,
      userVector: this.encode(history),
      params: {},
      kind: 'folded-in',
    };
  }

  async fineTune(
    history: PersonHistory,
    start: PersonalState,
    options: FineTuneOptions = {},
  ): Promise<FineTuneResult> {
    throwIfTrainingAborted(options.signal);
    const s = this.settings;
    const d = this.dim;
    const items = history.items;
    const from = Math.max(0, items.length - s.maxLength);
    const rows = items.length - from;
    if (rows < 2) {
      const state = { ...this.foldIn(history), kind: 'fine-tuned' as const };
      return { state, steps: 0, finalLoss: 0 };
    }
    const hidden = this.network.encoder
      .forward(items, this.levelsOf(history), from, rows, null)
      .slice(0, rows * d);
    const { adapter, loss } = await fitHiddenAdapter({
      hidden,
      rows: rows - 1,
      targets: items.subarray(from + 1),
      items: this.itemVectors,
      nItems: this.movieIds.length,
      dim: d,
      rated: new Set(items),
      steps: s.fineTuneSteps,
      learningRate: s.fineTuneLearningRate,
      l2: s.fineTuneL2,
      negatives: s.fineTuneNegatives,
      rng: new Rng(options.seed ?? 0),
      start: adapterOf(start),
      checkpoint: async (step, total, l) => {
        options.onStep?.(step, total, l);
        await yieldToEventLoop();
        throwIfTrainingAborted(options.signal);
      },
    });
    const userVector = applyAdapter(hidden, (rows - 1) * d, adapter, new Float32Array(d), d);
    return {
      state: {
        model: this.name,
        userVector,
        params: { gamma: adapter.gamma, delta: adapter.delta },
        kind: 'fine-tuned',
      },
      steps: s.fineTuneSteps,
      finalLoss: loss,
    };
  }

  scoreAll(state: PersonalState, _history: PersonHistory, out: Float32Array): void {
    this.rowDot.into(state.userVector, out);
  }

  /** Not a rating model: the probability that the movie comes next, mapped onto the scale. */
  predictRatings(state: PersonalState, _history: PersonHistory, items: Int32Array): Float32Array {
    const d = this.dim;
    const e = this.itemVectors;
    const u = state.userVector;
    const { min, max } = this.scale;
    return Float32Array.from(items, (i) => {
      let z = 0;
      for (let c = 0; c < d; c++) z += u[c] * e[i * d + c];
      return min + (max - min) * sigmoid(z);
    });
  }

  /**
   * Exactly how much the item's score drops when each movie leaves the history (the network
   * rerun without it; movies older than its window change nothing). The reruns are kept for the
   * last history explained, so a list's cards cost one dot product each.
   */
  explain(state: PersonalState, history: PersonHistory, item: number): Float32Array {
    const d = this.dim;
    const x = this.leftOutScores(state, history, this.itemVectors.subarray(item * d, item * d + d));
    return Float32Array.from(x.without, (s) => x.full - s);
  }

  /**
   * h'·v for the (adapted) last hidden vector h' after the whole history and, per entry, without
   * it (the whole history's for entries older than the window), from the cached reruns.
   */
  leftOutScores(
    state: PersonalState,
    history: PersonHistory,
    v: Float32Array,
  ): { full: number; without: Float64Array } {
    const d = this.dim;
    const x = this.leftOut(history);
    const adapter = adapterOf(state);
    const tmp = new Float32Array(d);
    const score = (h: Float32Array) => dot(applyAdapter(h, 0, adapter, tmp, d), v, d);
    const full = score(x.full);
    return { full, without: Float64Array.from(x.without, (h) => (h ? score(h) : full)) };
  }

  private leftOut(history: RatedSequence): Explained {
    const { items, ratings } = history;
    const cached = this.explained;
    if (cached && same(cached.items, items) && same(cached.ratings, ratings)) return cached;
    // without its only movie, a history is the empty profile
    const { full, without } =
      items.length < 2
        ? {
            full: this.encode(history),
            without: Array.from(items, () => this.encode(history, 0, 0)),
          }
        : this.network.leaveOneOut!.run(items, this.levelsOf(history));
    this.explained = { items: items.slice(), ratings: ratings.slice(), without, full };
    return this.explained;
  }

  async save(dir: string): Promise<void> {
    const { w } = this;
    const dense = Object.fromEntries(w.network.params);
    await saveWeights(
      dir,
      'sasrec',
      {
        movieIds: w.movieIds,
        userKeys: w.userKeys,
        items: w.network.items,
        users: w.users,
        ...denseArrays(dense),
      },
      { scale: w.scale, denseNames: w.network.params.map(([name]) => name) },
    );
  }
}

function adapterOf(state: PersonalState): HiddenAdapter | null {
  const { gamma, delta } = state.params;
  return gamma && delta ? { gamma, delta } : null;
}

function dot(a: Float32Array, b: Float32Array, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[c] * b[c];
  return s;
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** K distinct movies drawn uniformly into out[0, K) (every movie, in order, when K = nItems). */
function drawSharedNegatives(out: Int32Array, k: number, nItems: number, rng: Rng): void {
  if (k >= nItems) {
    for (let i = 0; i < nItems; i++) out[i] = i;
    return;
  }
  const seen = new Set<number>();
  let m = 0;
  while (m < k) {
    const i = rng.int(nItems);
    if (!seen.has(i)) {
      seen.add(i);
      out[m++] = i;
    }
  }
}

/** Users sorted by training length with random ties, cut into batches, in random batch order. */
export function lengthBucketedBatches(
  lengths: Int32Array,
  users: Int32Array,
  batchSize: number,
  rng: Rng,
): Int32Array[] {
  const jitter = Float64Array.from(users, (u) => lengths[u] + rng.next());
  const order = Int32Array.from(users.keys()).sort((a, b) => jitter[a] - jitter[b]);
  const batches: Int32Array[] = [];
  for (let k = 0; k < order.length; k += batchSize)
    batches.push(Int32Array.from(order.subarray(k, k + batchSize), (j) => users[j]));
  return Array.from(rng.permutation(batches.length), (k) => batches[k]);
}

async function train(
  data: EngineDataset,
  s: SasrecSettings,
  hooks: TrainHooks,
): Promise<SasrecModel> {
  const config = encoderConfig(s);
  const T = s.maxLength;
  const d = s.dim;
  const histories = chronologicalHistories(data);
  const levels = histories.map((h) => ratingLevelsOf(h.ratings, config.ratingLevels));
  const rng = new Rng(hooks.seed);
  const init: NetworkWeights = {
    params: encoderParams(config, rng),
    // xavier-normal over the (padding row +) items × dim table, as the reference
    items: rng.fillNormal(new Float32Array(data.nItems * d), Math.sqrt(2 / (data.nItems + 1 + d))),
  };
  const softmaxNegatives = s.loss === 'softmax' ? Math.min(s.negatives, data.nItems) : 0;
  const net = SequenceNetwork.create(config, data.nItems, init, {
    training: true,
    extraFloats: T * d + (softmaxNegatives ? SampledSoftmax.floats(softmaxNegatives, T, d) : 0),
  });
  const table = net.table!;
  const dHidden = net.alloc(T * d);
  const adam = { learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: 1e-8 };
  const denseAdam = new SparseAdam(adam);
  const itemAdam = new SparseAdam(adam);
  // a user's training sequence: inputs items[from, n−1), next items items[from+1, n)
  const lengths = Int32Array.from(histories, (h) => Math.min(T, Math.max(0, h.items.length - 1)));
  const users = Int32Array.from(Array.from(histories.keys()).filter((u) => lengths[u] > 0));
  const negatives = new Int32Array(Math.max(T, softmaxNegatives));
  const softmax = softmaxNegatives
    ? new SampledSoftmax(softmaxNegatives, T, d, net.kernels.gemm, net.alloc)
    : null;
  const sampler = s.unseenNegatives
    ? new NegativeSampler(data.nItems, data.ratings.user, data.ratings.item)
    : null;
  const yielder = new Yielder(50);
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    let lossSum = 0;
    let count = 0;
    for (const batch of lengthBucketedBatches(lengths, users, s.batchSize, rng)) {
      throwIfTrainingAborted(hooks.signal);
      let positions = 0;
      for (const u of batch) positions += lengths[u];
      for (const u of batch) {
        const items = histories[u].items;
        const rows = lengths[u];
        const from = items.length - 1 - rows;
        // the BCE negatives before the forward pass's dropout draws, as they always were
        if (!softmax)
          for (let r = 0; r < rows; r++)
            negatives[r] = sampler ? sampler.sample(u, rng) : rng.int(data.nItems);
        const h = net.encoder.forward(items, levels[u], from, rows, rng);
        if (softmax) {
          drawSharedNegatives(negatives, softmaxNegatives, data.nItems, rng);
          lossSum += softmax.loss(
            h,
            rows,
            table,
            items,
            from + 1,
            negatives,
            1 / positions,
            dHidden,
          );
        } else {
          lossSum += sampledBce(
            h,
            rows,
            table,
            items,
            from + 1,
            negatives,
            0,
            1 / positions,
            dHidden,
          );
        }
        net.encoder.backward(dHidden);
      }
      count += positions;
      if (s.l2 > 0) {
        const { values, grad } = table;
        table.forEachTouched((row) => {
          for (let k = row * d; k < row * d + d; k++) grad[k] += s.l2 * values[k];
        });
      }
      net.params.step(denseAdam);
      if (s.denseItemUpdates) for (let i = 0; i < data.nItems; i++) table.touch(i);
      itemAdam.step([table]);
      net.encoder.syncWeights();
      await yielder.maybeYield();
    }
    hooks.onProgress?.({ epoch, totalEpochs: s.epochs, loss: count ? lossSum / count : 0 });
  }
  throwIfTrainingAborted(hooks.signal);
  const model = new SasrecModel(s, {
    movieIds: data.movieIds,
    userKeys: data.userKeys,
    network: net.exportWeights(),
    users: new Float32Array(data.nUsers * d),
    scale: data.scale,
  });
  const userVectors = model.datasetUserVectors;
  // users with no history take the mean of the others (the empty profile's vector)
  const empty: number[] = [];
  histories.forEach((h, u) => {
    if (h.items.length) userVectors.set(model.encode(h), u * d);
    else empty.push(u);
  });
  for (const u of empty) userVectors.set(model.encode(histories[u]), u * d);
  return model;
}

async function load(dir: string, settings: SasrecSettings): Promise<SasrecModel> {
  const { arrays: a, meta } = await loadWeights<{
    scale: { min: number; max: number };
    denseNames: string[];
  }>(dir, 'sasrec');
  const dense = loadDense(a, meta.denseNames);
  // the saved network says whether it reads ratings (one saved before ratingInput reads none)
  return new SasrecModel(
    { ...settings, ratingInput: meta.denseNames.includes('rating') },
    {
      movieIds: i32(a, 'movieIds'),
      userKeys: i32(a, 'userKeys'),
      network: {
        params: meta.denseNames.map((name) => [name, dense[name]]),
        items: f32(a, 'items'),
      },
      users: f32(a, 'users'),
      scale: meta.scale,
    },
  );
}

export const sasrec = defineModel({
  name: 'sasrec',
  description:
    'SASRec: causal self-attention over the latest 200 movies, next-movie BCE or sampled softmax',
  settings: sasrecSettings,
  fineTunes: true,
  train,
  load,
});
