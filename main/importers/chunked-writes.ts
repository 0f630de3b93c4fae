import type { Db } from '../catalogue/db';
import { pendingWrites } from '../catalogue/pending-writes';

/**
 * How long one write transaction of a long import may hold the catalogue's write lock when no
 * write of this process waits; then the lock stays free for CHUNK_GAP_MS. Writers of other
 * processes (the CLI beside the app) wait for such a gap, and SQLite's busy handler retries
 * often enough to find one at this cadence: with the app writing from another process during a
 * 25M-rating import, 20 / 3 ms gave a rating set p95 19 ms, 100 / 3 ms 630 ms.
 */
export const CHUNK_HOLD_MS = 20;
/** How long the import then leaves the lock free for other processes' writes. */
export const CHUNK_GAP_MS = 3;
/** The longest the import waits for this process's counted writes to finish. */
export const MAX_WAIT_FOR_WRITES_MS = 100;

/** Runs `step` until it reports nothing left to do, in whatever transactions suit the caller. */
export type Repeat = (step: () => boolean) => void;

/** Runs every step in the transaction already open (the swap's). */
export const inOpenTransaction: Repeat = (step) => {
  while (step());
};

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` milliseconds (the writer's callers are synchronous). */
function pause(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Writes a long import's rows as many short transactions instead of one long one. A transaction
 * ends at the next write when a write of this process waits for the lock (pendingWrites, counted
 * by every catalogue connection), and the import waits for that write to finish: a rating set in
 * the app meanwhile waits about a millisecond plus its busy handler's next retry instead of the
 * whole import. Otherwise a transaction holds the lock for CHUNK_HOLD_MS, then leaves it free for
 * CHUNK_GAP_MS, for writers of other processes (SQLite's busy handler retries within that gap).
 */
export class ChunkedWrites {
  private openedAt = -1;

  constructor(
    private readonly db: Db,
    private readonly holdMs = CHUNK_HOLD_MS,
    private readonly gapMs = CHUNK_GAP_MS,
    private readonly waiting: Int32Array = pendingWrites(),
  ) {}

  /** Call before each write: opens a transaction, or ends one held long enough and lets others write. */
  beforeWrite(): void {
    if (
      this.openedAt >= 0 &&
      (Atomics.load(this.waiting, 0) > 0 || performance.now() - this.openedAt >= this.holdMs)
    ) {
      this.commit();
      this.letOthersWrite();
    }
    if (this.openedAt < 0) {
      this.db.exec('BEGIN IMMEDIATE');
      this.openedAt = performance.now();
    }
  }

  private letOthersWrite(): void {
    let waiting = Atomics.load(this.waiting, 0);
    if (waiting === 0) return pause(this.gapMs);
    const until = performance.now() + MAX_WAIT_FOR_WRITES_MS;
    for (let now = performance.now(); waiting > 0 && now < until; now = performance.now()) {
      Atomics.wait(this.waiting, 0, waiting, until - now);
      waiting = Atomics.load(this.waiting, 0);
    }
  }

  /** Commits the open transaction, if any. */
  commit(): void {
    if (this.openedAt < 0) return;
    this.openedAt = -1;
    this.db.exec('COMMIT');
  }

  /** Rolls the open transaction back, if any (rows of earlier chunks stay: see orphan rows). */
  rollback(): void {
    this.openedAt = -1;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  /** Runs `step` in short transactions until it reports nothing left to do. */
  repeat(step: () => boolean): void {
    try {
      for (;;) {
        this.beforeWrite();
        if (!step()) break;
      }
      this.commit();
    } catch (err) {
      this.rollback();
      throw err;
    }
  }
}
