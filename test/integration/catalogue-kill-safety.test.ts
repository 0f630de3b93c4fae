import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogue, type Db } from '../../main/catalogue/db';
import { setMovieMark } from '../../main/catalogue/movie-marks';
import { createProfileWithPassphrase } from '../../main/catalogue/profile-locks';
import { plainProfileRatings, setProfileRating } from '../../main/catalogue/profile-ratings';
import { importRelease } from '../../main/importers/import-release';
import { generateRelease } from '../bench/generate-release';
import { tempDir, writeTinyRelease } from '../helpers/service-fixture';
import { repoRoot } from '../helpers/repo-paths';
import { seededRandom } from '../helpers/seeded-random';

/**
 * Issue 12 checks: a catalogue survives its writer being killed with SIGKILL at any moment.
 * A child process imports a synthetic release (400k ratings, a few seconds) into a catalogue that already holds
 * a release and a profile's ratings and marks; it is killed at seeded random moments. After each
 * kill the catalogue must pass `PRAGMA integrity_check` and `foreign_key_check`, keep the
 * earlier data exactly, and hold each release completely or not at all (the importer swaps a
 * release in with one transaction; rows of an unfinished import have no `releases` row).
 */
const KILLS = 6;
const BIG_RATINGS = 400_000;
const child = path.join(repoRoot, 'test', 'integration', 'support', 'import-child.ts');

interface Snapshot {
  ratings: unknown;
  marks: unknown;
  tinyRelease: unknown;
}

function snapshot(db: Db, profileId: number): Snapshot {
  return {
    ratings: plainProfileRatings(db, profileId),
    marks: db
      .prepare('SELECT movie_id, mark, marked_at FROM profile_movie_marks WHERE profile_id = ?')
      .all(profileId),
    tinyRelease: db.prepare("SELECT * FROM releases WHERE format = 'ml-latest'").get(),
  };
}

/** Each release's recorded rating count matches the rows it owns: all of it, or none of it. */
function releasesAreWhole(db: Db): { format: string; ratings: number }[] {
  const releases = db.prepare('SELECT id, format, ratings FROM releases').all() as {
    id: number;
    format: string;
    ratings: number;
  }[];
  for (const release of releases) {
    const rows = db
      .prepare('SELECT COUNT(*) FROM dataset_ratings WHERE release_id = ?')
      .pluck()
      .get(release.id);
    expect(rows, `release ${release.format}`).toBe(release.ratings);
  }
  return releases.map(({ format, ratings }) => ({ format, ratings }));
}

/**
 * Starts the child, waits until it is importing and kills it after `delayMs` (never when
 * Infinity); says whether the kill found it still running, and how long it had imported.
 */
function importAndKill(
  dbFile: string,
  source: string,
  delayMs: number,
): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dbFile, source], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    let started = 0;
    proc.stderr.on('data', (d: Buffer) => (stderr += d));
    proc.stdout.on('data', (d: Buffer) => {
      if (started === 0 && d.toString().includes('importing')) {
        started = performance.now();
        if (delayMs !== Infinity) timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL') resolve({ killed: true, ms });
      else if (code === 0) resolve({ killed: false, ms });
      else reject(new Error(`the import child failed (${code}): ${stderr}`));
    });
  });
}

describe('kill -9 during an import', () => {
  const temp = tempDir('movie-assistant-kill-');
  const dbFile = path.join(temp.dir, 'catalogue.db');
  let profileId = 0;
  let before: Snapshot;
  let bigRelease: string;
  afterAll(() => temp.remove());

  beforeAll(async () => {
    bigRelease = generateRelease({ ratings: BIG_RATINGS, movies: 4000, seed: 7 }).dir;
    const db = openCatalogue(dbFile);
    await importRelease(db, writeTinyRelease(temp.dir));
    profileId = (await createProfileWithPassphrase(db, 'Survivor', undefined)).id;
    setProfileRating(db, profileId, 1, 4.5, 1_000);
    setProfileRating(db, profileId, 4, 2, 2_000);
    setMovieMark(db, profileId, 2, 'watchlist', 3_000);
    setMovieMark(db, profileId, 3, 'not-interested', 4_000);
    before = snapshot(db, profileId);
    db.close();
  }, 60_000);

  it(`keeps the catalogue whole over ${KILLS} kills at seeded random moments`, async () => {
    const random = seededRandom(20261202);
    // One whole import first: it times the kill window, and later kills hit a re-import, which
    // replaces the release (the swap-in and the clean-up of the replaced rows).
    const whole = await importAndKill(dbFile, bigRelease, Infinity);
    expect(whole.killed).toBe(false);
    let killedWhileRunning = 0;
    for (let k = 0; k < KILLS; k++) {
      const delayMs = Math.round(20 + random() * whole.ms * 1.05);
      if ((await importAndKill(dbFile, bigRelease, delayMs)).killed) killedWhileRunning++;
      const db = openCatalogue(dbFile);
      try {
        expect(db.pragma('integrity_check', { simple: true }), `kill ${k} at ${delayMs} ms`).toBe(
          'ok',
        );
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(snapshot(db, profileId)).toEqual(before);
        const releases = releasesAreWhole(db);
        const big = releases.find((r) => r.format.startsWith('ml-synthetic'));
        // A killed re-import leaves the release in, old rows or new, never neither.
        expect(big?.ratings).toBe(BIG_RATINGS);
      } finally {
        db.close();
      }
    }
    expect(killedWhileRunning).toBeGreaterThanOrEqual(KILLS / 2);
  }, 90_000);
});
