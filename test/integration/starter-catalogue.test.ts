import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogue, type Db } from '../../main/catalogue/db';
import { listReleases } from '../../main/catalogue/releases';
import { searchPage } from '../../main/catalogue/search';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import { importRelease } from '../../main/importers/import-release';
import type { Service } from '../../main/service/create-service';
import { loadStarterIfEmpty, starterDirOf } from '../../main/service/starter-catalogue';
import { call, openTestService, sharedDatasetDir, tempDir } from '../helpers/service-fixture';
import { repoRoot } from '../helpers/repo-paths';

const modelsDir = path.join(repoRoot, 'models');
const starterDir = starterDirOf(modelsDir);
const mlLatestSmall = sharedDatasetDir('ml-latest-small');
const fixtureMl1m = path.join(repoRoot, 'test', 'fixtures', 'releases', 'ml-1m');

const movieColumns =
  'id, title, title_key, year, genres, imdb_id, tmdb_id, people, rating_count, rating_sum_half';

function rows(db: Db, sql: string): unknown[] {
  return db.prepare(sql).raw().all();
}

describe('the starter catalogue shipped in models/starter/', () => {
  const temp = tempDir();
  let starterDb: Db;
  let importedDb: Db;

  beforeAll(async () => {
    starterDb = openCatalogue(path.join(temp.dir, 'starter.db'));
    importedDb = openCatalogue(path.join(temp.dir, 'imported.db'));
    await importRelease(importedDb, mlLatestSmall);
  });
  afterAll(() => {
    starterDb.close();
    importedDb.close();
    temp.remove();
  });

  it('loads into an empty catalogue in under 3 s', () => {
    const loaded = loadStarterIfEmpty(starterDb, starterDir)!;
    console.log(
      `[starter] loaded ${loaded.movies} movies and ${loaded.ratings} ratings in ${loaded.seconds.toFixed(2)} s`,
    );
    expect(loaded.release).toBe('ml-latest-small');
    expect(loaded.movies).toBe(9742);
    expect(loaded.ratings).toBe(100_836);
    expect(loaded.seconds).toBeLessThan(3);
    expect(loadStarterIfEmpty(starterDb, starterDir)).toBeNull(); // only ever into an empty one
  });

  it('leaves the catalogue as importing ml-latest-small does: movies, search, users, ratings, tags', () => {
    for (const sql of [
      `SELECT ${movieColumns} FROM movies ORDER BY id`,
      'SELECT genre, movie_id FROM movie_genres ORDER BY genre, movie_id',
      'SELECT user_key FROM dataset_users ORDER BY user_key',
      'SELECT movie_id, count, sum_half, spread FROM release_movie_stats ORDER BY movie_id',
      'SELECT user_key, movie_id, tag, tagged_at FROM tags ORDER BY rowid',
      "SELECT rowid FROM movie_search WHERE movie_search MATCH 'matri*' ORDER BY rowid",
    ]) {
      expect(rows(starterDb, sql), sql).toEqual(rows(importedDb, sql));
    }
    const search = (db: Db) => searchPage(db, 'amelie', {}).movies.map((m) => m.id);
    expect(search(starterDb)).toEqual(search(importedDb));
    const [starter] = listReleases(starterDb);
    const [imported] = listReleases(importedDb);
    expect(starter.starter).toBe(true);
    expect(imported.starter).toBe(false);
    expect({ ...starter, id: 0, source: '', importedAt: 0, starter: false }).toEqual({
      ...imported,
      id: 0,
      source: '',
      importedAt: 0,
    });
  });

  it('is exactly what the shipped pretrained models were trained on', () => {
    const fingerprint = loadEngineDataset(starterDb).fingerprint;
    expect(fingerprint).toBe(loadEngineDataset(importedDb).fingerprint);
    const { model } = JSON.parse(readFileSync(path.join(modelsDir, 'default.json'), 'utf8')) as {
      model: string;
    };
    const manifest = JSON.parse(
      readFileSync(path.join(modelsDir, model, 'manifest.json'), 'utf8'),
    ) as { dataset: { fingerprint: string } };
    expect(manifest.dataset.fingerprint).toBe(fingerprint);
  });
});

describe('a service on a first launch', () => {
  let service: Service;
  let close: () => Promise<void>;

  beforeAll(() => {
    const started = performance.now();
    ({ service, close } = openTestService({ modelsDir, starterCatalogue: true }));
    console.log(
      `[starter] service opened with the starter catalogue in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
  });
  afterAll(() => close());

  it('searches, rates and answers all three lists at once, and shows the licence', async () => {
    const session = service.newSession();
    const info = await call(service, session, 'app.info', {});
    expect(info.catalogue.movies).toBe(9742);
    expect(info.catalogue.releases).toEqual([
      expect.objectContaining({ format: 'ml-latest-small', starter: true }),
    ]);
    const found = await call(service, session, 'search.movies', { query: 'matrix 1999' });
    expect(found.movies[0]).toMatchObject({ id: 2571, title: 'The Matrix' });

    const profile = await call(service, session, 'profiles.create', { name: 'First' });
    for (const movieId of [1, 260, 296, 318, 356, 593, 2571, 4993, 5952, 7153]) {
      await call(service, session, 'ratings.set', { profileId: profile.id, movieId, rating: 4.5 });
    }
    const forYou = await call(service, session, 'recommend.forYou', { profileId: profile.id });
    expect(forYou.items.length).toBeGreaterThan(0);
    const similar = await call(service, session, 'recommend.similarMovies', {
      movieId: 2571,
      profileId: profile.id,
    });
    expect(similar.items.length).toBeGreaterThan(0);
    const people = await call(service, session, 'recommend.peopleLikeYou', {
      profileId: profile.id,
    });
    expect(people.people.length).toBeGreaterThan(0);
    const alsoLoved = await call(service, session, 'recommend.alsoLoved', { movieId: 2571 });
    expect(alsoLoved.items.length).toBeGreaterThan(0);

    const about = await call(service, session, 'app.about', {});
    expect(about.releases).toEqual([
      expect.objectContaining({ format: 'ml-latest-small', starter: true, ratings: 100_836 }),
    ]);
    const licence = about.licences.find((l) => l.name === 'ml-latest-small');
    expect(licence?.text).toMatch(/Usage License\n=+\n/);
    expect(licence?.text).toContain('redistribute the data set, including transformations');
  }, 120_000);
});

describe('importing a release over the starter catalogue', () => {
  async function starterService() {
    const opened = openTestService({ modelsDir, starterCatalogue: true });
    const session = opened.service.newSession();
    const profile = await call(opened.service, session, 'profiles.create', { name: 'Keeper' });
    // Toy Story and The Matrix are in the ml-1m fixture; the other two only in ml-latest-small.
    const rated = { 1: 4, 2571: 5, 7153: 4.5, 193609: 2 } as const;
    for (const [movieId, rating] of Object.entries(rated)) {
      await call(opened.service, session, 'ratings.set', {
        profileId: profile.id,
        movieId: Number(movieId),
        rating,
      });
    }
    const ratingsOf = async () =>
      (await call(opened.service, session, 'ratings.list', { profileId: profile.id }))
        .map((r) => [r.movieId, r.rating])
        .sort((a, b) => a[0] - b[0]);
    return { ...opened, session, ratingsOf, before: await ratingsOf() };
  }

  it('replaces it with another release, keeping every profile rating and its movies', async () => {
    const { service, session, ratingsOf, before, close } = await starterService();
    try {
      await call(service, session, 'catalogue.import', { source: fixtureMl1m, jobId: 'ml-1m' });
      const info = await call(service, session, 'app.info', {});
      expect(info.catalogue.releases.map((r) => [r.format, r.starter])).toEqual([['ml-1m', false]]);
      // The fixture's 4 movies, plus the two rated movies only the starter had.
      expect(info.catalogue.movies).toBe(4 + 2);
      expect(await ratingsOf()).toEqual(before);
      const found = await call(service, session, 'search.movies', { query: 'return of the king' });
      expect(found.movies.map((m) => m.id)).toEqual([7153]);
      expect((await call(service, session, 'search.movies', { query: 'jumanji' })).movies).toEqual([
        expect.objectContaining({ id: 2 }),
      ]);
    } finally {
      await close();
    }
  });

  it('replaces it with the same release imported from its folder', async () => {
    const { service, session, ratingsOf, before, close } = await starterService();
    try {
      await call(service, session, 'catalogue.import', { source: mlLatestSmall, jobId: 'small' });
      const info = await call(service, session, 'app.info', {});
      expect(info.catalogue.releases).toEqual([
        expect.objectContaining({
          format: 'ml-latest-small',
          source: mlLatestSmall,
          starter: false,
        }),
      ]);
      expect(info.catalogue.movies).toBe(9742);
      expect(info.catalogue.ratings).toBe(100_836);
      expect(await ratingsOf()).toEqual(before);
    } finally {
      await close();
    }
  });
});
