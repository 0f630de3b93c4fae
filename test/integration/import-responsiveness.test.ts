import path from 'node:path';
import { openCatalogue } from '../../main/catalogue/db';
import { listProfileRatings } from '../../main/catalogue/profile-ratings';
import { createProfile } from '../../main/catalogue/profiles';
import { setProfileRating } from '../../main/catalogue/profile-ratings';
import { findReleaseByFormat } from '../../main/catalogue/releases';
import { ImportCancelledError } from '../../main/importers/errors';
import { importRelease } from '../../main/importers/import-release';
import { importInWorker } from '../../main/importers/run-import-job';
import { generateRelease } from '../bench/generate-release';
import { datasets, makeTempDir, removeTempDirs, snapshot } from '../fixtures/catalogue-helpers';
import { percentile, probeWhile } from '../helpers/app-responsiveness';

afterAll(removeTempDirs);

const small = path.join(datasets, 'ml-latest-small');
/** Big enough to take a few seconds to import on the shared 2-core machine. */
const generated = () =>
  generateRelease({
    ratings: 1_500_000,
    movies: 4_000,
    titleSource: path.join(small, 'movies.csv'),
  });

/** A catalogue holding ml-latest-small and a profile that rated its first 50 movies. */
async function catalogueInUse() {
  const file = path.join(makeTempDir(), 'catalogue.db');
  const db = openCatalogue(file);
  await importRelease(db, small);
  const profile = createProfile(db, 'Viewer');
  const movieIds = db
    .prepare('SELECT id FROM movies ORDER BY id LIMIT 200')
    .pluck()
    .all() as number[];
  for (const id of movieIds.slice(0, 50)) setProfileRating(db, profile.id, id, 4);
  return { db, file, profileId: profile.id, movieIds };
}

const queries = ['matrix', 'godfather 1972', 'toy', 'star wars', 'amelie'];

describe('a release import while the app is in use', () => {
  it('leaves ratings and searches on the app connection fast, and loses no rating', async () => {
    const release = generated();
    const { db, file, profileId, movieIds } = await catalogueInUse();
    const started = performance.now();
    const job = importInWorker(file, { kind: 'release', source: release.dir });
    const probe = await probeWhile(db, job, { profileId, movieIds, queries });
    const summary = await job;
    const seconds = (performance.now() - started) / 1000;
    const p95 = { rating: percentile(probe.ratingMs, 95), search: percentile(probe.searchMs, 95) };
    console.log(
      `import of ${summary.ratings} ratings in ${seconds.toFixed(1)} s; meanwhile ${probe.ratingMs.length} ratings (p95 ${p95.rating.toFixed(1)} ms, max ${Math.max(...probe.ratingMs).toFixed(1)} ms) and ${probe.searchMs.length} searches (p95 ${p95.search.toFixed(1)} ms, max ${Math.max(...probe.searchMs).toFixed(1)} ms)`,
    );
    expect(summary.ratings).toBe(release.ratings);
    expect(probe.errors).toEqual([]);
    expect(probe.ratingMs.length).toBeGreaterThan(20);
    // Nothing near the 10 s busy timeout that used to fail ratings: the import never holds the
    // write lock for long. (The p95 target, < 50 ms, is measured by `npm run bench -- import`,
    // not by a timed test on a machine shared with the rest of the suite.)
    expect(Math.max(...probe.ratingMs, ...probe.searchMs)).toBeLessThan(5000);

    const stored = new Map(
      listProfileRatings(db, profileId).map((r) => [r.movie.id, r.rating] as const),
    );
    for (const id of movieIds.slice(0, 50)) expect(stored.has(id)).toBe(true);
    for (const [id, stars] of probe.written) expect(stored.get(id)).toBe(stars);
    expect(findReleaseByFormat(db, 'ml-latest-small')).not.toBeNull();
    db.close();
  }, 180_000);

  it('replaces the same release again without losing a rating set during the import', async () => {
    const { db, file, profileId, movieIds } = await catalogueInUse();
    const before = db.prepare('SELECT COUNT(*) FROM dataset_ratings').pluck().get();
    const job = importInWorker(file, { kind: 'release', source: small });
    const probe = await probeWhile(db, job, { profileId, movieIds, queries, intervalMs: 5 });
    await job;
    expect(probe.errors).toEqual([]);
    const stored = new Map(
      listProfileRatings(db, profileId).map((r) => [r.movie.id, r.rating] as const),
    );
    for (const [id, stars] of probe.written) expect(stored.get(id)).toBe(stars);
    expect(db.prepare('SELECT COUNT(*) FROM dataset_ratings').pluck().get()).toBe(before);
    db.close();
  }, 120_000);

  it('a cancelled import leaves the old release and every rating as they were', async () => {
    const release = generated();
    const { db, file, profileId, movieIds } = await catalogueInUse();
    const before = snapshot(db);
    const controller = new AbortController();
    // Cancelled at the first report with some ratings written (the movies and links are 8,000
    // rows), so the cancel has the rest of the ratings to arrive in however loaded the machine;
    // it lost that race once in CI when sent at 200,000 of 1,500,000.
    const job = importInWorker(
      file,
      { kind: 'release', source: release.dir },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'ratings.csv' && p.rows > 10_000) controller.abort();
        },
      },
    );
    const probe = await probeWhile(db, job, {
      profileId,
      movieIds: movieIds.slice(0, 50),
      queries,
    });
    expect(await job.catch((e: unknown) => e)).toBeInstanceOf(ImportCancelledError);
    expect(probe.errors).toEqual([]);
    // The probe re-rated movies the profile had already rated: counts and rows are as before
    // once those values are set back.
    for (const id of movieIds.slice(0, 50)) setProfileRating(db, profileId, id, 4);
    expect(snapshot(db)).toEqual(before);
    expect(
      db
        .prepare(
          'SELECT COUNT(*) FROM dataset_ratings WHERE release_id NOT IN (SELECT id FROM releases)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    db.close();
  }, 180_000);
});
