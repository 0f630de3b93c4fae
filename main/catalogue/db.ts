import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

/** Where the catalogue lives: MOVIE_ASSISTANT_DB, else the OS's per-user app-data folder. */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.MOVIE_ASSISTANT_DB) return path.resolve(env.MOVIE_ASSISTANT_DB);
  const home = os.homedir();
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
    return path.join(appData, 'Movie Assistant', 'catalogue.db');
  }
  if (platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'Movie Assistant', 'catalogue.db');
  }
  const config = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(config, 'movie-assistant', 'catalogue.db');
}

/** Opens (creating if needed) the catalogue file, sets its pragmas and applies pending migrations. */
export function openCatalogue(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    // Inside Electron, the shell names better-sqlite3's Electron build (see main/electron/native-binding.ts).
    nativeBinding: process.env.MOVIE_ASSISTANT_SQLITE_BINDING || undefined,
  });
  // Larger pages suit the bulk rating table; only takes effect while the file is still empty.
  if (!options.readonly) db.pragma('page_size = 16384');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
  if (!options.readonly) applyMigrations(db, migrations);
  return db;
}

export function applyMigrations(db: Db, list: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const done: number[] = [];
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
    done.push(migration.version);
  }
  return done;
}

export function schemaVersion(db: Db): number {
  return (
    (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0
  );
}
