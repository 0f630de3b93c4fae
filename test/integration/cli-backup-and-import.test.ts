import { runCli } from '../helpers/run-cli';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { damageFile } from '../helpers/damage-file';
import { tempDir, writeTinyRelease } from '../helpers/service-fixture';

/** Issue 12: the CLI's import of one dataset user's rows, its skipped rows, backup and restore. */

const cli = runCli;

describe('movie-assistant import --user-id, backup and restore', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  const home = path.join(temp.dir, 'home', 'catalogue.db');
  const elsewhere = path.join(temp.dir, 'elsewhere', 'catalogue.db');
  const backup = path.join(temp.dir, 'household.backup');

  it('imports one dataset user from a ratings file and prints the skipped rows', async () => {
    const release = await cli(['import', writeTinyRelease(temp.dir), '--db', home]);
    expect(release.code, release.stderr).toBe(0);
    expect((await cli(['profile', 'create', 'Dana', '--db', home])).code).toBe(0);
    const file = path.join(temp.dir, 'ratings.csv');
    writeFileSync(
      file,
      'userId,movieId,rating,timestamp\n1,1,4.0,1\n2,1,5.0,2\n2,3,4.5,3\n2,3,3.0,4\n',
    );
    const run = await cli(['import', file, '--profile', 'Dana', '--user-id', '2', '--db', home]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 of 3 rows matched/);
    expect(run.stdout).toMatch(
      /1 skipped:\n {2}ratings\.csv line 4: the same movie as line 5, rated later/,
    );

    const misuse = await cli(['import', file, '--user-id', '2', '--db', home]);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toMatch(/--user-id apply to personal exports/);
  });

  it('says how many tags of movies the release does not list an import left out', async () => {
    const db = path.join(temp.dir, 'left-out', 'catalogue.db');
    const clean = await cli(['import', writeTinyRelease(path.join(temp.dir, 'clean')), '--db', db]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).not.toMatch(/left out/);
    const folder = writeTinyRelease(path.join(temp.dir, 'unlisted-tag'));
    appendFileSync(path.join(folder, 'tags.csv'), '2,99,unlisted,1445714995\n');
    const run = await cli(['import', folder, '--db', db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /, 1 tags, 4 links in [\d.]+ s\n1 tag of movies the release's movie list does not have was left out\n/,
    );
  });

  it('backs up and restores into an empty folder', async () => {
    const made = await cli(['backup', backup, '--db', home]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Backed up the catalogue and 0 personal models/);
    expect(existsSync(backup)).toBe(true);
    const folder = path.join(path.dirname(home), 'backups');
    const before = await cli(['info', '--db', home]);
    expect(before.stdout).toContain(`backups: none yet in ${folder} (the app makes one a day)`);
    expect((await cli(['backup', '--db', home])).code).toBe(0);
    const after = await cli(['info', '--db', home]);
    expect(after.stdout).toMatch(
      /backups: 1 in .*backups \(\d+\.\d MiB, the app keeps the newest 7\), newest .*backups.catalogue-\d{8}-\d{6}-\d{3}\.backup\n/,
    );

    const restored = await cli(['restore', backup, '--db', elsewhere]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored the backup .*: 1 profile,/);
    expect(restored.stdout).toMatch(/What it replaced is kept in .*before-restore\.backup/);
    const list = await cli(['ratings', 'list', '--profile', 'Dana', '--db', elsewhere]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Toy Story/);
  });

  it('restores over a catalogue too damaged to open, and keeps the damaged file', async () => {
    damageFile(elsewhere, { from: 0, bytes: 16384 });
    const damaged = readFileSync(elsewhere);
    const search = await cli(['search', 'toy', '--db', elsewhere]);
    expect(search.code).toBe(1);
    expect(search.stderr).toContain(`The catalogue ${elsewhere} is damaged (`);

    // A backup that cannot be restored leaves the damaged catalogue where it was.
    const missing = await cli(['restore', path.join(temp.dir, 'none.backup'), '--db', elsewhere]);
    expect(missing.code).toBe(1);
    expect(readFileSync(elsewhere).equals(damaged)).toBe(true);
    expect(readdirSync(path.dirname(elsewhere)).filter((n) => n.includes('.damaged-'))).toEqual([]);

    const restored = await cli(['restore', backup, '--db', elsewhere]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/is too damaged to restore over; it is kept as /);
    const kept = readdirSync(path.dirname(elsewhere)).filter((n) => n.includes('.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(elsewhere), kept[0])).equals(damaged)).toBe(true);
    expect(restored.stdout).toContain(`The damaged catalogue is kept as `);
    const list = await cli(['ratings', 'list', '--profile', 'Dana', '--db', elsewhere]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Toy Story/);
  });
});
