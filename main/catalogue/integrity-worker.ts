import { parentPort, workerData } from 'node:worker_threads';
import { catalogueFileProblems } from './integrity';
import type { WorkerJobMessage } from '../util/workers';

/** Worker thread body: SQLite's quick check of one catalogue file, off the thread that answers. */
const port = parentPort!;
const { file } = workerData as { file: string };
const post = (message: WorkerJobMessage<string | null>) => port.postMessage(message);

try {
  post({ type: 'done', result: catalogueFileProblems(file) });
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
