import { createHash } from 'node:crypto';
import type { ParsedRequest, Response } from '../../../shared/api';
import type { BackendName, EngineStatus, JobProgress, ListFreshness } from '../../../shared/domain';
import type { JobOptions } from '../../core/jobs';
import { initBackend, type BackendChoice } from './backend';
import type { EngineDataset } from '../../core/engine-dataset';
import { ModelNotLoadedError, NoTrainingDataError, TrainingCancelledError } from './errors';
import { alsoLoved } from '../lists/also-loved';
import { forYou } from '../lists/for-you';
import { buildListData, disposeListData, type ListData } from '../lists/list-data';
import { peopleLikeYou } from '../lists/people-like-you';
import { makePerson, type MovieLookup, type Person } from '../lists/person';
import { similarMovies } from '../lists/similar-movies';
import { watchTogether } from '../lists/watch-together';
import { AbortError, type PersonHistory, type PersonalState } from '../models/model-definition';
import { loadModel, resolveDefaultModel, type LoadedModel } from './model-store';
import { fallbackModelName } from '../models';
import { PersonalStore, type StoredPersonalState } from './personal-store';
import { TrainingWorker } from './run-training-job';
import type { TrainingProgress } from './training-jobs';

/**
 * The engine as the API handlers see it (main/service/engine-port.ts hands it over as the API's
 * EnginePort). Loads the default pretrained
 * model at start, keeps one personal state per profile, and makes sure a list never answers from
 * a stale or missing personal model: when a profile's ratings changed since its last fine-tune,
 * the list folds the new ratings in at once (freshness 'folded-in') and a fine-tune runs in the
 * training worker; after ratings change, a debounced fine-tune runs by itself. It throws the
 * errors of ./errors.ts (and the lists' UnknownMovieError), which the API maps to its codes.
 */
export interface ProfileRatingRow {
  movieId: number;
  rating: number;
  /** Milliseconds or seconds since the epoch; only the order matters. */
  ratedAt: number;
}

export interface EngineServiceOptions {
  modelsDir: string;
  /** Where per-profile personal models are stored (personalDirFor(dbFile)). */
  personalDir: string;
  /** A profile's own ratings, from the catalogue. */
  profileRatings: (profileId: number) => ProfileRatingRow[];
  /**
   * The movies a profile marked "not interested", from the catalogue (`markedAt` like `ratedAt`).
   * See signalsOf: no list shows them, and the model takes them as a low rating.
   */
  notInterested?: (profileId: number) => { movieId: number; markedAt: number }[];
  /** Movie summaries for list items, from the catalogue. */
  movies: MovieLookup;
  /** The catalogue's dataset (ratings and movie features), for list data and pretraining. */
  dataset: () => EngineDataset | null;
  /** Reads a MovieLens release from a path (pretrain --dataset); the importer provides it. */
  loadDatasetFromPath?: (source: string, options: JobOptions) => Promise<EngineDataset>;
  backend?: BackendName;
  /** Model to load instead of the store's default. */
  model?: string;
  fineTuneDebounceMs?: number;
  /** When no pretrained model exists, train the fallback model on the catalogue's dataset. */
  autoPretrain?: boolean;
}

interface ProfileEntry {
  ratingsHash: string;
  ratingCount: number;
  history: PersonHistory;
  person: Person;
  freshness: ListFreshness['personalModel'];
  stored: StoredPersonalState | null;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  again: boolean;
}

function hashRatings(rows: ProfileRatingRow[]): string {
  const sorted = [...rows].sort((a, b) => a.movieId - b.movieId);
  const h = createHash('sha1');
  for (const r of sorted) h.update(`${r.movieId}:${r.rating};`);
  return h.digest('hex');
}

export class EngineService {
  private choice: BackendChoice | null = null;
  private loaded: LoadedModel | null = null;
  private data: ListData | null = null;
  private readonly profiles = new Map<number, ProfileEntry>();
  private readonly store: PersonalStore;
  private readonly worker: TrainingWorker;
  private readonly listeners = new Set<(e: { profileId: number; seconds: number }) => void>();
  private readonly debounceMs: number;
  private pretraining: Promise<unknown> | null = null;
  private closed = false;

  private constructor(private readonly opts: EngineServiceOptions) {
    this.store = new PersonalStore(opts.personalDir);
    this.worker = new TrainingWorker(opts.backend);
    this.debounceMs = opts.fineTuneDebounceMs ?? 1500;
  }

  /** Starts the backend and loads the default model (if any). */
  static async create(opts: EngineServiceOptions): Promise<EngineService> {
    const service = new EngineService(opts);
    service.choice = await initBackend(opts.backend);
    await service.reloadModel();
    if (!service.loaded && opts.autoPretrain && opts.dataset()) {
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

  /** (Re)loads the store's default model and rebuilds the list data; personal states are refitted lazily. */
  async reloadModel(): Promise<void> {
    const resolved = await resolveDefaultModel(this.opts.modelsDir, this.opts.model);
    if (this.data) disposeListData(this.data);
    this.loaded?.model.dispose?.();
    if (!resolved) {
      this.loaded = null;
      this.data = null;
      return;
    }
    this.loaded = await loadModel(this.opts.modelsDir, resolved.name);
    if (!this.loaded.manifest.why) this.loaded.manifest.why = resolved.why;
    this.data = buildListData(this.loaded.model, this.opts.dataset());
    for (const entry of this.profiles.values()) if (entry.timer) clearTimeout(entry.timer);
    this.profiles.clear();
  }

  backend(): string | null {
    return this.choice?.backend ?? null;
  }

  get modelManifest() {
    return this.loaded?.manifest ?? null;
  }

  private requireModel(): { loaded: LoadedModel; data: ListData } {
    if (!this.loaded || !this.data) throw new ModelNotLoadedError(this.pretraining !== null);
    return { loaded: this.loaded, data: this.data };
  }

  /**
   * What the engine knows of a profile: its ratings plus, for each movie it marked "not
   * interested" (and has not rated), a low rating, the scale's minimum + 1. Counted as rated, a
   * not-interested movie is in `person.rated`, which every personal list skips; as a low rating
   * it is a (weak) dislike in the history the model folds in and fine-tunes on.
   */
  private signalsOf(profileId: number): ProfileRatingRow[] {
    const rows = this.opts.profileRatings(profileId);
    const marks = this.opts.notInterested?.(profileId) ?? [];
    if (marks.length === 0 || !this.loaded) return rows;
    const rated = new Set(rows.map((r) => r.movieId));
    const low = this.loaded.model.scale.min + 1;
    const dislikes = marks
      .filter((m) => !rated.has(m.movieId))
      .map((m) => ({ movieId: m.movieId, rating: low, ratedAt: m.markedAt }));
    return [...rows, ...dislikes];
  }

  /** The movies a profile marked "not interested", as a mask over items (for similar movies). */
  private notInterestedMask(profileId: number, data: ListData): Uint8Array | undefined {
    const marks = this.opts.notInterested?.(profileId) ?? [];
    if (marks.length === 0) return undefined;
    const mask = new Uint8Array(data.nItems);
    for (const m of marks) {
      const item = data.itemOf.get(m.movieId);
      if (item !== undefined) mask[item] = 1;
    }
    return mask;
  }

  private historyOf(rows: ProfileRatingRow[], data: ListData): PersonHistory {
    const known = rows
      .map((r) => ({ item: data.itemOf.get(r.movieId), rating: r.rating, at: r.ratedAt }))
      .filter((r): r is { item: number; rating: number; at: number } => r.item !== undefined)
      .sort((a, b) => a.at - b.at || a.item - b.item);
    return {
      items: Int32Array.from(known, (r) => r.item),
      ratings: Float32Array.from(known, (r) => r.rating),
      times: Float64Array.from(known, (r) => r.at),
    };
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
    let entry = this.profiles.get(profileId);
    if (entry && entry.ratingsHash === hash)
      return { person: entry.person, freshness: entry.freshness };
    const history = this.historyOf(rows, data);
    const stored = entry?.stored ?? (await this.store.load(profileId));
    const version = loaded.manifest.version;
    let state: PersonalState;
    let freshness: ListFreshness['personalModel'];
    if (
      stored &&
      stored.ratingsHash === hash &&
      stored.modelVersion === version &&
      stored.state.model === loaded.model.name
    ) {
      state = stored.state;
      freshness = 'fine-tuned';
    } else {
      state = loaded.model.foldIn(history);
      freshness = history.items.length === 0 ? 'none' : 'folded-in';
    }
    entry = {
      ratingsHash: hash,
      ratingCount: rows.length,
      history,
      person: makePerson(data, history, state),
      freshness,
      stored,
      timer: entry?.timer ?? null,
      running: entry?.running ?? null,
      again: entry?.again ?? false,
    };
    this.profiles.set(profileId, entry);
    if (freshness === 'folded-in') this.scheduleFineTune(profileId, 0);
    return { person: entry.person, freshness };
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
    };
  }

  async forYou(request: ParsedRequest<'recommend.forYou'>): Promise<Response<'recommend.forYou'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const { person, freshness } = await this.personFor(request.profileId);
    const items = forYou(data, person, this.opts.movies, {
      limit: request.limit,
      genre: request.genre,
      decade: request.decade,
      minPopularity: request.minPopularity,
      diversity: request.diversity,
    });
    return { items, freshness: this.freshness(data, freshness, started) };
  }

  async similarMovies(
    request: ParsedRequest<'recommend.similarMovies'>,
  ): Promise<Response<'recommend.similarMovies'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const freshness =
      request.profileId !== undefined
        ? (await this.personFor(request.profileId)).freshness
        : 'none';
    // Similar movies may list rated ones, but never one the profile is not interested in.
    const hidden =
      request.profileId !== undefined ? this.notInterestedMask(request.profileId, data) : undefined;
    const items = similarMovies(data, request.movieId, this.opts.movies, request.limit, hidden);
    return { items, freshness: this.freshness(data, freshness, started) };
  }

  async peopleLikeYou(
    request: ParsedRequest<'recommend.peopleLikeYou'>,
  ): Promise<Response<'recommend.peopleLikeYou'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const { person, freshness } = await this.personFor(request.profileId);
    const people = peopleLikeYou(data, person, this.opts.movies, { limit: request.limit });
    return { people, freshness: this.freshness(data, freshness, started) };
  }

  /** "Watch together" for profiles the caller may open (the API checks every one). */
  async together(
    request: ParsedRequest<'recommend.together'>,
  ): Promise<Omit<Response<'recommend.together'>, 'members'>> {
    const started = performance.now();
    const { data } = this.requireModel();
    const members = [];
    for (const profileId of request.profileIds)
      members.push({ profileId, person: (await this.personFor(profileId)).person });
    const items = watchTogether(data, members, this.opts.movies, { limit: request.limit });
    return { items, modelName: data.model.name, computedMs: performance.now() - started };
  }

  async alsoLoved(
    request: ParsedRequest<'recommend.alsoLoved'>,
  ): Promise<Response<'recommend.alsoLoved'>> {
    const { data } = this.requireModel();
    const exclude =
      request.profileId !== undefined
        ? (await this.personFor(request.profileId)).person.rated
        : undefined;
    return { items: alsoLoved(data, request.movieId, this.opts.movies, request.limit, exclude) };
  }

  async status(profileId: number | undefined): Promise<EngineStatus> {
    const choice = this.choice ?? (await initBackend(this.opts.backend));
    const m = this.loaded?.manifest;
    let profile: EngineStatus['profile'] = null;
    if (profileId !== undefined) {
      const rows = this.opts.profileRatings(profileId);
      const hash = hashRatings(this.signalsOf(profileId));
      const entry = this.profiles.get(profileId);
      const stored = entry?.stored ?? (await this.store.load(profileId));
      const current = !!stored && stored.ratingsHash === hash && stored.modelVersion === m?.version;
      profile = {
        profileId,
        state: entry?.running
          ? 'training'
          : current
            ? 'fine-tuned'
            : stored || rows.length > 0
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
          }
        : null,
      profile,
    };
  }

  ratingsChanged(profileId: number): void {
    this.scheduleFineTune(profileId, this.debounceMs);
  }

  private scheduleFineTune(profileId: number, delayMs: number): void {
    if (this.closed || !this.loaded) return;
    const entry = this.profiles.get(profileId);
    if (entry?.timer) clearTimeout(entry.timer);
    const timer = setTimeout(() => {
      const e = this.profiles.get(profileId);
      if (e) e.timer = null;
      this.fineTuneNow(profileId).catch(() => undefined);
    }, delayMs);
    timer.unref();
    if (entry) entry.timer = timer;
    else this.pendingTimers.set(profileId, timer);
  }

  private readonly pendingTimers = new Map<number, NodeJS.Timeout>();

  /** Runs a fine-tune now (waiting for one already running); resolves with what it did. */
  private async fineTuneNow(
    profileId: number,
    options?: JobOptions,
  ): Promise<Response<'engine.finetune'>> {
    const { loaded, data } = this.requireModel();
    const pending = this.pendingTimers.get(profileId);
    if (pending) {
      clearTimeout(pending);
      this.pendingTimers.delete(profileId);
    }
    const existing = this.profiles.get(profileId);
    if (existing?.running) {
      existing.again = true;
      await existing.running.catch(() => undefined);
    }
    const rows = this.signalsOf(profileId);
    const hash = hashRatings(rows);
    const history = this.historyOf(rows, data);
    const start = loaded.model.foldIn(history);
    const version = loaded.manifest.version;
    let result: Response<'engine.finetune'> = { seconds: 0, ratings: rows.length, finalLoss: 0 };
    const run = (async () => {
      const outcome = await this.worker.run(
        {
          kind: 'finetune',
          modelsDir: this.opts.modelsDir,
          model: loaded.model.name,
          modelVersion: version,
          history,
          start,
        },
        {
          signal: options?.signal,
          onProgress: options ? (p) => options.onProgress(toJobProgress(p)) : undefined,
        },
      );
      if (this.loaded?.manifest.version !== version) return; // the model changed meanwhile
      const stored: StoredPersonalState = {
        profileId,
        modelVersion: version,
        ratingsHash: hash,
        ratingCount: rows.length,
        fineTunedAt: Date.now(),
        seconds: outcome.seconds,
        finalLoss: outcome.finalLoss,
        state: outcome.state,
      };
      await this.store.save(stored);
      const entry = this.profiles.get(profileId);
      if (entry) entry.stored = stored;
      if (entry && entry.ratingsHash === hash) {
        entry.person = makePerson(data, entry.history, outcome.state);
        entry.freshness = 'fine-tuned';
      } else if (!entry) {
        this.profiles.set(profileId, {
          ratingsHash: hash,
          ratingCount: rows.length,
          history,
          person: makePerson(data, history, outcome.state),
          freshness: 'fine-tuned',
          stored,
          timer: null,
          running: null,
          again: false,
        });
      }
      result = { seconds: outcome.seconds, ratings: rows.length, finalLoss: outcome.finalLoss };
      for (const l of this.listeners) l({ profileId, seconds: outcome.seconds });
    })();
    const entry = this.profiles.get(profileId);
    if (entry) entry.running = run;
    try {
      await run;
    } catch (e) {
      if (e instanceof AbortError) throw new TrainingCancelledError('finetune');
      throw e;
    } finally {
      const e = this.profiles.get(profileId);
      if (e && e.running === run) e.running = null;
      if (e?.again) {
        e.again = false;
        if (e.ratingsHash !== hash) this.scheduleFineTune(profileId, 0);
      }
    }
    return result;
  }

  finetune(profileId: number, options: JobOptions): Promise<Response<'engine.finetune'>> {
    return this.fineTuneNow(profileId, options);
  }

  async pretrain(
    request: Omit<ParsedRequest<'engine.pretrain'>, 'jobId'>,
    options: JobOptions,
  ): Promise<Response<'engine.pretrain'>> {
    let dataset: EngineDataset | null;
    if (request.dataset) {
      if (!this.opts.loadDatasetFromPath)
        throw new NoTrainingDataError('Training on a dataset path is not available here.');
      options.onProgress({ phase: 'reading dataset', current: 0, total: null, unit: 'rows' });
      dataset = await this.opts.loadDatasetFromPath(request.dataset, options);
    } else dataset = this.opts.dataset();
    if (!dataset || dataset.ratings.rating.length === 0) {
      throw new NoTrainingDataError(
        'There are no dataset ratings to train on: import a MovieLens release first.',
      );
    }
    const modelsDir = request.outDir ?? this.opts.modelsDir;
    const model = request.model ?? this.loaded?.model.name ?? fallbackModelName;
    try {
      const outcome = await this.worker.run(
        {
          kind: 'pretrain',
          dataset,
          model,
          modelsDir,
          seed: request.seed,
          settings: request.epochs ? { epochs: request.epochs } : undefined,
        },
        { signal: options.signal, onProgress: (p) => options.onProgress(toJobProgress(p)) },
      );
      if (modelsDir === this.opts.modelsDir && (!this.loaded || this.loaded.model.name === model))
        await this.reloadModel();
      return { model, seconds: outcome.seconds, metrics: outcome.manifest.metrics };
    } catch (e) {
      if (e instanceof AbortError) throw new TrainingCancelledError('pretrain');
      throw e;
    }
  }

  profileDeleted(profileId: number): void {
    const entry = this.profiles.get(profileId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.profiles.delete(profileId);
    void this.store.remove(profileId);
  }

  catalogueChanged(): void {
    if (this.data) disposeListData(this.data);
    if (this.loaded) this.data = buildListData(this.loaded.model, this.opts.dataset());
    this.profiles.clear();
  }

  onModelUpdated(listener: (event: { profileId: number; seconds: number }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every fine-tune started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.profiles.values()]
        .map((e) => e.running)
        .filter((r): r is Promise<void> => !!r);
      const timers =
        [...this.profiles.values()].some((e) => e.timer) || this.pendingTimers.size > 0;
      if (running.length === 0 && !timers && !this.pretraining) return;
      await Promise.allSettled([...running, this.pretraining]);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.profiles.values()) if (e.timer) clearTimeout(e.timer);
    for (const t of this.pendingTimers.values()) clearTimeout(t);
    await this.worker.close();
  }
}

function toJobProgress(p: TrainingProgress): Omit<JobProgress, 'jobId' | 'kind'> {
  return {
    phase: p.unit === 'epochs' ? 'training' : 'fine-tuning',
    current: p.current,
    total: p.total,
    unit: p.unit,
    loss: p.loss,
    ...(p.validationLoss !== undefined ? { validationLoss: p.validationLoss } : {}),
    etaSeconds: p.etaSeconds,
  };
}
