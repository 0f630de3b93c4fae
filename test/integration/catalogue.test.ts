import path from 'node:path';
import {
  applyMigrations,
  defaultDbPath,
  openCatalogue,
  schemaVersion,
} from '../../main/catalogue/db';
import { migrations } from '../../main/catalogue/migrations';
import {
  deleteModel,
  latestModel,
  listModels,
  registerModel,
} from '../../main/catalogue/model-registry';
import { createProfile, deleteProfile } from '../../main/catalogue/profiles';
import { allSettings, deleteSetting, getSetting, setSetting } from '../../main/catalogue/settings';
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

  it('migration 1 creates the tables the repositories use, FTS5 included', () => {
    const db = openCatalogue(':memory:');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
      .pluck()
      .all();
    for (const t of [
      'movies',
      'movie_search',
      'dataset_ratings',
      'dataset_users',
      'tags',
      'profiles',
      'profile_ratings',
      'settings',
      'models',
      'releases',
    ]) {
      expect(tables).toContain(t);
    }
    db.close();
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

describe('settings and the model registry', () => {
  it('stores JSON settings', () => {
    const db = openCatalogue(':memory:');
    expect(getSetting(db, 'theme', 'light')).toBe('light');
    setSetting(db, 'theme', 'dark');
    setSetting(db, 'weights', { a: 1, b: [2, 3] });
    expect(getSetting(db, 'theme', 'light')).toBe('dark');
    expect(allSettings(db)).toEqual({ theme: 'dark', weights: { a: 1, b: [2, 3] } });
    deleteSetting(db, 'theme');
    expect(getSetting(db, 'theme', null)).toBeNull();
  });

  it('registers models, finds the latest per profile, and drops a profile’s models with it', () => {
    const db = openCatalogue(':memory:');
    const profile = createProfile(db, 'Ana');
    registerModel(db, {
      name: 'mf',
      kind: 'pretrained',
      path: 'a',
      datasetFingerprint: 'f1',
      metrics: [],
      profileId: null,
      createdAt: 1,
    });
    const newer = registerModel(db, {
      name: 'mf',
      kind: 'pretrained',
      path: 'b',
      datasetFingerprint: 'f1',
      metrics: [{ rmse: 0.9 }],
      profileId: null,
      createdAt: 2,
    });
    registerModel(db, {
      name: 'mf',
      kind: 'fine-tuned',
      path: 'c',
      datasetFingerprint: 'f1',
      metrics: [],
      profileId: profile.id,
    });
    expect(latestModel(db, 'mf')?.id).toBe(newer.id);
    expect(latestModel(db, 'mf')?.metrics).toEqual([{ rmse: 0.9 }]);
    expect(latestModel(db, 'mf', profile.id)?.path).toBe('c');
    expect(listModels(db, profile.id)).toHaveLength(1);
    deleteProfile(db, profile.id);
    expect(listModels(db)).toHaveLength(2);
    expect(deleteModel(db, newer.id)).toBe(true);
    expect(latestModel(db, 'mf')?.path).toBe('a');
  });
});
