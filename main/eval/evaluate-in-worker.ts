import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackendName, EvaluationRow, ProtocolName } from '../../shared/domain';
import type { JobOptions } from '../core/jobs';
import { AbortError } from '../engine/models/model-definition';
import { runWorkerJob } from '../util/workers';
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

/** What an evaluation reports while it runs (run-evaluation.ts). */
export type EvalProgress = Parameters<NonNullable<EvaluationJob['onProgress']>>[0];

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
  const job = runWorkerJob<EvaluationRow[], EvalProgress>('evaluation', input, {
    onProgress: options.onProgress,
    stopped: () => new AbortError(),
  });
  const onAbort = () => job.stop();
  options.signal.addEventListener('abort', onAbort, { once: true });
  return job.result.finally(() => {
    options.signal.removeEventListener('abort', onAbort);
    rmSync(scratchDir, { recursive: true, force: true });
  });
}
