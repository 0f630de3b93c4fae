import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackendName, EvaluationRow, ProtocolName } from '../../shared/domain';
import type { JobOptions } from '../core/jobs';
import { AbortError } from '../engine/models/model-definition';
import { startWorker } from '../util/workers';
import type { EvaluationJob } from './run-evaluation';

export interface EvalWorkerInput {
  dataset: string;
  protocol: ProtocolName;
  model?: string;
  modelsDir: string;
  /** The temporary catalogue's folder, removed by the starting thread however the worker ends. */
  scratchDir: string;
  backend?: BackendName;
}

export type EvalWorkerMessage =
  | { type: 'progress'; progress: Parameters<NonNullable<EvaluationJob['onProgress']>>[0] }
  | { type: 'done'; rows: EvaluationRow[] }
  | { type: 'failed'; message: string };

/**
 * Runs one evaluation in a worker thread of its own: it trains models for seconds to hours, and
 * the thread that answers people must not wait meanwhile. A cancel ends the thread at once (the
 * harness itself looks at its signal only between protocols). Settles once the thread has ended
 * and its temporary catalogue (a folder under `tempRoot`) is gone.
 */
export function evaluateInWorker(
  request: Omit<EvalWorkerInput, 'scratchDir'>,
  options: JobOptions,
  tempRoot = tmpdir(),
): Promise<EvaluationRow[]> {
  if (options.signal.aborted) return Promise.reject(new AbortError());
  const scratchDir = mkdtempSync(path.join(tempRoot, 'movie-assistant-eval-'));
  const input: EvalWorkerInput = { ...request, scratchDir };
  const worker = startWorker('evaluation', { workerData: input });
  return new Promise<EvaluationRow[]>((resolve, reject) => {
    let settle: (() => void) | null = null;
    const end = (outcome: () => void) => {
      settle ??= outcome;
      void worker.terminate();
    };
    const onAbort = () => end(() => reject(new AbortError()));
    options.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: EvalWorkerMessage) => {
      if (message.type === 'progress') options.onProgress(message.progress);
      else if (message.type === 'done') end(() => resolve(message.rows));
      else end(() => reject(new Error(message.message)));
    });
    worker.on('error', (err) => end(() => reject(err)));
    worker.on('exit', (code) => {
      options.signal.removeEventListener('abort', onAbort);
      rmSync(scratchDir, { recursive: true, force: true });
      (settle ?? (() => reject(new Error(`the evaluation stopped (code ${code})`))))();
    });
  });
}
