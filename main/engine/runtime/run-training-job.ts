import type { Worker } from 'node:worker_threads';
import type { BackendName } from '../../../shared/domain';
import { startWorker } from '../../util/workers';
import { AbortError } from '../models/model-definition';
import type {
  FineTuneJob,
  FineTuneOutcome,
  FromWorker,
  PretrainJob,
  PretrainOutcome,
  ToWorker,
  TrainingJob,
  TrainingOutcome,
  TrainingProgress,
} from './training-jobs';

/**
 * Runs training jobs in the 'train' worker thread, so the thread that answers the API stays
 * responsive. One worker serves jobs one after another (it keeps the loaded model between
 * fine-tunes); an AbortSignal becomes a cancel message and the job stops between batches,
 * rejecting with an AbortError. A crashed worker fails its jobs and is replaced on the next job.
 */
export interface JobCallbacks {
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /** Buffers of the job moved to the worker rather than copied: the caller gives them up. */
  transfer?: ArrayBuffer[];
}

interface Pending {
  resolve: (o: TrainingOutcome) => void;
  reject: (e: Error) => void;
  onProgress?: (p: TrainingProgress) => void;
}

export class TrainingWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The backend the worker reported with its last result. */
  lastBackend: BackendName | null = null;

  constructor(private readonly backend?: BackendName) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker('train');
    w.on('message', (m: FromWorker) => this.onMessage(m));
    w.on('error', (e) => this.failAll(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      this.worker = null;
      if (this.pending.size > 0) this.failAll(new Error(`training worker exited (code ${code})`));
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.progress);
      return;
    }
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (m.type === 'done') {
      this.lastBackend = m.backend;
      p.resolve(m.outcome);
    } else {
      const err =
        m.error.name === 'AbortError'
          ? new AbortError(m.error.message)
          : new Error(m.error.message);
      p.reject(err);
    }
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((p) => p.reject(e));
  }

  run(job: PretrainJob, callbacks?: JobCallbacks): Promise<PretrainOutcome>;
  run(job: FineTuneJob, callbacks?: JobCallbacks): Promise<FineTuneOutcome>;
  run(job: TrainingJob, callbacks: JobCallbacks = {}): Promise<TrainingOutcome> {
    if (callbacks.signal?.aborted) return Promise.reject(new AbortError());
    const w = this.ensure();
    w.ref();
    const id = this.nextId++;
    return new Promise<TrainingOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: callbacks.onProgress });
      const onAbort = () => w.postMessage({ type: 'cancel', id } satisfies ToWorker);
      callbacks.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => callbacks.signal?.removeEventListener('abort', onAbort);
      const entry = this.pending.get(id)!;
      entry.resolve = (o) => (cleanup(), resolve(o));
      entry.reject = (e) => (cleanup(), reject(e));
      const message = { type: 'job', id, job, backend: this.backend } satisfies ToWorker;
      w.postMessage(message, callbacks.transfer ?? []);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new AbortError('the engine is closing'));
    if (w) await w.terminate();
  }
}

/** One job in a fresh worker that is closed afterwards (for the CLI and tests). */
export async function runTrainingJob(
  job: PretrainJob,
  callbacks?: JobCallbacks & { backend?: BackendName },
): Promise<PretrainOutcome>;
export async function runTrainingJob(
  job: FineTuneJob,
  callbacks?: JobCallbacks & { backend?: BackendName },
): Promise<FineTuneOutcome>;
export async function runTrainingJob(
  job: TrainingJob,
  callbacks: JobCallbacks & { backend?: BackendName } = {},
): Promise<TrainingOutcome> {
  const worker = new TrainingWorker(callbacks.backend);
  try {
    return await (worker.run as (j: TrainingJob, c: JobCallbacks) => Promise<TrainingOutcome>)(
      job,
      callbacks,
    );
  } finally {
    await worker.close();
  }
}
