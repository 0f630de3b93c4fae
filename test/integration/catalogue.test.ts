import Database from 'better-sqlite3';
import path from 'node:path';
import {
  applyMigrations,
  defaultDbPath,
  NewerCatalogueError,
  openCatalogue,
  schemaVersion,
} from '../../main/catalogue/db';
import { migrations } from '../../main/catalogue/migrations';
import { getMovieDetails } from '../../main/catalogue/movies';
import { countMissingSpreads, releasesWithoutSpread } from '../../main/catalogue/rating-spread';
import { startSpreadBackfill } from '../../main/service/spread-backfill';
import { makeTempDir, removeTempDirs } from '../fixtures/catalogue-helpers';

afterAll(removeTempDirs);

describe('openCatalogue', () => {
  it('creates the folder and file, sets WAL and foreign keys, and records every migration once', () => {
    const file = path.join(makeTempDir(), 'nested', 'deeper', 'catalogue.db');
    const db = openCatalogue(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
    expect(schemaVersion(db)).toBe(migrations[migrations.length - 1].version);
    db.close();
    const again = openCatalogue(file);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(
      migrations.length,
    );
    expect(applyMigrations(again, migrations)).toEqual([]);
    again.close();
  });

  it('creates the tables the repositories use, FTS5 included, and none of the dropped ones', () => {
    const db = openCatalogue(':memory:');
    const tables = tableNames(db);
    for (const t of [
      'movies',
      'movie_search',
      'dataset_ratings',
      'dataset_users',
      'tags',
      'profiles',
      'profile_ratings',
      'releases',
    ]) {
      expect(tables).toContain(t);
    }
    for (const t of ['models', 'settings', 'dataset_loved']) expect(tables).not.toContain(t);
    db.close();
  });

  it('migration 2 drops the unused tables from a catalogue written at schema 1', () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const old = openCatalogueAt(file, 1);
    old.exec(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"');
      INSERT INTO dataset_loved (release_id, movie_id, user_key) VALUES (1, 2571, 7);`);
    expect(tableNames(old)).toEqual(
      expect.arrayContaining(['models', 'settings', 'dataset_loved']),
    );
    old.close();
    const db = openCatalogue(file);
    expect(schemaVersion(db)).toBe(migrations[migrations.length - 1].version);
    const tables = tableNames(db);
    for (const t of ['models', 'settings', 'dataset_loved']) expect(tables).not.toContain(t);
    // Migration 3: the journal of personal imports (issue 12).
    for (const t of ['profile_imports', 'profile_import_changes']) expect(tables).toContain(t);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'models_lookup'").get()).toBe(
      undefined,
    );
    db.close();
  });

  it('migration 8 keeps every mark and journaled mark while it widens the marks', () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const old = openCatalogueAt(file, 7);
    old.exec(`
      INSERT INTO profiles (id, name, created_at) VALUES (1, 'Ann', 0);
      INSERT INTO profile_movie_marks VALUES (1, 10, 'watchlist', 5), (1, 11, 'not-interested', 6);
      INSERT INTO profile_imports (id, profile_id, format, source, conflict_policy, imported_at, written)
        VALUES (1, 1, 'letterboxd', 'x.zip', 'keep-mine', 5, 0);
      INSERT INTO profile_import_marks VALUES (1, 10, 5);`);
    old.close();
    const db = openCatalogue(file);
    expect(db.prepare('SELECT * FROM profile_movie_marks ORDER BY movie_id').all()).toEqual([
      { profile_id: 1, movie_id: 10, mark: 'watchlist', marked_at: 5 },
      { profile_id: 1, movie_id: 11, mark: 'not-interested', marked_at: 6 },
    ]);
    expect(db.prepare('SELECT * FROM profile_import_marks').all()).toEqual([
      { import_id: 1, movie_id: 10, marked_at: 5, mark: 'watchlist' },
    ]);
    db.prepare("INSERT INTO profile_movie_marks VALUES (1, 12, 'seen', 7)").run();
    expect(() =>
      db.prepare("INSERT INTO profile_movie_marks VALUES (1, 13, 'loved', 7)").run(),
    ).toThrow(/CHECK/);
    // Deleting the profile still takes its marks.
    db.prepare('DELETE FROM profiles WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM profile_movie_marks').pluck().get()).toBe(0);
    db.close();
  });

  it('migration 9 gives the movies the totals of the release the app learns from, not a sum over releases', () => {
    // Two releases rate Toy Story; ml-latest-small alone rates Jumanji, ml-latest alone Heat.
    const twoReleases = `
      INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
        rating_scale_max, movies, ratings, users, imported_at)
        VALUES (1, 'ml-latest', 'x', 'f', 1, 0.5, 5, 2, 300, 3, 0),
               (2, 'ml-latest-small', 'y', 'g', 1, 0.5, 5, 2, 3, 2, 0);
      INSERT INTO movies (id, title, title_key, rating_count, rating_sum_half) VALUES
        (1, 'Toy Story', 'toy story', 5, 40), (2, 'Jumanji', 'jumanji', 1, 6), (6, 'Heat', 'heat', 4, 32);
      INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half)
        VALUES (1, 1, 3, 24), (2, 1, 2, 16), (2, 2, 1, 6), (1, 6, 4, 32);`;
    const totalsAfterMigrating = (chosen: string | null) => {
      const file = path.join(makeTempDir(), 'catalogue.db');
      const old = openCatalogueAt(file, 8);
      old.exec(twoReleases);
      if (chosen)
        old
          .prepare("INSERT INTO catalogue_settings (key, value) VALUES ('active_release', ?)")
          .run(chosen);
      old.close();
      const db = openCatalogue(file);
      const totals = db
        .prepare('SELECT id, rating_count, rating_sum_half FROM movies ORDER BY id')
        .raw()
        .all();
      db.close();
      return totals;
    };
    expect(totalsAfterMigrating('ml-latest-small')).toEqual([
      [1, 2, 16],
      [2, 1, 6],
      [6, 0, 0],
    ]);
    // Without a choice the app learns from the release with the most ratings.
    expect(totalsAfterMigrating(null)).toEqual([
      [1, 3, 24],
      [2, 0, 0],
      [6, 4, 32],
    ]);
  });

  /** A catalogue at schema 5 holding a release of two movies and four ratings. */
  function catalogueBeforeSpreads(): string {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const old = openCatalogueAt(file, 5);
    old.exec(`
      INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
        rating_scale_max, movies, ratings, users, imported_at)
        VALUES (1, 'ml-latest-small', 'x', 'f', 1, 0.5, 5, 2, 4, 3, 0);
      INSERT INTO movies (id, title, title_key, year, genres, rating_count, rating_sum_half)
        VALUES (1, 'Toy Story', 'toy story', 1995, '', 3, 24), (2, 'Jumanji', 'jumanji', 1995, '', 1, 1);
      INSERT INTO dataset_ratings (release_id, user_key, movie_id, rating_half, rated_at)
        VALUES (1, 1, 1, 8, 0), (1, 2, 1, 8, 0), (1, 3, 1, 8, 0), (1, 1, 2, 1, 0);
      INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half)
        VALUES (1, 1, 3, 24), (1, 2, 1, 1);`);
    old.close();
    return file;
  }
  const spreads = (db: Database.Database) =>
    db.prepare('SELECT movie_id, spread FROM release_movie_stats ORDER BY movie_id').all();
  const counted = [
    { movie_id: 1, spread: '0,0,0,0,0,0,0,3,0,0' },
    { movie_id: 2, spread: '1,0,0,0,0,0,0,0,0,0' },
  ];

  it('migration 6 opens at once; the spreads of older releases are counted afterwards', () => {
    const db = openCatalogue(catalogueBeforeSpreads());
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(6);
    expect(releasesWithoutSpread(db)).toEqual([1]);
    expect(getMovieDetails(db, 1)!.ratingSpread).toEqual(new Array(10).fill(0)); // no chart yet
    expect(countMissingSpreads(db)).toBe(2);
    expect(spreads(db)).toEqual(counted);
    expect(getMovieDetails(db, 1)!.ratingSpread).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 0, 0]);
    expect(releasesWithoutSpread(db)).toEqual([]);
    expect(countMissingSpreads(db)).toBe(0);
    db.close();
  });

  it('the service counts them in a worker thread on its own connection', async () => {
    const file = catalogueBeforeSpreads();
    const db = openCatalogue(file);
    const backfill = startSpreadBackfill(db, file);
    await expect(backfill.done).resolves.toBe(2);
    expect(spreads(db)).toEqual(counted);
    expect(await startSpreadBackfill(db, file).done).toBe(0); // nothing left: no worker
    db.close();
  });

  it('a stopped count settles quietly, and the next start finishes it', async () => {
    const file = catalogueBeforeSpreads();
    const db = openCatalogue(file);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stopped = startSpreadBackfill(db, file);
    stopped.stop();
    await expect(stopped.done).resolves.toBeTypeOf('number');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    await startSpreadBackfill(db, file).done;
    expect(spreads(db)).toEqual(counted);
    db.close();
  });

  it('refuses a catalogue written by a newer build, naming both schema versions', () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const db = openCatalogue(file);
    const latest = schemaVersion(db);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      latest + 2,
      'from-the-future',
      Date.now(),
    );
    db.close();
    const expected = `this catalogue was written by a newer version of Movie Assistant (schema ${latest + 2}, this build knows ${latest}); update the app`;
    for (const options of [{}, { readonly: true }]) {
      const error = (() => {
        try {
          openCatalogue(file, options).close();
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(NewerCatalogueError);
      expect((error as Error).message).toBe(expected);
    }
    // Nothing was applied or recorded: the newer build's file is left as it was.
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(
      latest + 2,
    );
    expect(raw.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(
      migrations.length + 1,
    );
    raw.close();
  });

  it('applies a later migration in order and records it', () => {
    const db = openCatalogue(':memory:');
    const done = applyMigrations(db, [
      ...migrations,
      { version: 99, name: 'test', sql: 'CREATE TABLE extra (x INTEGER)' },
    ]);
    expect(done).toEqual([99]);
    expect(schemaVersion(db)).toBe(99);
    db.close();
  });
});

describe('defaultDbPath', () => {
  it('honours MOVIE_ASSISTANT_DB first', () => {
    expect(defaultDbPath({ MOVIE_ASSISTANT_DB: '/tmp/x/my.db' }, 'linux')).toBe('/tmp/x/my.db');
  });
  it('uses XDG_CONFIG_HOME or ~/.config on Linux', () => {
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(
      '/cfg/movie-assistant/catalogue.db',
    );
    expect(defaultDbPath({}, 'linux')).toMatch(/\.config\/movie-assistant\/catalogue\.db$/);
  });
  it('uses the per-user app-data folders on macOS and Windows', () => {
    expect(defaultDbPath({}, 'darwin')).toMatch(
      /Library\/Application Support\/Movie Assistant\/catalogue\.db$/,
    );
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain(
      'Movie Assistant',
    );
  });
});

function tableNames(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
}

/** A catalogue file as a build whose latest migration is `version` left it. */
function openCatalogueAt(file: string, version: number): Database.Database {
  const db = new Database(file);
  applyMigrations(
    db,
    migrations.filter((m) => m.version <= version),
  );
  return db;
}
