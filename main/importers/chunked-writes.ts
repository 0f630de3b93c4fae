import type { Db } from '../catalogue/db';
import { pendingWrites } from '../catalogue/pending-writes';
import { WaitingWrites } from '../catalogue/waiting-writes';

/**
 * How long one write transaction of a long import may hold the catalogue's write lock when no
 * write waits; then the lock stays free for CHUNK_GAP_MS. The app's and the CLI's writes say when
 * they wait (pendingWrites in this process, WaitingWrites from others) and are let in at once;
 * the gap is for writers that cannot say so, whose busy handler retries until it finds one.
 */
export const CHUNK_HOLD_MS = 20;
/** How long the import then leaves the lock free for other processes' writes. */
export const CHUNK_GAP_MS = 1;
/** The longest the import waits for announced writes to finish. */
export const MAX_WAIT_FOR_WRITES_MS = 100;
/** How often a transaction looks for writes announced by other processes (a folder listing). */
const OTHERS_CHECK_MS = 1;

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
 * by every catalogue connection), or within OTHERS_CHECK_MS when one of another process does
 * (WaitingWrites, announced by every catalogue connection), and the import waits for that write
 * to finish: a rating set in the app meanwhile waits about a millisecond plus its busy handler's
 * next retry instead of the whole import. Otherwise a transaction holds the lock for
 * CHUNK_HOLD_MS, then leaves it free for CHUNK_GAP_MS.
 */
export class ChunkedWrites {
  private openedAt = -1;
  private nextOthersCheck = 0;

  constructor(
    private readonly db: Db,
    private readonly holdMs = CHUNK_HOLD_MS,
    private readonly gapMs = CHUNK_GAP_MS,
    private readonly waiting: Int32Array = pendingWrites(),
    private readonly others: Pick<WaitingWrites, 'othersWaiting'> | null = db.memory
      ? null
      : new WaitingWrites(db.name),
  ) {}

  /** Call before each write: opens a transaction, or ends one held long enough and lets others write. */
  beforeWrite(): void {
    if (this.openedAt >= 0) {
      const now = performance.now();
      if (Atomics.load(this.waiting, 0) > 0) {
        this.commit();
        this.waitForThisProcess();
      } else if (this.othersWaitSince(now)) {
        this.commit();
        this.waitForOthers();
      } else if (now - this.openedAt >= this.holdMs) {
        this.commit();
        pause(this.gapMs);
      }
    }
    if (this.openedAt < 0) {
      this.db.exec('BEGIN IMMEDIATE');
      this.openedAt = performance.now();
    }
  }

  private othersWaitSince(now: number): boolean {
    if (!this.others || now < this.nextOthersCheck) return false;
    this.nextOthersCheck = now + OTHERS_CHECK_MS;
    return this.others.othersWaiting();
  }

  /** Until this process's counted writes are done (they wake this thread), at most a while. */
  private waitForThisProcess(): void {
    const until = performance.now() + MAX_WAIT_FOR_WRITES_MS;
    let waiting = Atomics.load(this.waiting, 0);
    for (let now = performance.now(); waiting > 0 && now < until; now = performance.now()) {
      Atomics.wait(this.waiting, 0, waiting, until - now);
      waiting = Atomics.load(this.waiting, 0);
    }
  }

  /** Until the writes other processes announced are done, looking every OTHERS_CHECK_MS. */
  private waitForOthers(): void {
    const until = performance.now() + MAX_WAIT_FOR_WRITES_MS;
    do pause(OTHERS_CHECK_MS);
    while (performance.now() < until && this.others!.othersWaiting());
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
