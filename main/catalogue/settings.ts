import type { Db } from './db';

/** Settings are JSON values under string keys. */
export function getSetting<T>(db: Db, key: string, fallback: T): T {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
    string | undefined;
  return value === undefined ? fallback : (JSON.parse(value) as T);
}

export function setSetting(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function deleteSetting(db: Db, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}

export function allSettings(db: Db): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as {
    key: string;
    value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
}
