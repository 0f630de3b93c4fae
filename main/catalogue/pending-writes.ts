import type Database from 'better-sqlite3';
import { WaitingWrites } from './waiting-writes';

/**
 * How many writes of this process are running on the catalogue right now, in shared memory that
 * every thread sees: a long import (importers/chunked-writes.ts) ends its transaction early when
 * one is counted, lets it in and waits for it. A worker thread that imports adopts the main
 * thread's counter (adoptPendingWrites).
 */
let pending: Int32Array = new Int32Array(new SharedArrayBuffer(4));

export function pendingWrites(): Int32Array {
  return pending;
}

export function adoptPendingWrites(shared: Int32Array): void {
  pending = shared;
}

/**
 * Counts the connection's writes in pendingWrites(): every run() of a statement that returns no
 * rows, and every transaction function. A write that may have to take the lock (none is held
 * by this connection yet) is also announced to other processes (WaitingWrites) while it runs.
 */
export function countWrites(db: Database.Database): void {
  const others = db.memory ? null : new WaitingWrites(db.name);
  const counted = <A extends unknown[], R>(write: (...args: A) => R): ((...args: A) => R) => {
    return (...args) => {
      Atomics.add(pending, 0, 1);
      const done = others && !db.inTransaction ? others.announce() : null;
      try {
        return write(...args);
      } finally {
        done?.();
        if (Atomics.sub(pending, 0, 1) === 1) Atomics.notify(pending, 0);
      }
    };
  };
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!statement.reader) statement.run = counted(statement.run.bind(statement));
    return statement;
  }) as typeof db.prepare;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn);
    return Object.assign(counted(tx), {
      default: counted(tx.default),
      deferred: counted(tx.deferred),
      immediate: counted(tx.immediate),
      exclusive: counted(tx.exclusive),
    });
  }) as unknown as typeof db.transaction;
}
