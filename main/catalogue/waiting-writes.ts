import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { makePrivateDir } from './private-files';

/** Announcements made by this thread so far: each one's file has a name of its own. */
let announced = 0;

/**
 * Writes of other processes, announced in the file system: while a catalogue write runs (and
 * maybe waits for the lock), it keeps a file in a folder beside the catalogue, so that a long
 * import in another process (the CLI beside the app, or the app beside the CLI) can end its
 * transaction and let it in, as it does for this process's writes (pending-writes.ts). SQLite's
 * busy handler cannot tell the lock holder that someone waits; this can. Best effort: a folder
 * that cannot be written only makes such a write wait for a gap between the import's chunks.
 */
export class WaitingWrites {
  /** Announcements older than this are a killed process's, longer than any busy timeout. */
  static readonly STALE_MS = 30_000;
  private readonly dir: string;
  private readonly ownPrefix = `${process.pid}-${threadId}-`;

  constructor(catalogueFile: string) {
    this.dir = `${path.resolve(catalogueFile)}-waiting-writes`;
  }

  /** Announces a write of this thread; call the returned function once it is done. */
  announce(): () => void {
    const file = path.join(this.dir, `${this.ownPrefix}${announced++}`);
    try {
      try {
        writeFileSync(file, '', { mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        makePrivateDir(this.dir);
        writeFileSync(file, '', { mode: 0o600 });
      }
    } catch {
      return () => {};
    }
    return () => rmSync(file, { force: true });
  }

  /** Whether a write of another thread or process is announced now. */
  othersWaiting(): boolean {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return false;
    }
    for (const name of names) {
      if (name.startsWith(this.ownPrefix)) continue;
      if (this.isFresh(path.join(this.dir, name))) return true;
    }
    return false;
  }

  private isFresh(file: string): boolean {
    try {
      if (Date.now() - statSync(file).mtimeMs < WaitingWrites.STALE_MS) return true;
      rmSync(file, { force: true });
    } catch {
      // gone meanwhile: that write is done
    }
    return false;
  }
}
