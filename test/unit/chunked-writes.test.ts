import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { openCatalogue, type Db } from '../../main/catalogue/db';
import { pendingWrites } from '../../main/catalogue/pending-writes';
import { WaitingWrites } from '../../main/catalogue/waiting-writes';
import { ChunkedWrites } from '../../main/importers/chunked-writes';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function catalogue(): { db: Db; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chunked-writes-'));
  dirs.push(dir);
  const file = path.join(dir, 'catalogue.db');
  const db = openCatalogue(file);
  db.exec('CREATE TABLE t (v INTEGER)');
  return { db, file };
}

describe("the catalogue's writes, counted for a long import", () => {
  test('a statement that writes, and a transaction, count while they run', () => {
    const { db } = catalogue();
    db.function('pending', () => Atomics.load(pendingWrites(), 0));
    db.prepare('INSERT INTO t VALUES (pending())').run();
    db.transaction(() => db.prepare('INSERT INTO t VALUES (pending())').run()).immediate();
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([1, 2]);
    expect(db.prepare('SELECT pending()').pluck().get()).toBe(0);
    db.close();
  });

  test('a write that may have to take the lock is announced to other processes while it runs', () => {
    const { db, file } = catalogue();
    const folder = `${file}-waiting-writes`;
    const announced = () => (existsSync(folder) ? readdirSync(folder).length : 0);
    db.function('announced', announced);
    db.prepare('INSERT INTO t VALUES (announced())').run();
    db.transaction(() => db.prepare('INSERT INTO t VALUES (announced())').run()).immediate();
    // inside a transaction that holds the lock already, nothing waits
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO t VALUES (announced())').run();
    db.exec('COMMIT');
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([1, 1, 0]);
    expect(announced()).toBe(0);
    db.close();
  });

  test("other processes' announcements count; this thread's own and a killed process's do not", () => {
    const { db, file } = catalogue();
    const folder = `${file}-waiting-writes`;
    const others = new WaitingWrites(file);
    expect(others.othersWaiting()).toBe(false); // no folder yet
    const done = others.announce();
    expect(readdirSync(folder)).toHaveLength(1);
    expect(others.othersWaiting()).toBe(false);
    done();
    mkdirSync(folder, { recursive: true });
    const killed = path.join(folder, '999999999-0-7');
    writeFileSync(killed, '');
    const longAgo = (Date.now() - WaitingWrites.STALE_MS - 60_000) / 1000;
    utimesSync(killed, longAgo, longAgo);
    expect(others.othersWaiting()).toBe(false);
    expect(existsSync(killed)).toBe(false); // swept
    writeFileSync(path.join(folder, '999999999-0-8'), '');
    expect(others.othersWaiting()).toBe(true);
    db.close();
  });
});

describe('ChunkedWrites', () => {
  test('ends a chunk early for a write of this process that waits for the lock, and waits for it', async () => {
    const { db, file } = catalogue();
    const waiting = new Int32Array(new SharedArrayBuffer(4));
    const go = new Int32Array(new SharedArrayBuffer(4));
    // a chunk may hold the lock for a minute: only the waiting write ends it
    const writes = new ChunkedWrites(db, 60_000, 0, waiting);
    writes.beforeWrite(); // holds the lock now
    db.prepare('INSERT INTO t VALUES (1)').run();
    // another thread's write, counted as catalogue connections count theirs
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const { file, waiting, go } = workerData;
       const db = new Database(file);
       db.pragma('busy_timeout = 10000');
       Atomics.wait(go, 0, 0);
       Atomics.add(waiting, 0, 1);
       db.prepare('INSERT INTO t VALUES (2)').run();
       Atomics.sub(waiting, 0, 1);
       Atomics.notify(waiting, 0);
       db.close();`,
      { eval: true, workerData: { file, waiting, go } },
    );
    const online = new Promise((resolve) => worker.once('online', resolve));
    await online;
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    // until the other write is waiting for the lock
    while (Atomics.load(waiting, 0) === 0) Atomics.wait(waiting, 0, 0, 5);
    writes.beforeWrite(); // commits, lets the other write in and waits for it, then goes on
    const written = db.prepare('SELECT v FROM t ORDER BY v').pluck().all();
    writes.commit();
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(written).toEqual([1, 2]);
    db.close();
  });
});
