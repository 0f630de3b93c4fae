import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from './errors';
import { ProgressMeter } from './progress';
import {
  BATCH_ROWS,
  RatingBatch,
  type FromParser,
  type ParserFailure,
  type RatingParserData,
  type ToParser,
} from './rating-batches';
import { ratingLineHandler } from './rating-lines';
import { RatingStats } from './rating-stats';
import { readFileLines } from './read-file';
import { openSource } from './sources';

/**
 * Worker thread body that parses a release's ratings file while the import's own thread writes
 * to SQLite: it validates each line exactly as the single-threaded import does, keeps the
 * release statistics, and sends the ratings in column batches whose buffers come back for reuse.
 * At most MAX_IN_FLIGHT batches (about 1.4 MB each) wait for the writer: that bounds the memory
 * this takes, and is deep enough for the writer to stay busy when this thread falls behind a while.
 */
const MAX_IN_FLIGHT = 16;

const port = parentPort!;
const { location, spec } = workerData as RatingParserData;
const post = (message: FromParser, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const free: ArrayBuffer[] = [];
let inFlight = 0;
let resume: (() => void) | null = null;

port.on('message', (message: ToParser) => {
  free.push(message.buffer);
  inFlight--;
  resume?.();
  resume = null;
});

/** Awaited after each chunk of the file: holds the reading back while the writer is behind. */
function pause(): Promise<void> | undefined {
  if (inFlight < MAX_IN_FLIGHT) return undefined;
  return new Promise<void>((wake) => (resume = wake));
}

async function run(): Promise<void> {
  const source = await openSource(location);
  let bytes = 0;
  const meter = new ProgressMeter((progress) => (bytes = progress.bytes), null, 0);
  const stats = new RatingStats();
  let batch = new RatingBatch();
  let rows = 0;
  const send = () => {
    post({ type: 'batch', buffer: batch.buffer, rows, bytes }, [batch.buffer]);
    inFlight++;
    batch = new RatingBatch(free.pop());
    rows = 0;
  };
  try {
    const onLine = ratingLineHandler(spec, (user, movie, half, time, lineNo) => {
      stats.add(user, movie, half);
      batch.users[rows] = user;
      batch.movies[rows] = movie;
      batch.halves[rows] = half;
      batch.times[rows] = time;
      batch.lines[rows] = lineNo;
      if (++rows === BATCH_ROWS) send();
    });
    await readFileLines({ source, meter, pause }, spec.file, onLine);
    if (rows > 0) send();
    post({ type: 'end', stats, bytes }, stats.transferables());
  } finally {
    source.close();
  }
}

run().catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  const failure: ParserFailure = { name: error.name, message: error.message };
  if (err instanceof ImportError)
    Object.assign(failure, { reason: err.reason, file: err.file, line: err.line });
  post({ type: 'failed', error: failure });
});
