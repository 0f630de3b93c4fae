import { existsSync, renameSync, rmSync } from 'node:fs';

/** SQLite's files beside a catalogue: its write-ahead log holds writes not yet in the file. */
const COMPANIONS = ['', '-wal', '-shm'];

function stamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/**
 * Moves a damaged catalogue file (and its write-ahead log) aside, to be kept rather than
 * restored over: "catalogue.db" becomes "catalogue.db.damaged-20261207-091500". Answers the new
 * name.
 */
export function setCatalogueAside(dbFile: string, at: Date = new Date()): string {
  const aside = `${dbFile}.damaged-${stamp(at)}`;
  for (const suffix of COMPANIONS)
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix);
  return aside;
}

/** Undoes setCatalogueAside: what was made at `dbFile` since is removed, and the file put back. */
export function putCatalogueBack(aside: string, dbFile: string): void {
  for (const suffix of COMPANIONS) rmSync(dbFile + suffix, { force: true });
  for (const suffix of COMPANIONS)
    if (existsSync(aside + suffix)) renameSync(aside + suffix, dbFile + suffix);
}
