import { parentPort } from 'node:worker_threads';
import { initBackend } from './backend';
import { fineTuneOrFoldIn } from '../models/fallbacks';
import { AbortError, type TrainedModel } from '../models/model-definition';
import { loadModel } from './model-store';
import { pretrain } from './pretrain';
import type {
  FromWorker,
  ToWorker,
  TrainingJob,
  TrainingOutcome,
  TrainingProgress,
} from './training-jobs';

/**
 * The training worker thread: runs pretraining and fine-tuning jobs one at a time, posts
 * progress, and stops a job between batches when asked. Keeps the last loaded model so that
 * repeated fine-tunes do not reload it.
 */
const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');

const controllers = new Map<number, AbortController>();
let cached: { key: string; model: TrainedModel } | null = null;
let queue: Promise<void> = Promise.resolve();

async function modelFor(modelsDir: string, name: string, version: string): Promise<TrainedModel> {
  const key = `${modelsDir}\0${name}\0${version}`;
  if (cached?.key === key) return cached.model;
  const loaded = await loadModel(modelsDir, name);
  if (loaded.manifest.version !== version) {
    throw new Error(`model ${name} on disk is ${loaded.manifest.version}, expected ${version}`);
  }
  cached = { key, model: loaded.model };
  return loaded.model;
}

async function run(
  job: TrainingJob,
  signal: AbortSignal,
  progress: (p: TrainingProgress) => void,
): Promise<TrainingOutcome> {
  if (job.kind === 'pretrain') {
    const started = performance.now();
    const result = await pretrain({
      dataset: job.dataset,
      model: job.model,
      modelsDir: job.modelsDir,
      seed: job.seed,
      settings: job.settings,
      why: job.why,
      signal,
      onProgress: (p) =>
        progress({
          unit: 'epochs',
          current: p.epoch,
          total: p.totalEpochs,
          loss: p.loss,
          validationLoss: p.validationLoss,
          lossName: p.lossName,
          etaSeconds: p.etaSeconds,
        }),
    });
    return {
      kind: 'pretrain',
      manifest: result.manifest,
      dir: result.dir,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const model = await modelFor(job.modelsDir, job.model, job.modelVersion);
  const started = performance.now();
  const result = await fineTuneOrFoldIn(model, job.history, job.start, {
    signal,
    onStep: (step, total, loss, lossName) => {
      const elapsed = (performance.now() - started) / 1000;
      progress({
        unit: 'steps',
        current: step,
        total,
        loss,
        lossName,
        etaSeconds: step > 0 ? (elapsed / step) * (total - step) : null,
      });
    },
  });
  return {
    kind: 'finetune',
    state: result.state,
    steps: result.steps,
    finalLoss: result.finalLoss,
    seconds: (performance.now() - started) / 1000,
  };
}

function post(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controllers.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(message.id, controller);
  queue = queue.then(async () => {
    try {
      if (controller.signal.aborted) throw new AbortError();
      const choice = await initBackend(message.backend);
      const outcome = await run(message.job, controller.signal, (progress) =>
        post({ type: 'progress', id: message.id, progress }),
      );
      post({ type: 'done', id: message.id, outcome, backend: choice.backend });
    } catch (e) {
      const err = e as Error;
      post({
        type: 'error',
        id: message.id,
        error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) },
      });
    } finally {
      controllers.delete(message.id);
    }
  });
});
