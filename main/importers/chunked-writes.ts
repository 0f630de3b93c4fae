import type { Db } from '../catalogue/db';
import { pendingWrites } from '../catalogue/pending-writes';

/**
 * How long one short write transaction of a long import may hold the catalogue's write lock (an
 * app write waits about this long at most). 20 ms on / 3 ms off kept ratings.set p95 near 20 ms
 * during a 2M-rating import at about 250k ratings/s; 6 / 6 gave 9 ms at about 150k ratings/s.
 */
export const CHUNK_HOLD_MS = 20;
/** How long the import then leaves the lock free, so the app's own writes get their turn. */
export const CHUNK_GAP_MS = 3;
/**
 * When no write of this process is waiting, the lock is still left free this often: another
 * process (the CLI beside the app) may be waiting, and its waits cannot be seen from here. Every
 * chunk's gap cost the 25M-rating import 13% of its writing time.
 */
export const OTHER_PROCESSES_GAP_EVERY_MS = 100;
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
 * Writes a long import's rows as many short transactions instead of one long one: each holds
 * the write lock for at most CHUNK_HOLD_MS, and ends at the next write when a write of this
 * process waits for the lock (pendingWrites, counted by every catalogue connection); the import
 * then waits for it to finish, so a rating set in the app meanwhile waits about a millisecond
 * plus its busy handler's next retry instead of the whole import. At least every
 * OTHER_PROCESSES_GAP_EVERY_MS the lock stays free for CHUNK_GAP_MS, for writers of other
 * processes (SQLite's busy handler retries within that gap).
 */
export class ChunkedWrites {
  private openedAt = -1;
  private lastGapAt = performance.now();

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
    const started = performance.now();
    let waiting = Atomics.load(this.waiting, 0);
    if (waiting > 0) {
      const until = started + MAX_WAIT_FOR_WRITES_MS;
      for (let now = started; waiting > 0 && now < until; now = performance.now()) {
        Atomics.wait(this.waiting, 0, waiting, until - now);
        waiting = Atomics.load(this.waiting, 0);
      }
      this.lastGapAt = performance.now();
    } else if (started - this.lastGapAt >= OTHER_PROCESSES_GAP_EVERY_MS) {
      pause(this.gapMs);
      this.lastGapAt = performance.now();
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
