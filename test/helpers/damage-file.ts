import Database from 'better-sqlite3';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';

/**
 * Overwrites part of every fifth page of an SQLite file past the first few (pages of 16 KiB, the
 * catalogue's): what a failing disk leaves. Its write-ahead log is emptied into it first, so that
 * no sound copy of a page is left there. `bytes` from the start of each page; the default, 3000
 * bytes from its 100th, lands in the rows of a full page but in the free space of a sparse one.
 */
export function damageFile(file: string, { from = 100, bytes = 3000 } = {}): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const pageSize = 16384;
  const pages = Math.floor(statSync(file).size / pageSize);
  const fd = openSync(file, 'r+');
  try {
    for (let page = 4; page < pages; page += 5)
      writeSync(fd, Buffer.alloc(bytes, 7), 0, bytes, page * pageSize + from);
  } finally {
    closeSync(fd);
  }
}
