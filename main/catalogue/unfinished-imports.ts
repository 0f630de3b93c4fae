import type { Db } from './db';

/** Release tables whose rows reference `releases(id)` with a foreign key. */
const REFERENCING_TABLES = [
  ['dataset_users', 'user_key'],
  ['release_movie_stats', 'movie_id'],
  ['release_items', 'item_key'],
] as const;

/**
 * A release import writes its users and statistics under a release id whose `releases` row
 * only comes with the swap (main/importers/release-writer.ts). After an import was killed,
 * those rows would fail `foreign_key_check`: this deletes them when the catalogue is opened
 * (finding the ids is a few index seeks). Their ratings and tags, which have no foreign key,
 * are deleted by the next import in short transactions. Returns how many rows went.
 */
export function clearUnfinishedImportRows(db: Db): number {
  const known = new Set(db.prepare('SELECT id FROM releases').pluck().all() as number[]);
  let removed = 0;
  for (const [table] of REFERENCING_TABLES) {
    const next = db
      .prepare(`SELECT release_id FROM ${table} WHERE release_id > ? ORDER BY release_id LIMIT 1`)
      .pluck();
    const remove = db.prepare(`DELETE FROM ${table} WHERE release_id = ?`);
    for (
      let id = next.get(-1) as number | undefined;
      id !== undefined;
      id = next.get(id) as number | undefined
    ) {
      if (!known.has(id)) removed += remove.run(id).changes;
    }
  }
  return removed;
}
