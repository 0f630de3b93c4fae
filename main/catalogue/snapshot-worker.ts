import { parentPort, workerData } from 'node:worker_threads';
import { copyCatalogueFile, type SnapshotFailure } from './snapshot';
import type { WorkerJobMessage } from '../util/workers';

/** Worker thread body: one copy of a catalogue file, off the thread that answers. */
const port = parentPort!;
const { from, to } = workerData as { from: string; to: string };
const post = (message: WorkerJobMessage<SnapshotFailure | null>) => port.postMessage(message);

copyCatalogueFile(from, to).then(
  () => post({ type: 'done', result: null }),
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    post({
      type: 'done',
      result: {
        message: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    });
  },
);
