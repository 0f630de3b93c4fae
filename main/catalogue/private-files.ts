import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The household's data is private on disk (POSIX): folders the app creates are 0700, the
 * catalogue file (and its -wal and -shm, which SQLite creates with the file's mode) 0600.
 * On Windows the per-user app-data folder is already private, and modes mean little.
 */
const posix = process.platform !== 'win32';

/** Creates the folder (and missing parents) owner-only; an existing folder is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates the file empty and owner-only when missing, and narrows an existing one to 0600. */
export function makePrivateFile(file: string): void {
  makePrivateDir(path.dirname(path.resolve(file)));
  if (!existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (!posix) return;
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      // only files: a folder named by mistake must never lose its modes
      if (!statSync(name).isFile()) continue;
      chmodSync(name, 0o600);
    } catch {
      // Missing (no -wal yet), or not ours to change (a shared, read-only copy): leave it.
    }
  }
}
