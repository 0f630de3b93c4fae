import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { sqliteBinding } from './db';
import { readTagIndex, type TagIndexData } from './tag-search';
import type { WorkerJobMessage } from '../util/workers';

/** Worker thread body: the tag index of a catalogue file, off the thread that answers. */
const port = parentPort!;
const { dbFile } = workerData as { dbFile: string };

try {
  const db = new Database(dbFile, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: sqliteBinding(),
  });
  let data: TagIndexData;
  try {
    data = readTagIndex(db);
  } finally {
    db.close();
  }
  const message: WorkerJobMessage<TagIndexData> = { type: 'done', result: data };
  const buffers = [data.people, data.offsets, data.movieIds, data.movieCounts].map(
    (array) => array.buffer as ArrayBuffer,
  );
  port.postMessage(message, buffers);
} catch (err) {
  const message: WorkerJobMessage<TagIndexData> = {
    type: 'failed',
    message: err instanceof Error ? err.message : String(err),
  };
  port.postMessage(message);
}
