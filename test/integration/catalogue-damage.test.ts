import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatch';
import type { CallContext } from '../../main/api/context';
import { openCatalogue } from '../../main/catalogue/db';
import { catalogueFileProblems } from '../../main/catalogue/integrity';
import { backupPort } from '../../main/service/backup-port';
import {
  backupsDirFor,
  defaultRollingBackups,
  rollingBackup,
} from '../../main/service/rolling-backups';
import { createService } from '../../main/service';
import { damageFile } from '../helpers/damage-file';
import { call, tempDir } from '../helpers/service-fixture';

/** A catalogue with some fifty pages of rows, so that damage can land inside a table. */
function catalogueWithRows(dbFile: string) {
  const db = openCatalogue(dbFile);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
  db.exec(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 400)
    INSERT INTO filler (body) SELECT randomblob(2000) FROM n`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  return db;
}

describe('a damaged catalogue', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  it('gets no automatic backup, and the last good ones are all kept', async () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const dbFile = path.join(temp.dir, 'catalogue.db');
    let db = catalogueWithRows(dbFile);
    const policy = { everyMs: 24 * 3600 * 1000, keep: 2 };
    const day = (n: number) => new Date(Date.UTC(2026, 0, n, 9));
    expect(await rollingBackup(dbFile, policy, day(1))).not.toBeNull();
    expect(await rollingBackup(dbFile, policy, day(2))).not.toBeNull();
    const good = readdirSync(backupsDirFor(dbFile)).sort();
    expect(good).toEqual([
      'catalogue-20260101-090000-000.backup',
      'catalogue-20260102-090000-000.backup',
    ]);

    db.close();
    damageFile(dbFile);
    expect(catalogueFileProblems(dbFile)).not.toBeNull();
    db = openCatalogue(dbFile);
    cleanups.push(() => db.close());

    const newest = path.join(backupsDirFor(dbFile), good[1]);
    await expect(rollingBackup(dbFile, policy, day(3))).rejects.toThrow(
      `The catalogue ${dbFile} is damaged (`,
    );
    await expect(rollingBackup(dbFile, policy, day(3))).rejects.toThrow(
      `The backup was not made, and no backup was replaced or removed. Restore the newest backup: movie-assistant restore "${newest}"`,
    );
    // A backup a day would otherwise have replaced the oldest good one with a damaged copy.
    expect(readdirSync(backupsDirFor(dbFile)).sort()).toEqual(good);
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('.movie-assistant-'))).toEqual(
      [],
    );

    // Nor does one asked for replace a good backup of the same name.
    const asked = path.join(temp.dir, 'household.backup');
    copyFileSync(newest, asked);
    const port = backupPort(db, dbFile, { rolling: false });
    await expect(port.backup(asked)).rejects.toThrow(`The catalogue ${dbFile} is damaged (`);
    expect(readFileSync(asked).equals(readFileSync(newest))).toBe(true);
    await expect(port.backup(undefined)).rejects.toThrow('The backup was not made');
    expect(readdirSync(backupsDirFor(dbFile)).sort()).toEqual(good);
  });

  it('is told to the app: an event at once, and app.info from then on', async () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const dbFile = path.join(temp.dir, 'catalogue.db');
    catalogueWithRows(dbFile).close();
    damageFile(dbFile);
    const service = createService({
      dbFile,
      modelsDir: path.join(temp.dir, 'models'),
      autoPretrain: false,
      starterCatalogue: false,
      // looked for every 30 ms: once damage is found, no more copies of it are made to check
      rollingBackups: { ...defaultRollingBackups, everyMs: 0, lookEveryMs: 30 },
    });
    let told = 0;
    const heard = new Promise<string>((resolve) =>
      service.onEvent((...args) => {
        if (args[0] !== 'catalogue.damaged') return;
        told++;
        resolve(args[1].message);
      }),
    );
    const message = await heard;
    // (each look copies and checks the file in two workers: a second or so here)
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(told).toBe(1);
    expect(message).toMatch(
      /^The catalogue .* is damaged \(.+\)\. The backup was not made, .* It has no automatic backup/,
    );
    const info = await call(service, service.newSession(), 'app.info', {});
    expect(info.damage).toBe(message);
    await service.close();
    expect(readdirSync(backupsDirFor(dbFile))).toEqual([]);
  });

  it('is named with its newest backup wherever a call meets the damage', async () => {
    const corrupt = Object.assign(new Error('database disk image is malformed'), {
      code: 'SQLITE_CORRUPT',
    });
    const context = (newest: string | null) =>
      ({
        version: '0.0.0',
        catalogue: {
          dbPath: '/home/ann/catalogue.db',
          stats: () => {
            throw corrupt;
          },
        },
        engine: { backend: () => null },
        backups: { newestBackup: () => newest },
      }) as unknown as CallContext;
    const answer = await dispatch('app.info', {}, context('/home/ann/backups/b.backup'));
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'damaged',
        message:
          'The catalogue /home/ann/catalogue.db is damaged (database disk image is malformed). ' +
          'Restore the newest backup: movie-assistant restore "/home/ann/backups/b.backup".',
      },
    });
    const none = await dispatch('app.info', {}, context(null));
    expect(!none.ok && none.error.message).toMatch(
      /It has no automatic backup: restore one you made with movie-assistant restore FILE\.$/,
    );
  });
});
