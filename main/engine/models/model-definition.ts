import type { z } from 'zod';
import type { EngineDataset, RatingTriples } from '../../core/engine-dataset';

/**
 * The plug-in contract between the engine and a recommender model.
 *
 * A model is one file: `defineModel({ name, description, settings, train, load })` with its
 * settings as a zod object whose fields all have defaults. A trained model answers everything the
 * app needs: vectors for the lists, an instant fold-in for a new person, scores over all items,
 * rating predictions, and optionally a fine-tune on the person's own ratings and per-rated-movie
 * explanations (./fallbacks.ts stands in for those two when a model has none). The engine owns
 * everything around it (backend choice, worker thread, model store, manifests, per-profile
 * storage, the lists), so a definition stays small.
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
  /** What the loss measures, when a run reports more than one kind (each is charted apart). */
  lossName?: string;
  /** For a run made of stages rather than epochs: the stage the report is about. */
  stage?: string;
  /** Share of the whole run's work done (0–1), where epochs are of unequal length (for the ETA). */
  fraction?: number;
}

export interface TrainHooks {
  /** Seed of every random choice (init, shuffling, sampling). Same seed + data = same model. */
  seed: number;
  signal?: AbortSignal;
  /** Called after each epoch. */
  onProgress?: (progress: TrainProgress) => void;
  /** Held-out ratings for the validation loss / early stopping, when the caller has some. */
  validation?: RatingTriples;
  /**
   * A folder for the run's checkpoints (a long run saves finished stages there and a rerun with
   * the same data, settings and seed resumes from them); none: no checkpoints.
   */
  checkpointDir?: string;
}

export interface FineTuneOptions {
  signal?: AbortSignal;
  /**
   * Called every few steps with the current loss on the person's ratings (and what it measures,
   * when the fine-tune fits more than one kind).
   */
  onStep?: (step: number, totalSteps: number, loss: number, lossName?: string) => void;
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
  /** True when a network in the model reads the order of a person's ratings (a blended one too). */
  readonly readsOrder?: boolean;
  /** True when that network also reads the rating given to each movie. */
  readonly readsStars?: boolean;

  /**
   * Optional: the trained state of dataset user `user` (models with a user-id embedding, e.g. NCF).
   * Evaluation scores training users with it (protocols A/B) instead of re-folding their history.
   */
  datasetUserState?(user: number): PersonalState;
  /** An instant state from the person's ratings (no iterative training); must take well under 50 ms. */
  foldIn(history: PersonHistory): PersonalState;
  /**
   * Optional: adapts the person's own parameters (and optionally a light adapter) to their
   * ratings, starting from `start` (usually the fold-in); never changes the shared weights; the
   * state it returns is `kind: 'fine-tuned'`. Throws an Error named 'AbortError' when the signal
   * fires. Leave it out when there is nothing to train per person: the fold-in is then the
   * personal state (defineModel's `fineTunes` says which).
   */
  fineTune?(
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
   * Optional: how much each rated movie of the history pulled `item`'s score up (positive) or
   * down (negative): one weight per history entry, same order; ideally exactly how much the score
   * drops when that movie is removed. Used for "because you liked …". Without it the engine
   * measures that drop with one scoreAll per rated movie (./fallbacks.ts).
   */
  explain?(state: PersonalState, history: PersonHistory, item: number): Float32Array;
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

export interface ModelDefinition<
  S extends ModelSettings = ModelSettings,
  M extends TrainedModel = TrainedModel,
> {
  /** Registry key, also the folder name under models/. Lowercase, dashes. */
  readonly name: string;
  /** One line for CLI help and the manifest. */
  readonly description: string;
  /** Every setting's default. */
  readonly defaults: S;
  /** True when the trained model's fineTune trains something per person (else the fold-in is it). */
  readonly fineTunes: boolean;
  /** True when training early-stops on hooks.validation, so pretraining holds ratings out for it. */
  readonly usesValidation: boolean;
  /** The defaults with `overrides` applied, validated: a SettingsError names the model and field. */
  resolveSettings(overrides?: Partial<ModelSettings>, source?: string): S;
  /** Trains with the defaults plus `settings` (validated first). */
  train(data: EngineDataset, settings: Partial<S>, hooks: TrainHooks): Promise<M>;
  /** Loads what `TrainedModel.save` wrote; `settings` come from the manifest (validated first). */
  load(dir: string, settings: Partial<S>): Promise<M>;
}

/** A model's settings: a zod object of numbers, strings and booleans, every field with a default. */
export type SettingsSchema = z.ZodObject<Record<string, z.ZodType<number | string | boolean>>>;

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

/** Settings that do not fit a model's schema (from a caller, or a manifest). */
export class SettingsError extends Error {
  constructor(
    readonly model: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export interface ModelSpec<T extends SettingsSchema, M extends TrainedModel> {
  name: string;
  description: string;
  /** z.object({ dim: z.number().int().positive().default(32), … }): every field has a default. */
  settings: T;
  /** Set when the trained model has a fineTune that trains something per person. */
  fineTunes?: boolean;
  /** Set when training early-stops on hooks.validation (pretraining then holds ratings out). */
  usesValidation?: boolean;
  // Properties, not methods, so that a train or load typed for other settings does not compile.
  train: (data: EngineDataset, settings: z.output<T>, hooks: TrainHooks) => Promise<M>;
  load: (dir: string, settings: z.output<T>) => Promise<M>;
}

const registry = new Map<string, ModelDefinition>();

/** Every definition made by defineModel so far, in the order they were made. */
export function registeredModels(): readonly ModelDefinition[] {
  return [...registry.values()];
}

/**
 * Builds a model's definition from its spec and registers it under its name. Settings are
 * validated against the schema on train and on load (unknown fields are refused too), and what
 * train and load return must match the spec's `fineTunes`.
 */
export function defineModel<T extends SettingsSchema, M extends TrainedModel>(
  spec: ModelSpec<T, M>,
): ModelDefinition<z.output<T>, M> {
  if (registry.has(spec.name)) throw new Error(`a model named "${spec.name}" is already defined`);
  const fineTunes = spec.fineTunes ?? false;
  const resolveSettings = (
    overrides: Partial<ModelSettings> = {},
    source = 'settings',
  ): z.output<T> => {
    const known = Object.keys(spec.settings.shape);
    const unknown = Object.keys(overrides).filter(
      (k) => !known.includes(k) && overrides[k] !== undefined,
    );
    if (unknown.length > 0)
      throw new SettingsError(
        spec.name,
        unknown[0],
        `${spec.name} ${source}: no setting named "${unknown[0]}" (its settings: ${known.join(', ')})`,
      );
    const parsed = spec.settings.safeParse(overrides);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.');
    throw new SettingsError(
      spec.name,
      field,
      `${spec.name} ${source}: ${field} = ${JSON.stringify(overrides[field])} is not valid (${issue.message})`,
    );
  };
  const checked = (model: M): M => {
    if (!!model.fineTune !== fineTunes)
      throw new Error(
        `${spec.name}: the trained model ${model.fineTune ? 'has' : 'has no'} fineTune, but the definition says fineTunes: ${fineTunes}`,
      );
    return model;
  };
  const definition: ModelDefinition<z.output<T>, M> = {
    name: spec.name,
    description: spec.description,
    defaults: resolveSettings({}, 'defaults'),
    fineTunes,
    usesValidation: spec.usesValidation ?? false,
    resolveSettings,
    async train(data, settings, hooks) {
      const resolved = resolveSettings(settings, 'training settings');
      throwIfTrainingAborted(hooks.signal);
      return checked(await spec.train(data, resolved, hooks));
    },
    async load(dir, settings) {
      return checked(await spec.load(dir, resolveSettings(settings, `settings in ${dir}`)));
    },
  };
  registry.set(spec.name, definition);
  return definition;
}
