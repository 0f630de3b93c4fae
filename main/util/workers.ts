import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Every worker thread the service starts, by name. From sources (tsx, Vitest) a worker is the
 * `.ts` file and needs tsx loaded into the thread; in the bundle each is `dist/main/worker-<name>.js`.
 */
const workerSources = {
  import: '../importers/import-worker.ts',
  ratingParser: '../importers/rating-parse-worker.ts',
  train: '../engine/runtime/train-worker.ts',
  spreadBackfill: '../catalogue/spread-backfill-worker.ts',
  evaluation: '../eval/eval-worker.ts',
  releaseData: '../catalogue/release-data-worker.ts',
  integrity: '../catalogue/integrity-worker.ts',
  snapshot: '../catalogue/snapshot-worker.ts',
  tagIndex: '../catalogue/tag-index-worker.ts',
} as const;

export type WorkerName = keyof typeof workerSources;

const runningFromSource = import.meta.url.endsWith('.ts');

export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (runningFromSource) {
    // `execArgv: ['--import', 'tsx']` does not reach a Worker's own entry file on Node 20
    // ("Unknown file extension .ts"): a small bootstrap registers tsx in the thread first.
    const entry = new URL(workerSources[name], import.meta.url).href;
    const tsxApi = pathToFileURL(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
        'dist/esm/api/index.mjs',
      ),
    ).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(bootstrap, { ...options, eval: true });
  }
  return new Worker(
    outsideAsar(fileURLToPath(new URL(`./worker-${name}.js`, import.meta.url))),
    options,
  );
}

/**
 * Worker threads cannot read inside Electron's app.asar: the packaged app keeps the worker
 * bundles (and what they load) in app.asar.unpacked (electron-builder.yml's asarUnpack).
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** What a worker doing one job posts: progress, then its result or why it failed. */
export type WorkerJobMessage<T, P = never> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: T }
  | { type: 'failed'; message: string };

export interface WorkerJob<T> {
  /** Settles once the thread has ended: with the job's result, or why there is none. */
  result: Promise<T>;
  /** Ends the thread at once; `result` then rejects with `stopped()`'s error. */
  stop(): void;
}

/**
 * Runs one job in a worker thread of its own (posting WorkerJobMessage), for work that writes
 * nothing it would have to undo, so that stopping it may end the thread mid-way.
 */
export function runWorkerJob<T, P = never>(
  name: WorkerName,
  workerData: unknown,
  options: { onProgress?: (progress: P) => void; stopped?: () => Error } = {},
): WorkerJob<T> {
  const worker = startWorker(name, { workerData });
  let outcome: { value: T } | { error: Error } | null = null;
  const end = (ended: { value: T } | { error: Error }) => {
    outcome ??= ended;
    void worker.terminate();
  };
  const result = new Promise<T>((resolve, reject) => {
    worker.on('message', (message: WorkerJobMessage<T, P>) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') end({ value: message.result });
      else end({ error: new Error(message.message) });
    });
    worker.on('error', (error) => end({ error }));
    worker.on('exit', (code) => {
      const ended = outcome ?? { error: new Error(`the ${name} worker stopped (code ${code})`) };
      if ('value' in ended) resolve(ended.value);
      else reject(ended.error);
    });
  });
  return {
    result,
    stop: () => end({ error: options.stopped?.() ?? new Error(`the ${name} worker was stopped`) }),
  };
}
