import path from 'node:path';
import type { ParsedRequest, Response } from '../../../shared/api';
import type {
  BackendName,
  EngineStatus,
  JobProgress,
  ListFreshness,
  StarScale,
} from '../../../shared/domain';
import type { JobOptions } from '../../core/jobs';
import { initBackend, type BackendChoice } from './backend';
import { tensorflowLoaded } from './tensorflow-loaded';
import { datasetBuffers, type EngineDataset } from '../../core/engine-dataset';
import type { ListSource } from '../../core/list-source';
import {
  ModelNotLoadedError,
  NoTrainingDataError,
  TrainingCancelledError,
  UnsupportedSettingError,
} from './errors';
import { alsoLoved } from '../lists/also-loved';
import { forMovie } from '../lists/for-movie';
import { forMovies } from '../lists/for-movies';
import { forYou } from '../lists/for-you';
import { starScaleOf } from '../lists/star-scale';
import { listSourceOfDataset } from '../lists/dataset-list-source';
import { withCopies } from '../lists/film-copies';
import { disposeListData, listDataFrom, type ListData } from '../lists/list-data';
import { minCommon, peopleLikeYou } from '../lists/people-like-you';
import { makePerson, type MovieLookup, type Person } from '../lists/person';
import { similarMovies } from '../lists/similar-movies';
import { watchTogether } from '../lists/watch-together';
import { AbortError, type PersonalState } from '../models/model-definition';
import { loadModel, resolveDefaultModel, type LoadedModel } from './model-store';
import { fallbackModelName, getModelDefinition } from '../models';
import { FineTuneScheduler, type FineTuneRun } from './fine-tune-scheduler';
import { PersonalStateCache } from './personal-state-cache';
import { PersonalStore, type StoredPersonalState } from './personal-store';
import { TypicalScoresCache } from './typical-scores-cache';
import {
  hashRatings,
  historyOf,
  marksMask,
  withMarks,
  markedItems,
  type MovieMarkRow,
  type ProfileRatingRow,
} from './profile-signals';
import { TrainingWorker } from './run-training-job';
import type { TrainingProgress } from './training-jobs';

export type { ProfileRatingRow } from './profile-signals';

/**
 * The engine as the API handlers see it (main/service/engine-port.ts hands it over as the API's
 * EnginePort). Loads the default pretrained model at start, keeps one personal state per
 * profile (PersonalStateCache), and makes sure a list never answers from a stale or missing
 * personal model: when a profile's ratings changed since its last fine-tune, the list folds the
 * new ratings in at once (freshness 'folded-in') and a fine-tune runs in the training worker;
 * after ratings change, a debounced fine-tune runs by itself (FineTuneScheduler). A deleted
 * profile, a changed catalogue and a reloaded model cancel the fine-tunes they concern. It
 * throws the errors of ./errors.ts (and the lists' UnknownMovieError), which the API maps to its
 * codes.
 */
export interface EngineServiceOptions {
  modelsDir: string;
  /** Where per-profile personal models are stored (personalDirFor(dbFile)). */
  personalDir: string;
  /** A profile's own ratings, from the catalogue. */
  profileRatings: (profileId: number) => ProfileRatingRow[];
  /**
   * The movies a profile marked "not interested", from the catalogue. No list shows them, and
   * the model takes them as a low rating (withMarks).
   */
  notInterested?: (profileId: number) => MovieMarkRow[];
  /**
   * The movies a profile marked "seen" (watched, not rated), from the catalogue. The lists of
   * movies to watch leave them out, and the model takes them as a rating (seenStandIn).
   */
  seen?: (profileId: number) => MovieMarkRow[];
  /** Movie summaries for list items, from the catalogue. */
  movies: MovieLookup;
  /**
   * The catalogue's dataset (ratings and movie features), for pretraining; null without one. A
   * catalogue's comes as a promise, read off the thread that answers people. Each call gives a
   * dataset of its own: pretraining moves its arrays to the training thread (not a copy of 25M
   * ratings, nor a second one kept here while it trains).
   */
  dataset: () => EngineDataset | null | Promise<EngineDataset | null>;
  /**
   * What the lists read of the catalogue (its movies and rating statistics, the whole dataset
   * only on first need); without it, the lists read `dataset()` at once.
   */
  listSource?: () => ListSource | null;
  /** Reads a MovieLens release from a path (pretrain --dataset); the importer provides it. */
  loadDatasetFromPath?: (source: string, options: JobOptions) => Promise<EngineDataset>;
  backend?: BackendName;
  /** Model to load instead of the store's default. */
  model?: string;
  fineTuneDebounceMs?: number;
  /** When no pretrained model exists, train the fallback model on the catalogue's dataset. */
  autoPretrain?: boolean;
  /**
   * Read the release's every rating as soon as the lists' data is built, not when a list first
   * needs them: for the app, whose first movie page shows similar movies (about 10 s at 25M
   * ratings, read off the thread that answers); one-shot commands leave it out.
   */
  readRatingsAhead?: boolean;
}

type FineTuneResult = Response<'engine.finetune'>;

export class EngineService {
  private choice: BackendChoice | null = null;
  private loaded: LoadedModel | null = null;
  private data: ListData | null = null;
  private readonly cache: PersonalStateCache;
  private readonly fineTunes: FineTuneScheduler<FineTuneResult>;
  private readonly worker: TrainingWorker;
  private readonly listeners = new Set<(e: { profileId: number; seconds: number }) => void>();
  private readonly typicalScores: TypicalScoresCache;
  /** Files still being written or deleted (personal states, the typical scores). */
  private readonly diskWrites = new Set<Promise<void>>();
  private pretraining: Promise<unknown> | null = null;
  /**
   * Whether the loaded model was trained on the release the lists read (null: no model or no
   * release); false after another release was imported or chosen, until a pretrain.
   */
  private trainedOnListSource: boolean | null = null;

  private constructor(private readonly opts: EngineServiceOptions) {
    this.cache = new PersonalStateCache(new PersonalStore(opts.personalDir));
    this.typicalScores = new TypicalScoresCache(path.join(opts.personalDir, 'typical-scores.json'));
    this.worker = new TrainingWorker(opts.backend);
    this.fineTunes = new FineTuneScheduler(
      (profileId, run, options) => this.fineTune(profileId, run, options),
      opts.fineTuneDebounceMs ?? 1500,
    );
  }

  /** Loads the default model (if any), starting a backend when the model uses TensorFlow.js. */
  static async create(opts: EngineServiceOptions): Promise<EngineService> {
    const service = new EngineService(opts);
    await service.reloadModel();
    // without a dataset to train on it stops at once (NoTrainingDataError), quietly
    if (!service.loaded && opts.autoPretrain) {
      service.pretraining = service
        .pretrain(
          { model: fallbackModelName },
          { onProgress: () => {}, signal: new AbortController().signal },
        )
        .catch(() => undefined)
        .finally(() => (service.pretraining = null));
    }
    return service;
  }

  /**
   * (Re)loads the store's default model and rebuilds the list data. Fine-tunes pending or
   * running for the previous model are cancelled; personal states are refitted lazily.
   */
  async reloadModel(): Promise<void> {
    void this.fineTunes.cancelAll();
    const resolved = await resolveDefaultModel(this.opts.modelsDir, this.opts.model);
    if (this.data) disposeListData(this.data);
    this.loaded?.model.dispose?.();
    if (resolved) {
      await this.startBackendIfUsed();
      this.loaded = await loadModel(this.opts.modelsDir, resolved.name);
      await this.startBackendIfUsed();
      if (!this.loaded.manifest.why) this.loaded.manifest.why = resolved.why;
      this.data = this.buildListData(this.loaded);
    } else {
      this.loaded = null;
      this.data = null;
      this.trainedOnListSource = null;
    }
    // Anything scheduled while the model was loading was for the previous one.
    void this.fineTunes.cancelAll();
    this.cache.clear();
  }

  /**
   * Starts the TensorFlow.js backend once model code that uses it is loaded (before its weights
   * load where it already is); a typed-array model's lists never need one.
   */
  private async startBackendIfUsed(): Promise<void> {
    if (!this.choice && tensorflowLoaded()) this.choice = await initBackend(this.opts.backend);
  }

  /** The backend in use; null while none was needed. */
  backend(): string | null {
    return this.choice?.backend ?? null;
  }

  get modelManifest() {
    return this.loaded?.manifest ?? null;
  }

  private listSource(): ListSource | null {
    if (this.opts.listSource) return this.opts.listSource();
    const dataset = this.opts.dataset();
    if (dataset instanceof Promise)
      throw new Error('An engine whose dataset is read later needs a listSource for its lists');
    return dataset && listSourceOfDataset(dataset);
  }

  /** The list data of the loaded model over the catalogue, its typical scores cached on disk. */
  private buildListData(loaded: LoadedModel): ListData {
    const source = this.listSource();
    this.trainedOnListSource = source && trainedOn(loaded.manifest.dataset, source);
    if (!source) return listDataFrom(loaded.model, null);
    const key = `${loaded.manifest.model} ${loaded.manifest.version} ${source.fingerprint}`;
    const cached = this.typicalScores.get(key);
    const data = listDataFrom(loaded.model, source, cached);
    if (!cached) this.track(this.typicalScores.set(key, data.typicalTopScores));
    // a failed read is tried again by the first list that needs it
    if (this.opts.readRatingsAhead) data.loadRatings().catch(() => undefined);
    return data;
  }

  /** Keeps a disk write until it is done (idle and close wait for it); its failure is ignored. */
  private track(write: Promise<void>): Promise<void> {
    const tracked = write.catch(() => undefined).finally(() => this.diskWrites.delete(tracked));
    this.diskWrites.add(tracked);
    return tracked;
  }

  private requireModel(): { loaded: LoadedModel; data: ListData } {
    if (!this.loaded || !this.data) throw new ModelNotLoadedError(this.pretraining !== null);
    return { loaded: this.loaded, data: this.data };
  }

  /**
   * The list data once its dataset ratings are read, for the lists that count people (people like
   * you, similar movies, also-loved): the first such list waits for them; the service goes on.
   */
  private async requireRatings(): Promise<ListData> {
    const { data } = this.requireModel();
    try {
      await data.loadRatings();
    } catch (error) {
      // a replaced list data's read ends unfinished: the new one's is what is waited for
      if (this.data === data) throw error;
    }
    // the model or the catalogue changed while they were read: the new list data's are needed
    return this.data === data ? data : this.requireRatings();
  }

  private marksOf(profileId: number): MovieMarkRow[] {
    return this.opts.notInterested?.(profileId) ?? [];
  }

  /** The profile's ratings plus its marks' stand-in ratings (see withMarks). */
  private signalsOf(profileId: number): ProfileRatingRow[] {
    const rows = this.opts.profileRatings(profileId);
    if (!this.loaded) return rows;
    const marks = {
      notInterested: this.marksOf(profileId),
      seen: this.opts.seen?.(profileId) ?? [],
    };
    return withMarks(rows, marks, this.loaded.model.scale.min + 1);
  }

  /**
   * The profile's current person for the lists: its fine-tuned state when that matches its
   * ratings, else an instant fold-in (and a fine-tune is started).
   */
  private async personFor(
    profileId: number,
  ): Promise<{ person: Person; freshness: ListFreshness['personalModel'] }> {
    const { loaded, data } = this.requireModel();
    const rows = this.signalsOf(profileId);
    const hash = hashRatings(rows);
    const cached = this.cache.person(profileId, hash);
    if (cached) return cached;
    const history = historyOf(rows, data.itemOf);
    const stored = await this.cache.storedState(profileId);
    // The model or the catalogue changed while the stored state was read: start again.
    if (this.data !== data) return this.personFor(profileId);
    let state: PersonalState;
    let freshness: ListFreshness['personalModel'];
    const current =
      !!stored &&
      stored.ratingsHash === hash &&
      stored.modelVersion === loaded.manifest.version &&
      stored.state.model === loaded.model.name;
    if (current) {
      state = stored.state;
      freshness = stored.state.kind;
    } else {
      state = loaded.model.foldIn(history);
      freshness = history.items.length === 0 ? 'none' : 'folded-in';
    }
    const person = makePerson(data, history, state, markedItems(rows, data.itemOf, data.nItems));
    this.cache.setPerson(profileId, { ratingsHash: hash, history, person, freshness });
    // A model without a fine-tune has nothing to train per person: its fold-in is final.
    if (!current && freshness === 'folded-in' && loaded.model.fineTune)
      this.fineTunes.schedule(profileId, 0);
    return { person, freshness };
  }

  private freshness(
    data: ListData,
    personal: ListFreshness['personalModel'],
    started: number,
  ): ListFreshness {
    return {
      modelName: data.model.name,
      personalModel: personal,
      computedMs: performance.now() - started,
      ...this.trainedElsewhere(),
    };
  }

  /** The data the model learnt from while the lists read another release (a pretrain is due). */
  private trainedElsewhere(): { trainedOn?: string } {
    return this.trainedOnListSource === false && this.loaded
      ? { trainedOn: this.loaded.manifest.dataset.name }
      : {};
  }

  async forYou(
    request: ParsedRequest<'recommend.forYou'> & { onlyMovies?: ReadonlySet<number> },
  ): Promise<Response<'recommend.forYou'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const { person, freshness } = await this.personFor(request.profileId);
    const items = forYou(data, person, this.opts.movies, {
      limit: request.limit,
      genre: request.genre,
      decade: request.decade,
      minPopularity: request.minPopularity,
      diversity: request.diversity,
      onlyMovies: request.onlyMovies,
    });
    return {
      items,
      freshness: this.freshness(data, freshness, started),
      starScale: starScaleOf(data, person),
    };
  }

  async forMovie(
    request: ParsedRequest<'recommend.forMovie'>,
  ): Promise<Response<'recommend.forMovie'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const { person, freshness } = await this.personFor(request.profileId);
    const answer = forMovie(data, person, this.opts.movies, request.movieId);
    return {
      ...answer,
      freshness: this.freshness(data, freshness, started),
      starScale: starScaleOf(data, person),
    };
  }

  async forMovies(
    request: ParsedRequest<'recommend.forMovies'>,
  ): Promise<Response<'recommend.forMovies'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const { person, freshness } = await this.personFor(request.profileId);
    const answer = forMovies(data, person, request.movieIds);
    return {
      ...answer,
      freshness: this.freshness(data, freshness, started),
      starScale: starScaleOf(data, person),
    };
  }

  async similarMovies(
    request: ParsedRequest<'recommend.similarMovies'>,
  ): Promise<Response<'recommend.similarMovies'>> {
    const started = performance.now();
    const data = await this.requireRatings();
    const freshness =
      request.profileId !== undefined
        ? (await this.personFor(request.profileId)).freshness
        : 'none';
    // Similar movies may list rated ones, but never one the profile is not interested in (nor
    // another copy of it: film-copies.ts).
    const marked =
      request.profileId !== undefined
        ? marksMask(this.marksOf(request.profileId), data.itemOf, data.nItems)
        : undefined;
    const hidden = marked && withCopies(data, marked);
    const items = similarMovies(data, request.movieId, this.opts.movies, request.limit, hidden);
    return { items, freshness: this.freshness(data, freshness, started) };
  }

  async peopleLikeYou(
    request: ParsedRequest<'recommend.peopleLikeYou'>,
  ): Promise<Response<'recommend.peopleLikeYou'>> {
    const started = performance.now();
    const data = await this.requireRatings();
    const { person, freshness } = await this.personFor(request.profileId);
    const people = peopleLikeYou(data, person, this.opts.movies, { limit: request.limit });
    return {
      people,
      freshness: this.freshness(data, freshness, started),
      inCommonNeeded: minCommon,
    };
  }

  /** "Watch together" for profiles the caller may open (the API checks every one). */
  async together(
    request: ParsedRequest<'recommend.together'> & { onlyMovies?: ReadonlySet<number> },
  ): Promise<
    Omit<Response<'recommend.together'>, 'members'> & {
      /** Per requested profile, in order: its mean rating beside everyone's. */
      starScales: (StarScale | null)[];
    }
  > {
    const started = performance.now();
    const { data } = this.requireModel();
    const members = [];
    for (const profileId of request.profileIds)
      members.push({ profileId, person: (await this.personFor(profileId)).person });
    const items = watchTogether(data, members, this.opts.movies, {
      limit: request.limit,
      genre: request.genre,
      decade: request.decade,
      minPopularity: request.minPopularity,
      onlyMovies: request.onlyMovies,
    });
    return {
      items,
      modelName: data.model.name,
      computedMs: performance.now() - started,
      ...this.trainedElsewhere(),
      starScales: members.map((m) => starScaleOf(data, m.person)),
    };
  }

  async alsoLoved(
    request: ParsedRequest<'recommend.alsoLoved'>,
  ): Promise<Response<'recommend.alsoLoved'>> {
    const data = await this.requireRatings();
    const exclude =
      request.profileId !== undefined
        ? (await this.personFor(request.profileId)).person.ratedFilms
        : undefined;
    return { items: alsoLoved(data, request.movieId, this.opts.movies, request.limit, exclude) };
  }

  async status(profileId: number | undefined): Promise<EngineStatus> {
    const choice = (this.choice ??= await initBackend(this.opts.backend));
    const m = this.loaded?.manifest;
    let profile: EngineStatus['profile'] = null;
    if (profileId !== undefined) {
      const rows = this.opts.profileRatings(profileId);
      // what the model learns from: the ratings and the marks' stand-ins (a profile with films
      // seen and no rating has a personal model too)
      const signals = this.signalsOf(profileId);
      const hash = hashRatings(signals);
      const stored = await this.cache.storedState(profileId);
      const current = !!stored && stored.ratingsHash === hash && stored.modelVersion === m?.version;
      const foldsInOnly = !!this.loaded && !this.loaded.model.fineTune;
      profile = {
        profileId,
        state: this.fineTunes.isRunning(profileId)
          ? 'training'
          : current
            ? stored.state.kind
            : foldsInOnly && signals.length > 0
              ? 'folded-in'
              : stored || signals.length > 0
                ? 'stale'
                : 'none',
        lastFineTunedAt: stored?.fineTunedAt ?? null,
        lastFineTuneSeconds: stored?.seconds ?? null,
        ratingCount: rows.length,
      };
    }
    return {
      backend: choice.backend,
      backendsTried: choice.tried,
      model: m
        ? {
            name: m.model,
            version: m.version,
            trainedAt: m.createdAt,
            dataset: m.dataset.name,
            metrics: m.metrics,
            ...(m.why ? { why: m.why } : {}),
            ...(m.description ? { description: m.description } : {}),
            fineTunes: !!this.loaded?.model.fineTune,
            ...(this.loaded?.model.readsOrder ? { readsOrder: true } : {}),
            ...(this.loaded?.model.readsStars ? { readsStars: true } : {}),
          }
        : null,
      ...(m && this.trainedOnListSource !== null
        ? { pretrainNeeded: !this.trainedOnListSource }
        : {}),
      profile,
    };
  }

  ratingsChanged(profileId: number): void {
    if (this.loaded?.model.fineTune) this.fineTunes.schedule(profileId);
  }

  /**
   * One fine-tune in the training worker, for the FineTuneScheduler. A run cancelled before its
   * state is saved keeps nothing and rejects with TrainingCancelledError.
   */
  private async fineTune(
    profileId: number,
    run: FineTuneRun,
    options?: JobOptions,
  ): Promise<FineTuneResult> {
    const { loaded, data } = this.requireModel();
    const rows = this.signalsOf(profileId);
    const history = historyOf(rows, data.itemOf);
    const version = loaded.manifest.version;
    // the profile's own ratings: a mark's stand-in is none (a thousand films seen are no ratings)
    const ratings = rows.filter((r) => r.mark === undefined).length;
    let outcome;
    try {
      outcome = await this.worker.run(
        {
          kind: 'finetune',
          modelsDir: this.opts.modelsDir,
          model: loaded.model.name,
          modelVersion: version,
          history,
          start: loaded.model.foldIn(history),
        },
        {
          signal: run.signal,
          onProgress: options ? (p) => options.onProgress(toJobProgress(p)) : undefined,
        },
      );
    } catch (e) {
      if (e instanceof AbortError) throw new TrainingCancelledError('finetune');
      throw e;
    }
    if (run.cancelled()) throw new TrainingCancelledError('finetune');
    const stored: StoredPersonalState = {
      profileId,
      modelVersion: version,
      ratingsHash: hashRatings(rows),
      ratingCount: ratings,
      fineTunedAt: Date.now(),
      seconds: outcome.seconds,
      finalLoss: outcome.finalLoss,
      state: outcome.state,
    };
    // A cancel from here on waits for this job to settle (profileDeleted removes the file after).
    await this.cache.save(stored);
    if (run.cancelled()) throw new TrainingCancelledError('finetune');
    this.cache.fineTuned(stored, history, (fitted) => makePerson(data, fitted, outcome.state));
    for (const l of this.listeners) l({ profileId, seconds: outcome.seconds });
    return { seconds: outcome.seconds, ratings, finalLoss: outcome.finalLoss };
  }

  async finetune(profileId: number, options: JobOptions): Promise<FineTuneResult> {
    this.requireModel();
    return this.fineTunes.run(profileId, options);
  }

  async pretrain(
    request: Omit<ParsedRequest<'engine.pretrain'>, 'jobId'>,
    options: JobOptions,
  ): Promise<Response<'engine.pretrain'>> {
    const model = request.model ?? this.loaded?.model.name ?? fallbackModelName;
    const definition = await getModelDefinition(model);
    if (request.epochs !== undefined && !('epochs' in definition.defaults))
      throw new UnsupportedSettingError(model, 'epochs');
    const settings = {
      ...request.settings,
      ...(request.epochs !== undefined ? { epochs: request.epochs } : {}),
    };
    // a bad setting is refused before any data is read
    definition.resolveSettings(settings, '--set');
    let dataset: EngineDataset | null;
    if (request.dataset) {
      if (!this.opts.loadDatasetFromPath)
        throw new NoTrainingDataError('Training on a dataset path is not available here.');
      options.onProgress({ phase: 'reading dataset', current: 0, total: null, unit: 'rows' });
      dataset = await this.opts.loadDatasetFromPath(request.dataset, options);
    } else dataset = await this.opts.dataset();
    if (!dataset || dataset.ratings.rating.length === 0) {
      throw new NoTrainingDataError(
        'There are no dataset ratings to train on: import a MovieLens release first.',
      );
    }
    const modelsDir = request.outDir ?? this.opts.modelsDir;
    try {
      const outcome = await this.worker.run(
        {
          kind: 'pretrain',
          dataset,
          model,
          modelsDir,
          seed: request.seed,
          settings: Object.keys(settings).length > 0 ? settings : undefined,
        },
        {
          signal: options.signal,
          onProgress: (p) => options.onProgress(toJobProgress(p)),
          transfer: datasetBuffers(dataset),
        },
      );
      if (modelsDir === this.opts.modelsDir && (!this.loaded || this.loaded.model.name === model))
        await this.reloadModel();
      return { model, seconds: outcome.seconds, metrics: outcome.manifest.metrics };
    } catch (e) {
      if (e instanceof AbortError) throw new TrainingCancelledError('pretrain');
      throw e;
    }
  }

  /**
   * Cancels the profile's fine-tunes, then forgets it and deletes its personal state; resolves
   * once the state is gone from disk.
   */
  profileDeleted(profileId: number): Promise<void> {
    this.cache.drop(profileId);
    const removal = this.fineTunes.cancel(profileId).then(() => this.cache.remove(profileId));
    this.track(removal);
    return removal;
  }

  /**
   * The catalogue changed (a release import, a restore): fine-tunes pending or running were
   * started on the previous one and are cancelled, cached persons dropped, list data rebuilt.
   */
  catalogueChanged(): void {
    void this.fineTunes.cancelAll();
    this.cache.clear();
    if (this.data) disposeListData(this.data);
    if (this.loaded) this.data = this.buildListData(this.loaded);
  }

  onModelUpdated(listener: (event: { profileId: number; seconds: number }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every fine-tune started or scheduled so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.fineTunes.busy || this.pretraining || this.diskWrites.size > 0) {
      await Promise.allSettled([this.fineTunes.settled(), this.pretraining, ...this.diskWrites]);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.fineTunes.close();
    await Promise.allSettled([...this.diskWrites]);
    await this.worker.close();
  }
}

/**
 * Whether a model's training data is the release a ListSource reads: the same name (where the
 * source knows it) and the same numbers of users, movies and ratings.
 */
function trainedOn(dataset: LoadedModel['manifest']['dataset'], source: ListSource): boolean {
  if (source.name !== undefined && source.name !== dataset.name) return false;
  let ratings = 0;
  for (const count of source.ratingCounts) ratings += count;
  return (
    dataset.users === source.userCount &&
    dataset.items === source.movieIds.length &&
    dataset.ratings === ratings
  );
}

function toJobProgress(p: TrainingProgress): Omit<JobProgress, 'jobId' | 'kind'> {
  return {
    phase: p.unit === 'epochs' ? 'training' : 'fine-tuning',
    current: p.current,
    total: p.total,
    unit: p.unit,
    loss: p.loss,
    ...(p.validationLoss !== undefined ? { validationLoss: p.validationLoss } : {}),
    ...(p.lossName !== undefined ? { lossName: p.lossName } : {}),
    etaSeconds: p.etaSeconds,
  };
}
