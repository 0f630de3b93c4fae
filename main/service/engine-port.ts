import type { Db } from '../catalogue/db';
import type { EnginePort, EvalPort } from '../api/ports';
import { lazyModule } from './optional-module';

export interface EngineServiceOptions {
  db: Db;
  dbFile: string;
  modelsDir: string;
  backend?: string;
}

/**
 * The engine's service (main/engine/service.ts, `createEngineService(options)`) implements
 * EnginePort itself. It is loaded on first use, so commands that never touch the engine never
 * load TensorFlow.js; notifications before that are unnecessary (the engine checks each profile's
 * freshness against the catalogue when it starts).
 */
interface EngineModule {
  createEngineService(options: EngineServiceOptions): EnginePort | Promise<EnginePort>;
}

interface EvalModule {
  runEvaluation: EvalPort['evaluate'];
}

export function enginePort(options: EngineServiceOptions): EnginePort {
  const listeners = new Set<Parameters<EnginePort['onModelUpdated']>[0]>();
  let engine: EnginePort | null = null;
  let closed = false;
  const load = lazyModule(async () => {
    const module = (await import('../engine/service' as string)) as EngineModule;
    const started = await module.createEngineService(options);
    if (closed) {
      await started.close();
      throw new Error('The service is closing');
    }
    started.onModelUpdated((event) => listeners.forEach((listener) => listener(event)));
    engine = started;
    return started;
  }, 'The recommendation engine');

  return {
    backend: () => engine?.backend() ?? null,
    status: async (profileId) => (await load()).status(profileId),
    forYou: async (request) => (await load()).forYou(request),
    similarMovies: async (request) => (await load()).similarMovies(request),
    peopleLikeYou: async (request) => (await load()).peopleLikeYou(request),
    alsoLoved: async (request) => (await load()).alsoLoved(request),
    finetune: async (profileId, jobOptions) => (await load()).finetune(profileId, jobOptions),
    pretrain: async (request, jobOptions) => (await load()).pretrain(request, jobOptions),
    ratingsChanged: (profileId) => engine?.ratingsChanged(profileId),
    profileDeleted: (profileId) => engine?.profileDeleted(profileId),
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

const loadEval = lazyModule(
  () => import('../eval/run-evaluation' as string) as Promise<EvalModule>,
  'Evaluation',
);

/** Evaluation (main/eval/run-evaluation.ts) runs a protocol of EVALUATION.md. */
export function evalPort(): EvalPort {
  return {
    evaluate: async (request, options) => (await loadEval()).runEvaluation(request, options),
  };
}
