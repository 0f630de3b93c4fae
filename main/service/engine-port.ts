import { ApiError } from '../../shared/api';
import { BackendName } from '../../shared/domain';
import type { EnginePort, EvalPort } from '../api/ports';
import type { Db } from '../catalogue/db';
import { moviesMarked } from '../catalogue/movie-marks';
import { getMovieSummaries } from '../catalogue/movies';
import { plainProfileRatings } from '../catalogue/profile-ratings';
import { releaseListSource } from '../catalogue/list-source';
import { readActiveDataset } from '../catalogue/release-data';
import { PersonalStore, personalDirFor } from '../engine/runtime/personal-store';
import { lazyModule } from './optional-module';

export interface EngineWiring {
  db: Db;
  dbFile: string;
  modelsDir: string;
  backend?: string;
  autoPretrain?: boolean;
  readRatingsAhead?: boolean;
}

/**
 * The engine (main/engine/runtime/engine-service.ts) fed from the catalogue. It starts on first use, so
 * commands that never touch the engine never load TensorFlow.js; notifications before then are
 * not needed (the engine compares each profile's ratings with its stored model when it starts).
 */
export function enginePort(wiring: EngineWiring): EnginePort {
  const backend = parseBackend(wiring.backend);
  const listeners = new Set<Parameters<EnginePort['onModelUpdated']>[0]>();
  let engine: EnginePort | null = null;
  let closed = false;

  const load = lazyModule(async () => {
    const [{ EngineService }, { loadDatasetFromRelease }] = await Promise.all([
      import('../engine/runtime/engine-service'),
      import('./release-dataset'),
    ]);
    const started = await EngineService.create({
      modelsDir: wiring.modelsDir,
      personalDir: personalDirFor(wiring.dbFile),
      profileRatings: (profileId) => plainProfileRatings(wiring.db, profileId),
      notInterested: (profileId) => moviesMarked(wiring.db, profileId, 'not-interested'),
      seen: (profileId) => moviesMarked(wiring.db, profileId, 'seen'),
      movies: (movieIds) => new Map(getMovieSummaries(wiring.db, movieIds).map((m) => [m.id, m])),
      // read afresh, in a worker thread, each time the engine pretrains
      dataset: () => readActiveDataset(wiring.db),
      listSource: () => releaseListSource(wiring.db),
      loadDatasetFromPath: loadDatasetFromRelease,
      backend,
      autoPretrain: wiring.autoPretrain ?? true,
      readRatingsAhead: wiring.readRatingsAhead,
    });
    if (closed) {
      await started.close();
      throw new ApiError('failed', 'The service is closing');
    }
    started.onModelUpdated((event) => listeners.forEach((listener) => listener(event)));
    engine = started;
    return started;
  }, 'The recommendation engine');

  return {
    backend: () => engine?.backend() ?? null,
    status: async (profileId) => (await load()).status(profileId),
    forYou: async (request) => (await load()).forYou(request),
    forMovie: async (request) => (await load()).forMovie(request),
    forMovies: async (request) => (await load()).forMovies(request),
    similarMovies: async (request) => (await load()).similarMovies(request),
    peopleLikeYou: async (request) => (await load()).peopleLikeYou(request),
    alsoLoved: async (request) => (await load()).alsoLoved(request),
    together: async (request) => (await load()).together(request),
    finetune: async (profileId, options) => (await load()).finetune(profileId, options),
    pretrain: async (request, options) => (await load()).pretrain(request, options),
    ratingsChanged: (profileId) => engine?.ratingsChanged(profileId),
    // Before the engine starts, a deleted profile's personal model is still deleted.
    profileDeleted: (profileId) =>
      engine
        ? engine.profileDeleted(profileId)
        : new PersonalStore(personalDirFor(wiring.dbFile)).remove(profileId),
    catalogueChanged: () => engine?.catalogueChanged(),
    onModelUpdated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      await engine?.close();
    },
  };
}

function parseBackend(name: string | undefined): BackendName | undefined {
  if (name === undefined) return undefined;
  const parsed = BackendName.safeParse(name);
  if (!parsed.success) {
    throw new ApiError(
      'bad-request',
      `Unknown backend "${name}": use ${BackendName.options.join(', ')}`,
    );
  }
  return parsed.data;
}

/**
 * Evaluation (main/eval/run-evaluation.ts): a protocol of EVALUATION.md, in a worker thread
 * (main/eval/evaluate-in-worker.ts) with the service's backend, loaded on first use.
 */
export function evalPort(modelsDir: string, backendName?: string): EvalPort {
  const backend = parseBackend(backendName);
  return {
    async evaluate(request, options) {
      const { evaluateInWorker } = await import('../eval/evaluate-in-worker');
      return evaluateInWorker({ ...request, modelsDir, backend }, options);
    },
  };
}
