import Database from 'better-sqlite3';
import { isCatalogueDamage } from './damage';
import { countWrites } from './pending-writes';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrations, type Migration } from './migrations';
import { makePrivateFile } from './private-files';
import { clearUnfinishedImportRows } from './unfinished-imports';

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
  if (file !== ':memory:' && existsSync(file) && statSync(file).isDirectory())
    throw new Error(
      `${file} is a folder: a catalogue is a file (e.g. ${path.join(file, 'catalogue.db')})`,
    );
  if (file !== ':memory:' && !options.readonly) makePrivateFile(file);
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      nativeBinding: sqliteBinding(),
    });
    // The first statement reads the file: a file that is no database fails here.
    db.pragma('schema_version');
  } catch (error) {
    throw unopenable(file, error);
  }
  // Larger pages suit the bulk rating table; only takes effect while the file is still empty.
  if (!options.readonly) db.pragma('page_size = 16384');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
  if (!options.readonly) countWrites(db);
  try {
    if (options.readonly) refuseNewerSchema(db, migrations);
    else {
      applyMigrations(db, migrations);
      clearUnfinishedImportRows(db);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Inside Electron, the shell names better-sqlite3's Electron build (see main/electron/native-binding.ts). */
export function sqliteBinding(): string | undefined {
  return process.env.MOVIE_ASSISTANT_SQLITE_BINDING || undefined;
}

/** Why a catalogue file cannot be opened, naming it; damage keeps SQLite's code (damage.ts). */
function unopenable(file: string, error: unknown): Error {
  if ((error as { code?: string }).code === 'SQLITE_NOTADB')
    return new Error(`${file} is not a Movie Assistant catalogue (not an SQLite database)`);
  if (isCatalogueDamage(error)) return error;
  return new Error(`cannot open the catalogue ${file}: ${(error as Error).message}`);
}

/** Thrown when the catalogue's recorded schema is newer than any migration this build has. */
export class NewerCatalogueError extends Error {
  constructor(
    readonly schema: number,
    readonly known: number,
  ) {
    super(
      `this catalogue was written by a newer version of Movie Assistant (schema ${schema}, this build knows ${known}); update the app`,
    );
  }
}

/** Applies the migrations not yet recorded; refuses a catalogue from a newer build first. */
export function applyMigrations(db: Db, list: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  refuseNewerSchema(db, list);
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

function refuseNewerSchema(db: Db, list: Migration[]): void {
  const recorded = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!recorded) return;
  const schema = schemaVersion(db);
  const known = Math.max(0, ...list.map((m) => m.version));
  if (schema > known) throw new NewerCatalogueError(schema, known);
}
