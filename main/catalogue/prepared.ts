import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * One prepared statement per database and SQL text, made on first use: for what runs on every
 * search or list, where preparing again costs more than running (about 25 µs a statement).
 */
export function prepared(db: Db, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}
