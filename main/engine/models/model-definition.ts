import type { EngineDataset, RatingTriples } from '../../core/engine-dataset';

/**
 * The plug-in contract between the engine and a recommender model.
 *
 * A model definition knows how to train on an EngineDataset and how to load what it saved. A
 * trained model answers everything the app needs: vectors for the lists, an instant fold-in for a
 * new person, a fine-tune on the person's own ratings, scores over all items, rating predictions
 * and per-rated-movie explanations. The engine owns everything around it (backend choice, worker
 * thread, model store, manifests, per-profile storage, the lists), so a definition stays small.
 *
 * Index spaces: items are 0..nItems-1 of the model's own vocabulary (`movieIds[i]` is the
 * catalogue movieId of item i); dataset users are 0..nUsers-1 (`userKeys[u]`). The engine maps a
 * profile's movieIds into item indices before calling a model (movies unknown to the model are
 * dropped from the history).
 */

/** Plain settings, stored verbatim in the manifest. */
export type ModelSettings = Record<string, number | string | boolean>;

/** One person's ratings in the model's item index space, oldest first. */
export interface PersonHistory {
  items: Int32Array;
  ratings: Float32Array;
  /** Seconds since the epoch. */
  times: Float64Array;
}

/**
 * Everything that belongs to one person. Serialisable: the engine stores it per profile
 * (atomically) and ships it between threads, so keep it to typed arrays and numbers.
 */
export interface PersonalState {
  /** Name of the model the state belongs to (a state never crosses models). */
  model: string;
  /** The person's vector, in the same space as `datasetUserVectors` (people-like-you). */
  userVector: Float32Array;
  /** Anything else of the person's: bias, adapter weights, ... (model-specific). */
  params: Record<string, Float32Array>;
  /** How it was obtained. */
  kind: 'folded-in' | 'fine-tuned';
}

export interface TrainProgress {
  epoch: number;
  totalEpochs: number;
  /** Mean training loss of the epoch. */
  loss: number;
  validationLoss?: number;
}

export interface TrainHooks {
  /** Seed of every random choice (init, shuffling, sampling). Same seed + data = same model. */
  seed: number;
  signal?: AbortSignal;
  /** Called after each epoch. */
  onProgress?: (progress: TrainProgress) => void;
  /** Held-out ratings for the validation loss / early stopping, when the caller has some. */
  validation?: RatingTriples;
}

export interface FineTuneOptions {
  signal?: AbortSignal;
  /** Called every few steps with the current loss on the person's ratings. */
  onStep?: (step: number, totalSteps: number, loss: number) => void;
  seed?: number;
}

export interface FineTuneResult {
  state: PersonalState;
  steps: number;
  finalLoss: number;
}

export interface TrainedModel {
  /** The definition's name (registry key). */
  readonly name: string;
  readonly settings: ModelSettings;
  /** Vocabulary: catalogue movieId of item index i. */
  readonly movieIds: Int32Array;
  /** Vocabulary: dataset user key (e.g. MovieLens userId) of user index u. */
  readonly userKeys: Int32Array;
  /** Width of `itemVectors` / `datasetUserVectors` / `PersonalState.userVector`. */
  readonly dim: number;
  /** nItems × dim, row-major: the movie vectors ("similar movies" uses their cosine). */
  readonly itemVectors: Float32Array;
  /** nUsers × dim, row-major: dataset users' vectors ("people like you"). */
  readonly datasetUserVectors: Float32Array;
  /** True when scores are predicted ratings on the dataset's scale (predictRatings is meaningful). */
  readonly predictsRatings: boolean;
  /** Rating scale the model was trained on. */
  readonly scale: { min: number; max: number };

  /**
   * Optional: the trained state of dataset user `user` (models with a user-id embedding, e.g. NCF).
   * Evaluation scores training users with it (protocols A/B) instead of re-folding their history.
   */
  datasetUserState?(user: number): PersonalState;
  /** An instant state from the person's ratings (no iterative training); must take well under 50 ms. */
  foldIn(history: PersonHistory): PersonalState;
  /**
   * Adapts the person's own parameters (and optionally a light adapter) to their ratings,
   * starting from `start` (usually the fold-in); never changes the shared weights.
   * Throws an Error named 'AbortError' when the signal fires.
   */
  fineTune(
    history: PersonHistory,
    start: PersonalState,
    options?: FineTuneOptions,
  ): Promise<FineTuneResult>;
  /**
   * Optional: the part of the ranking scores that comes from the person's own ratings alone, with
   * no popularity prior (people like you compares dataset users by it). Without it the engine uses
   * scoreAll minus the scores of a profile with no ratings.
   */
  tasteScores?(state: PersonalState, history: PersonHistory, out: Float32Array): void;
  /** Ranking scores over all items into `out` (length nItems); higher is better. */
  scoreAll(state: PersonalState, history: PersonHistory, out: Float32Array): void;
  /** Predicted ratings (clipped to the scale) of the given items. */
  predictRatings(state: PersonalState, history: PersonHistory, items: Int32Array): Float32Array;
  /**
   * How much each rated movie of the history pulled `item`'s score up (positive) or down
   * (negative): one weight per history entry, same order; ideally exactly how much the score
   * drops when that movie is removed. Used for "because you liked …".
   */
  explain(state: PersonalState, history: PersonHistory, item: number): Float32Array;
  /**
   * Optional: how similar every movie is to `item` into `out` (higher is more similar; −∞ for
   * movies that must not be listed). Without it, similar movies are the cosine of item vectors.
   */
  similarItems?(item: number, out: Float32Array): void;
  /** Optional: frees backend memory (tensors) when the engine drops the model. */
  dispose?(): void;
  /** Writes the model's weights into `dir` (an empty, private directory: the store makes it atomic). */
  save(dir: string): Promise<void>;
}

export interface ModelDefinition<S extends ModelSettings = ModelSettings> {
  /** Registry key, also the folder name under models/. Lowercase, dashes. */
  readonly name: string;
  /** One line for CLI help and the manifest. */
  readonly description: string;
  readonly defaults: S;
  train(data: EngineDataset, settings: S, hooks: TrainHooks): Promise<TrainedModel>;
  /** Loads what `TrainedModel.save` wrote; `settings` come from the manifest. */
  load(dir: string, settings: S): Promise<TrainedModel>;
}

/** Raised (and recognised) when a signal stops training or fine-tuning. */
export class AbortError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Throws the engine's AbortError when training or fine-tuning was cancelled (the importer has its
 * own, main/importers/errors.ts, which throws ImportCancelledError).
 */
export function throwIfTrainingAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
