import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BackupPort } from '../api/ports';
import { CatalogueDamagedError } from '../catalogue/damage';
import type { Db } from '../catalogue/db';
import { createBackup, restoreBackup } from './backup';
import {
  backupFileName,
  backupsDirFor,
  defaultRollingBackups,
  newestRollingBackup,
  refuseDamagedCopy,
  rollingBackup,
  rollingBackupsFolder,
  type RollingBackupPolicy,
} from './rolling-backups';
import { makePrivateDir } from '../catalogue/private-files';

/**
 * Backups over the service's open catalogue, one at a time. With `rolling` set, an automatic
 * backup starts at once in the background when the newest is a day old, and again whenever a
 * look every `lookEveryMs` finds it so; close() stops looking and waits for one being written.
 */
export function backupPort(
  db: Db,
  dbFile: string,
  options: { rolling?: RollingBackupPolicy | false } = {},
): BackupPort {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.catch(() => undefined).then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  let damage: string | null = null;
  const damageListeners = new Set<(message: string) => void>();
  const rolling = options.rolling ?? defaultRollingBackups;
  let looking: NodeJS.Timeout | null = null;
  let lookPending = false;
  const backUpIfDue = (policy: RollingBackupPolicy) => {
    // one look at a time; a damaged catalogue stays so until it is restored: no more copies of it
    if (lookPending || damage !== null) return;
    lookPending = true;
    void serially(() => rollingBackup(dbFile, policy))
      .catch((error: unknown) => {
        process.stderr.write(
          `movie-assistant: the automatic backup failed: ${(error as Error).message}\n`,
        );
        if (!(error instanceof CatalogueDamagedError)) return;
        if (looking) clearInterval(looking);
        damage = error.message;
        for (const listener of damageListeners) listener(error.message);
      })
      .finally(() => (lookPending = false));
  };
  if (rolling !== false) {
    backUpIfDue(rolling);
    looking = setInterval(() => backUpIfDue(rolling), rolling.lookEveryMs);
    looking.unref();
  }

  return {
    backup: (file) =>
      serially(async () => {
        // A damaged catalogue is not backed up: its copy would replace a good file of that name.
        const check = { checkSnapshot: refuseDamagedCopy(dbFile) };
        if (file !== undefined && !isFolder(file)) return createBackup(dbFile, file, check);
        // a folder named for the file gets a new backup inside it, named as the default ones
        const dir = file ?? backupsDirFor(dbFile);
        makePrivateDir(dir);
        return createBackup(dbFile, path.join(dir, backupFileName(new Date())), check);
      }),
    restore: (file) =>
      serially(async () => {
        // What the restore replaces is kept first (named apart, so no rolling backup prunes it).
        const dir = backupsDirFor(dbFile);
        makePrivateDir(dir);
        const previous = path.join(
          dir,
          backupFileName(new Date()).replace(/\.backup$/, '-before-restore.backup'),
        );
        await createBackup(dbFile, previous);
        try {
          return { ...(await restoreBackup(db, dbFile, file)), previous };
        } catch (error) {
          await rm(previous, { force: true });
          throw error;
        }
      }),
    newestBackup: () => newestRollingBackup(dbFile),
    folder: () => rollingBackupsFolder(dbFile, rolling || defaultRollingBackups),
    damage: () => damage,
    onDamage: (listener) => {
      damageListeners.add(listener);
      return () => damageListeners.delete(listener);
    },
    close: () => {
      if (looking) clearInterval(looking);
      return queue.then(() => undefined);
    },
  };
}

function isFolder(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}
