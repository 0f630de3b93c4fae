import type { Db } from '../catalogue/db';
import { countMissingSpreads, releasesWithoutSpread } from '../catalogue/rating-spread';
import { runWorkerJob } from '../util/workers';

export interface SpreadBackfill {
  /** Settles with the rows written once every release's spread is counted (0: none missing). */
  done: Promise<number>;
  /** Stops counting (what is written stays; the rest is counted at the next start); `done` gives 0. */
  stop(): void;
}

/**
 * Counts the rating spreads of releases imported before migration 006 in a worker thread, so
 * that opening a large catalogue and answering people never wait for it; movie pages show their
 * chart once it is done. An in-memory catalogue (tests) has no file to share: counted here.
 */
export function startSpreadBackfill(db: Db, dbFile: string): SpreadBackfill {
  if (releasesWithoutSpread(db).length === 0) return { done: Promise.resolve(0), stop() {} };
  if (dbFile === ':memory:') return { done: Promise.resolve(countMissingSpreads(db)), stop() {} };
  let stopped = false;
  const job = runWorkerJob<number>('spreadBackfill', { dbFile });
  // Stopped on purpose (the service closing, a one-shot CLI command ending): nothing to say.
  const done = job.result.catch((err: Error) => {
    if (stopped) return 0;
    throw new Error(`counting the rating spreads failed: ${err.message}`);
  });
  // A failure leaves those movies without a chart until the next start; nothing else depends on it.
  done.catch((err: Error) => console.warn(`[catalogue] ${err.message}`));
  return {
    done,
    stop() {
      stopped = true;
      job.stop();
    },
  };
}
