import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Every worker thread the service starts, by name. From sources (tsx, Vitest) a worker is the
 * `.ts` file and needs tsx loaded into the thread; in the bundle each is `dist/main/worker-<name>.js`.
 */
const workerSources = {
  import: '../importers/import-worker.ts',
  train: '../engine/train-worker.ts',
} as const;

export type WorkerName = keyof typeof workerSources;

const runningFromSource = import.meta.url.endsWith('.ts');

export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (runningFromSource) {
    return new Worker(new URL(workerSources[name], import.meta.url), {
      ...options,
      execArgv: ['--import', 'tsx'],
    });
  }
  return new Worker(new URL(`./worker-${name}.js`, import.meta.url), options);
}
