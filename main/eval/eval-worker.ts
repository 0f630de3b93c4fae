import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../engine/runtime/backend';
import type { EvaluationRow } from '../../shared/domain';
import type { WorkerJobMessage } from '../util/workers';
import type { EvalProgress, EvalWorkerInput } from './evaluate-in-worker';
import { runEvaluation } from './run-evaluation';

/**
 * Worker thread body: one evaluation (run-evaluation.ts) of the API's request shape, its
 * progress and its rows posted to the thread that started it (evaluate-in-worker.ts).
 */
const port = parentPort!;
const { backend, ...request } = workerData as EvalWorkerInput;
const post = (message: WorkerJobMessage<EvaluationRow[], EvalProgress>) =>
  port.postMessage(message);

try {
  // the engine models of the harness start TensorFlow.js with the service's choice of backend
  if (backend) await initBackend(backend);
  const rows = await runEvaluation(request, {
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'done', result: rows });
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
