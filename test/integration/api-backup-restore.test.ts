import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { personalDirFor } from '../../main/engine/runtime/personal-store';
import { createBackup } from '../../main/service/backup';
import {
  backupsDirFor,
  listRollingBackups,
  rollingBackup,
} from '../../main/service/rolling-backups';
import {
  call,
  callError,
  openTestService,
  tempDir,
  writeTinyRelease,
} from '../helpers/service-fixture';

/** Issue 12, item 6: backup and restore of the catalogue and the personal models. */

/** Every table's rows (in a stable order), by table name. */
function everyTable(dbFile: string): Record<string, unknown[]> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const names = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      names.map((name) => {
        const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all();
        return [name, rows.map((row) => JSON.stringify(row)).sort()];
      }),
    );
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function service() {
    const opened = openTestService();
    cleanups.push(opened.close);
    return { ...opened, dbFile: path.join(opened.dir, 'catalogue.db') };
  }

  async function householdWithData() {
    const home = service();
    const session = home.service.newSession();
    await call(home.service, session, 'catalogue.import', {
      source: writeTinyRelease(home.dir),
      jobId: 'release',
    });
    const ann = await call(home.service, session, 'profiles.create', { name: 'Ann' });
    const bob = await call(home.service, session, 'profiles.create', {
      name: 'Bob',
      passphrase: 'bobs words',
    });
    await call(home.service, session, 'ratings.set', {
      profileId: ann.id,
      movieId: 1,
      rating: 4.5,
    });
    await call(home.service, session, 'ratings.set', { profileId: bob.id, movieId: 4, rating: 2 });
    const personalDir = personalDirFor(home.dbFile);
    mkdirSync(personalDir, { recursive: true });
    writeFileSync(path.join(personalDir, `profile-${ann.id}.json`), '{"profileId":1,"state":"A"}');
    writeFileSync(path.join(personalDir, `profile-${bob.id}.json`), '{"profileId":2,"state":"B"}');
    return { home, session, ann, bob };
  }

  it('restores a backup into an empty folder with every table and personal model equal', async () => {
    const { home, session } = await householdWithData();
    const file = path.join(home.dir, 'household.backup');
    const made = await call(home.service, session, 'catalogue.backup', { file });
    expect(made).toMatchObject({ file, personalModels: 2 });
    expect(made.sha256).toMatch(/^[0-9a-f]{64}$/);
    // compressed: a catalogue's pages repeat a great deal
    expect(made.bytes).toBeLessThan(statSync(home.dbFile).size / 2);

    const empty = service();
    const restored = await call(empty.service, empty.service.newSession(), 'catalogue.restore', {
      source: file,
    });
    expect(restored.profileIds).toHaveLength(2);
    expect(restored.personalModels).toBe(2);
    expect(path.dirname(restored.previous)).toBe(backupsDirFor(empty.dbFile));
    expect(existsSync(restored.previous)).toBe(true);

    const before = everyTable(home.dbFile);
    const after = everyTable(empty.dbFile);
    expect(Object.keys(before).length).toBeGreaterThan(5);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);

    const personal = (dbFile: string) =>
      readdirSync(personalDirFor(dbFile))
        .sort()
        .map((name) => [name, readFileSync(path.join(personalDirFor(dbFile), name), 'utf8')]);
    expect(personal(empty.dbFile)).toEqual(personal(home.dbFile));

    // The restored service answers from the restored data at once, locks included.
    const reader = empty.service.newSession();
    const profiles = await call(empty.service, reader, 'profiles.list', {});
    expect(profiles.map((p) => [p.name, p.locked])).toEqual([
      ['Ann', false],
      ['Bob', true],
    ]);
    const search = await call(empty.service, reader, 'search.movies', { query: 'alien' });
    expect(search.movies.map((m) => m.title)).toContain('Alien');
  });

  it('restores a backup written before backups were compressed', async () => {
    const { home } = await householdWithData();
    const file = path.join(home.dir, 'plain.backup');
    const made = await createBackup(home.dbFile, file, { encoding: 'none' });
    expect(made.bytes).toBeGreaterThan(statSync(home.dbFile).size);
    const empty = service();
    await call(empty.service, empty.service.newSession(), 'catalogue.restore', { source: file });
    const before = everyTable(home.dbFile);
    const after = everyTable(empty.dbFile);
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  });

  it("counts a restored backup's missing rating spreads at once, not at the next start", async () => {
    const { home, session } = await householdWithData();
    // as a catalogue from before migration 006 left them (counted in the background since)
    const raw = new Database(home.dbFile);
    raw.exec('UPDATE release_movie_stats SET spread = NULL');
    raw.close();
    const spreadOf = async (service: typeof home.service) =>
      (await call(service, service.newSession(), 'movies.get', { movieId: 1 })).ratingSpread;
    expect(await spreadOf(home.service)).toEqual(new Array(10).fill(0));
    const file = path.join(home.dir, 'before-spreads.backup');
    await call(home.service, session, 'catalogue.backup', { file });

    const other = service();
    await call(other.service, other.service.newSession(), 'catalogue.restore', { source: file });
    let spread = await spreadOf(other.service);
    for (const until = Date.now() + 20_000; spread.every((n) => n === 0) && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      spread = await spreadOf(other.service);
    }
    const details = await call(other.service, other.service.newSession(), 'movies.get', {
      movieId: 1,
    });
    expect(spread.reduce((a, b) => a + b, 0)).toBe(details.ratingCount);
    expect(details.ratingCount).toBeGreaterThan(0);
  });

  it('says why a backup cannot be written, and refuses a damaged, cut or missing one before replacing anything', async () => {
    const { home, session } = await householdWithData();
    const file = path.join(home.dir, 'household.backup');
    const nowhere = path.join(home.dir, 'no-such-folder', 'household.backup');
    const unwritten = await callError(home.service, session, 'catalogue.backup', { file: nowhere });
    expect(unwritten.message).toBe(
      `There is no folder ${path.dirname(nowhere)} to write the backup in; nothing was written.`,
    );
    await call(home.service, session, 'catalogue.backup', { file });
    // a folder named for the file gets a new backup inside it
    const folder = path.join(home.dir, 'backups-here');
    mkdirSync(folder);
    const intoFolder = await call(home.service, session, 'catalogue.backup', { file: folder });
    expect(path.dirname(intoFolder.file)).toBe(folder);
    expect(readdirSync(folder)).toEqual([path.basename(intoFolder.file)]);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const damaged = path.join(home.dir, 'damaged.backup');
    writeFileSync(damaged, bytes);
    const cut = path.join(home.dir, 'cut.backup');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));

    const other = service();
    const otherSession = other.service.newSession();
    await call(other.service, otherSession, 'profiles.create', { name: 'Keep' });
    mkdirSync(personalDirFor(other.dbFile), { recursive: true });
    writeFileSync(path.join(personalDirFor(other.dbFile), 'profile-1.json'), 'keep');
    const tablesBefore = everyTable(other.dbFile);

    const missing = path.join(path.dirname(cut), 'no-such-backup.bak');
    for (const source of [damaged, cut, missing, home.dir]) {
      const error = await callError(other.service, otherSession, 'catalogue.restore', { source });
      expect(error.code).toBe('bad-request');
      expect(error.message).toMatch(/not a usable Movie Assistant backup.*nothing was replaced/);
    }
    expect(everyTable(other.dbFile)).toEqual(tablesBefore);
    // The backup of what a restore would replace goes when the restore is refused.
    const kept = existsSync(backupsDirFor(other.dbFile))
      ? readdirSync(backupsDirFor(other.dbFile))
      : [];
    expect(kept.filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(readFileSync(path.join(personalDirFor(other.dbFile), 'profile-1.json'), 'utf8')).toBe(
      'keep',
    );
  });

  it('keeps what a restore replaces, so restoring that file puts it back', async () => {
    const { home, session, ann, bob } = await householdWithData();
    const file = path.join(home.dir, 'household.backup');
    await call(home.service, session, 'catalogue.backup', { file });
    const unlockBob = () =>
      call(home.service, session, 'profiles.unlock', {
        profileId: bob.id,
        passphrase: 'bobs words',
      });
    // Made after the backup: a restore of it alone would lose them.
    await call(home.service, session, 'ratings.set', { profileId: ann.id, movieId: 2, rating: 5 });
    const later = await call(home.service, session, 'profiles.create', { name: 'Later' });
    const current = everyTable(home.dbFile);

    await unlockBob();
    const restored = await call(home.service, session, 'catalogue.restore', { source: file });
    expect(restored.profileIds).not.toContain(later.id);
    expect(restored.previous).toMatch(/before-restore\.backup$/);
    // The rolling backups never count it (they keep only their own names).
    expect((await listRollingBackups(backupsDirFor(home.dbFile))).map((b) => b.name)).not.toContain(
      path.basename(restored.previous),
    );

    await unlockBob();
    await call(home.service, session, 'catalogue.restore', { source: restored.previous });
    expect(everyTable(home.dbFile)).toEqual(current);
  });

  it('needs every locked profile opened on the connection before restoring over it', async () => {
    const { home, session, bob } = await householdWithData();
    const file = path.join(home.dir, 'household.backup');
    await call(home.service, session, 'catalogue.backup', { file });

    const stranger = home.service.newSession();
    const refused = await callError(home.service, stranger, 'catalogue.restore', { source: file });
    expect(refused.code).toBe('locked');
    expect(refused.message).toMatch(/first unlock "Bob"/);

    await call(home.service, stranger, 'profiles.unlock', {
      profileId: bob.id,
      passphrase: 'bobs words',
    });
    await call(home.service, stranger, 'catalogue.restore', { source: file });
    // Every connection opens its profiles afresh after a restore.
    expect(
      (await callError(home.service, session, 'ratings.list', { profileId: bob.id })).code,
    ).toBe('locked');
  });

  it('keeps a rolling daily backup beside the catalogue, the newest 7', async () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const dbFile = path.join(temp.dir, 'catalogue.db');
    const db = openCatalogue(dbFile);
    cleanups.push(() => {
      db.close();
    });
    const policy = { everyMs: 24 * 3600 * 1000, keep: 7 };
    const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 0, n, hour));

    expect(await rollingBackup(dbFile, policy, day(1))).not.toBeNull();
    expect(await rollingBackup(dbFile, policy, day(1, 18))).toBeNull();
    for (let n = 2; n <= 10; n++) await rollingBackup(dbFile, policy, day(n));

    const kept = readdirSync(backupsDirFor(dbFile)).sort();
    expect(kept).toHaveLength(7);
    expect(kept[0]).toBe('catalogue-20260104-090000-000.backup');
    expect(kept[6]).toBe('catalogue-20260110-090000-000.backup');
  });

  it('makes one a day while the app runs, not only when it starts', async () => {
    const opened = openTestService({
      // a "day" of 300 ms, looked for every 50 ms
      rollingBackups: { everyMs: 300, keep: 7, lookEveryMs: 50 },
    });
    const folder = backupsDirFor(path.join(opened.dir, 'catalogue.db'));
    const backups = () => (existsSync(folder) ? readdirSync(folder) : []);
    const started = Date.now();
    while (backups().length < 3 && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backups().length).toBeGreaterThanOrEqual(3);
    await opened.close();
    const atClose = backups();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(backups()).toEqual(atClose);
  });

  it('backs up into the backups folder when no file is named', async () => {
    const home = service();
    const made = await call(home.service, home.service.newSession(), 'catalogue.backup', {});
    expect(path.dirname(made.file)).toBe(backupsDirFor(home.dbFile));
    expect(made.personalModels).toBe(0);
  });

  it('says where the automatic backups are, how many, their size and the newest', async () => {
    const home = service();
    const session = home.service.newSession();
    expect(await call(home.service, session, 'catalogue.backups', {})).toEqual({
      folder: backupsDirFor(home.dbFile),
      count: 0,
      keep: 7,
      bytes: 0,
      newest: null,
    });
    const first = await call(home.service, session, 'catalogue.backup', {});
    // another file in the folder is not one of them
    writeFileSync(path.join(backupsDirFor(home.dbFile), 'notes.txt'), 'mine');
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later name
    const second = await call(home.service, session, 'catalogue.backup', {});
    expect(await call(home.service, session, 'catalogue.backups', {})).toEqual({
      folder: backupsDirFor(home.dbFile),
      count: 2,
      keep: 7,
      bytes: first.bytes + second.bytes,
      newest: { file: second.file, createdAt: expect.any(Number) as number },
    });
  });
});
