import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { call, openTestService, tempDir } from '../helpers/service-fixture';

/** Issue 12, item 14: privacy at rest. */
const mode = (file: string) => statSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

describe('privacy at rest', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it.skipIf(!posix)('creates the app-data folder 0700 and the catalogue file 0600', () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const appData = path.join(temp.dir, 'config', 'movie-assistant');
    const file = path.join(appData, 'catalogue.db');
    const db = openCatalogue(file);
    cleanups.push(() => {
      db.close();
    });
    db.prepare('INSERT INTO profiles (name, created_at) VALUES (?, ?)').run('Ann', Date.now());

    expect(mode(appData)).toBe(0o700);
    expect(mode(path.join(temp.dir, 'config'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
  });

  it.skipIf(!posix)('narrows a catalogue file left readable by others to 0600', () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const file = path.join(temp.dir, 'catalogue.db');
    writeFileSync(file, '', { mode: 0o644 });
    const db = openCatalogue(file);
    cleanups.push(() => {
      db.close();
    });
    expect(mode(file)).toBe(0o600);
  });

  it.skipIf(!posix)(
    'refuses a folder or a file that is no catalogue, saying so, and leaves both as they were',
    () => {
      const temp = tempDir();
      cleanups.push(temp.remove);
      const folder = path.join(temp.dir, 'shared-folder');
      mkdirSync(folder, { mode: 0o755 });
      expect(() => openCatalogue(folder)).toThrow(
        `${folder} is a folder: a catalogue is a file (e.g. ${path.join(folder, 'catalogue.db')})`,
      );
      expect(mode(folder)).toBe(0o755);
      const notes = path.join(temp.dir, 'notes.txt');
      writeFileSync(notes, 'not a database, just some notes');
      expect(() => openCatalogue(notes)).toThrow(
        `${notes} is not a Movie Assistant catalogue (not an SQLite database)`,
      );
      expect(readFileSync(notes, 'utf8')).toBe('not a database, just some notes');
    },
  );

  it('lists no rating count for a locked profile until the connection opens it', async () => {
    const opened = openTestService();
    cleanups.push(opened.close);
    const { service } = opened;
    const owner = service.newSession();
    const open = await call(service, owner, 'profiles.create', { name: 'Open' });
    const locked = await call(service, owner, 'profiles.create', {
      name: 'Locked',
      passphrase: 'right words',
    });

    const stranger = service.newSession();
    const listed = await call(service, stranger, 'profiles.list', {});
    expect(listed.find((p) => p.id === locked.id)).toMatchObject({
      locked: true,
      ratingCount: null,
    });
    expect(listed.find((p) => p.id === open.id)).toMatchObject({ ratingCount: 0 });

    await call(service, stranger, 'profiles.unlock', {
      profileId: locked.id,
      passphrase: 'right words',
    });
    const afterUnlock = await call(service, stranger, 'profiles.list', {});
    expect(afterUnlock.find((p) => p.id === locked.id)).toMatchObject({ ratingCount: 0 });
  });
});
