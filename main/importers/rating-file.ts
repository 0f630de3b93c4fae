import { startWorker } from '../util/workers';
import { ImportCancelledError, ImportError, throwIfImportCancelled } from './errors';
import {
  RatingBatch,
  type FromParser,
  type ParserFailure,
  type RatingParserData,
  type ToParser,
} from './rating-batches';
import { ratingLineHandler, type RatingFileSpec } from './rating-lines';
import { RatingStats } from './rating-stats';
import { readFileLines, type ReadContext } from './read-file';
import { DuplicateRatingError, type ReleaseWriter } from './release-writer';

/**
 * Reads a release's ratings file into the writer: on this thread, or with `ctx.ratingsThread`
 * parsed on a second thread while this one only writes rows (a big file then takes about as
 * long as its SQLite inserts). Both give the same rows, statistics, fingerprint and errors.
 */
export async function readRatingFile(
  ctx: ReadContext,
  spec: RatingFileSpec,
  writer: ReleaseWriter,
): Promise<void> {
  if (ctx.ratingsThread) return readRatingsInThread(ctx, spec, writer);
  await readFileLines(
    ctx,
    spec.file,
    ratingLineHandler(spec, (user, movie, half, time, lineNo) => {
      try {
        writer.addRating(user, movie, half, time, lineNo);
      } catch (err) {
        throw atLine(err, spec.file, lineNo);
      }
    }),
  );
  try {
    writer.flushRatings();
  } catch (err) {
    throw atLine(err, spec.file, 0);
  }
}

function readRatingsInThread(
  ctx: ReadContext,
  spec: RatingFileSpec,
  writer: ReleaseWriter,
): Promise<void> {
  ctx.meter.startFile(spec.file);
  throwIfImportCancelled(ctx.signal);
  return new Promise<void>((resolve, reject) => {
    const data: RatingParserData = { location: ctx.source.location, spec };
    const worker = startWorker('ratingParser', { workerData: data });
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const cancel = () => finish(new ImportCancelledError());
    ctx.signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: FromParser) => {
      if (settled) return;
      try {
        if (message.type === 'batch') {
          writeBatch(writer, new RatingBatch(message.buffer), message.rows, spec.file);
          // the next batch may be a while coming, and its message is read with the lock held
          writer.pauseWrites();
          ctx.meter.fileBytesRead(message.bytes);
          worker.postMessage({ type: 'buffer', buffer: message.buffer } satisfies ToParser, [
            message.buffer,
          ]);
        } else if (message.type === 'end') {
          try {
            writer.flushRatings();
          } catch (err) {
            throw atLine(err, spec.file, 0);
          }
          writer.pauseWrites();
          writer.mergeRatingStats(RatingStats.revive(message.stats));
          ctx.meter.fileBytesRead(message.bytes);
          finish();
        } else finish(parserError(message.error, spec.file));
      } catch (err) {
        finish(err);
      }
    });
    worker.on('error', (err) => finish(parserError(err, spec.file)));
    worker.on('exit', (code) =>
      finish(
        new ImportError(`the parsing thread stopped (code ${code}) before the end`, spec.file),
      ),
    );
  });
}

function writeBatch(writer: ReleaseWriter, batch: RatingBatch, rows: number, file: string): void {
  const { users, movies, halves, times, lines } = batch;
  let i = 0;
  try {
    for (; i < rows; i++) writer.insertRating(users[i], movies[i], halves[i], times[i], lines[i]);
  } catch (err) {
    throw atLine(err, file, lines[i]);
  }
}

/** A duplicate names its own line (found when its batch is written); `lineNo` is a fallback. */
function atLine(err: unknown, file: string, lineNo: number): unknown {
  if (err instanceof DuplicateRatingError)
    return new ImportError(err.message, file, err.line || lineNo || undefined);
  return err;
}

function parserError(error: ParserFailure, file: string): ImportError {
  if (error.name === 'ImportError' && error.reason !== undefined)
    return new ImportError(error.reason, error.file, error.line);
  return new ImportError(`could not be read (${error.message})`, file);
}
