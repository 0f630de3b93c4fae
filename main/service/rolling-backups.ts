import { readdirSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupSummary, BackupsFolder } from '../../shared/domain';
import { CatalogueDamagedError } from '../catalogue/damage';
import { checkCatalogueFile } from '../catalogue/integrity';
import { makePrivateDir } from '../catalogue/private-files';
import { createBackup } from './backup';

/**
 * The automatic backups: at most one a day, the newest 7 kept. Looked for at service start and
 * then every hour, so an app left running for days still makes one a day.
 */
export interface RollingBackupPolicy {
  everyMs: number;
  keep: number;
  /** How often a running service looks whether the newest backup is `everyMs` old. */
  lookEveryMs: number;
}

export const defaultRollingBackups: RollingBackupPolicy = {
  everyMs: 24 * 3600 * 1000,
  keep: 7,
  lookEveryMs: 3600 * 1000,
};

const NAME = /^catalogue-(\d{8})-(\d{6})-(\d{3})\.backup$/;

/** The `backups/` folder beside the catalogue file. */
export function backupsDirFor(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

/** "catalogue-20261201-231905-123.backup": sorts by time, and says it. */
export function backupFileName(at: Date): string {
  const iso = at.toISOString(); // 2026-12-01T23:19:05.123Z
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `catalogue-${day}-${time}-${iso.slice(20, 23)}.backup`;
}

function takenAt(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, d, t, ms] = m;
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${ms}Z`,
  );
}

/** The automatic backups in `dir`, newest first. */
export async function listRollingBackups(
  dir: string,
): Promise<Array<{ name: string; at: number }>> {
  return rollingBackupsAmong(await readdir(dir).catch(() => []));
}

/** The automatic backups' folder of the catalogue `dbFile`, and what it holds. */
export async function rollingBackupsFolder(
  dbFile: string,
  policy: Pick<RollingBackupPolicy, 'everyMs' | 'keep'> = defaultRollingBackups,
): Promise<BackupsFolder> {
  const folder = backupsDirFor(dbFile);
  const backups = await listRollingBackups(folder);
  let bytes = 0;
  for (const { name } of backups)
    bytes += await stat(path.join(folder, name)).then(
      (found) => found.size,
      () => 0, // removed meanwhile
    );
  const newest = backups[0];
  return {
    folder,
    count: backups.length,
    keep: policy.keep,
    bytes,
    newest: newest ? { file: path.join(folder, newest.name), createdAt: newest.at } : null,
  };
}

/** The newest automatic backup of the catalogue `dbFile`, or null when there is none. */
export function newestRollingBackup(dbFile: string): string | null {
  const dir = backupsDirFor(dbFile);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const newest = rollingBackupsAmong(names)[0];
  return newest ? path.join(dir, newest.name) : null;
}

function rollingBackupsAmong(names: string[]): Array<{ name: string; at: number }> {
  return names
    .map((name) => ({ name, at: takenAt(name) }))
    .filter((b): b is { name: string; at: number } => b.at !== null)
    .sort((a, b) => b.at - a.at);
}

/**
 * A check for createBackup's copy of the catalogue: a damaged one is refused (nothing is written,
 * so no backup is replaced), naming the newest automatic backup to restore.
 */
export function refuseDamagedCopy(dbFile: string): (copy: string) => Promise<void> {
  return async (copy) => {
    const problem = await checkCatalogueFile(copy);
    if (problem)
      throw new CatalogueDamagedError(dbFile, problem, newestRollingBackup(dbFile), {
        backupSkipped: true,
      });
  };
}

/**
 * Makes an automatic backup when the newest is older than `policy.everyMs` (or there is none),
 * then removes all but the newest `policy.keep`. Answers the backup made, or null.
 *
 * The copy is checked first (SQLite's quick check, in a worker thread): a damaged catalogue is
 * not backed up and no backup is removed, so a week of damaged copies never replaces the last
 * good ones. It then throws CatalogueDamagedError, which names the newest backup to restore.
 */
export async function rollingBackup(
  dbFile: string,
  policy: Pick<RollingBackupPolicy, 'everyMs' | 'keep'> = defaultRollingBackups,
  now: Date = new Date(),
): Promise<BackupSummary | null> {
  const dir = backupsDirFor(dbFile);
  makePrivateDir(dir);
  const newest = (await listRollingBackups(dir))[0];
  let made: BackupSummary | null = null;
  if (!newest || now.getTime() - newest.at >= policy.everyMs) {
    made = await createBackup(dbFile, path.join(dir, backupFileName(now)), {
      checkSnapshot: refuseDamagedCopy(dbFile),
    });
  }
  for (const old of (await listRollingBackups(dir)).slice(policy.keep)) {
    await rm(path.join(dir, old.name), { force: true });
  }
  return made;
}
