import type { Db } from '../catalogue/db';
import { ChunkedWrites } from './chunked-writes';

/**
 * A release's bulk rows (dataset ratings, tags, users, per-movie statistics) are written under a release id no `releases`
 * row has yet, while the import runs, and become part of the catalogue when the short swap
 * transaction gives that id its row. Rows whose release id has no row (an import cancelled,
 * failed or killed; a release replaced) are deleted here, in short transactions.
 */

const DELETE_ROWS = 20_000;

/** The release id a new import writes its rows under: above every id in use. */
export function newReleaseId(db: Db): number {
  const max = db
    .prepare(
      `SELECT MAX(
         (SELECT COALESCE(MAX(id), 0) FROM releases),
         (SELECT COALESCE(MAX(release_id), 0) FROM dataset_ratings),
         (SELECT COALESCE(MAX(release_id), 0) FROM tags))`,
    )
    .pluck()
    .get() as number;
  return max + 1;
}

/** Deletes every dataset rating and tag of `releaseId`, a few thousand rows per transaction. */
export function deleteReleaseRows(db: Db, releaseId: number, writes = new ChunkedWrites(db)): void {
  const boundary = db
    .prepare(
      `SELECT user_key FROM dataset_ratings WHERE release_id = ? ORDER BY user_key LIMIT 1 OFFSET ${DELETE_ROWS}`,
    )
    .pluck();
  const deleteBelow = db.prepare(
    'DELETE FROM dataset_ratings WHERE release_id = ? AND user_key < ?',
  );
  const deleteRest = db.prepare('DELETE FROM dataset_ratings WHERE release_id = ?');
  writes.repeat(() => {
    const user = boundary.get(releaseId) as number | undefined;
    if (user === undefined) {
      deleteRest.run(releaseId);
      return false;
    }
    // A user with more ratings than DELETE_ROWS makes no progress below itself: take it whole.
    if (deleteBelow.run(releaseId, user).changes === 0)
      db.prepare('DELETE FROM dataset_ratings WHERE release_id = ? AND user_key = ?').run(
        releaseId,
        user,
      );
    return true;
  });
  const deleteTags = db.prepare(
    `DELETE FROM tags WHERE rowid IN (SELECT rowid FROM tags WHERE release_id = ? LIMIT ${DELETE_ROWS})`,
  );
  writes.repeat(() => deleteTags.run(releaseId).changes > 0);
  for (const [table, key] of [
    ['dataset_users', 'user_key'],
    ['release_movie_stats', 'movie_id'],
    ['release_items', 'item_key'],
  ] as const) {
    const remove = db.prepare(
      `DELETE FROM ${table} WHERE release_id = ? AND ${key} IN
         (SELECT ${key} FROM ${table} WHERE release_id = ? LIMIT ${DELETE_ROWS})`,
    );
    writes.repeat(() => remove.run(releaseId, releaseId).changes > 0);
  }
}

/** Release ids that rows of `table` use but no `releases` row has. */
function orphanIds(
  db: Db,
  table: 'dataset_ratings' | 'tags' | 'dataset_users' | 'release_movie_stats',
): number[] {
  const next = db
    .prepare(`SELECT release_id FROM ${table} WHERE release_id > ? ORDER BY release_id LIMIT 1`)
    .pluck();
  const known = new Set(db.prepare('SELECT id FROM releases').pluck().all() as number[]);
  const ids: number[] = [];
  for (
    let id = next.get(-1) as number | undefined;
    id !== undefined;
    id = next.get(id) as number | undefined
  ) {
    if (!known.has(id)) ids.push(id);
  }
  return ids;
}

/** Deletes the rows left by imports that never finished or releases since replaced. */
export function deleteOrphanReleaseRows(db: Db): void {
  const ids = new Set([
    ...orphanIds(db, 'dataset_ratings'),
    ...orphanIds(db, 'tags'),
    ...orphanIds(db, 'dataset_users'),
    ...orphanIds(db, 'release_movie_stats'),
  ]);
  for (const id of ids) deleteReleaseRows(db, id);
}

/**
 * Deletes movies an import inserted ahead of a swap that did not happen, except those a
 * profile rated or marked meanwhile (or anything else still points at), in short transactions.
 */
export function deleteUnratedMovies(
  db: Db,
  movieIds: number[],
  writes = new ChunkedWrites(db),
): void {
  const remove = db.prepare(
    `DELETE FROM movies WHERE id = @id
       AND NOT EXISTS (SELECT 1 FROM profile_ratings WHERE movie_id = @id)
       AND NOT EXISTS (SELECT 1 FROM profile_movie_marks WHERE movie_id = @id)`,
  );
  let next = 0;
  writes.repeat(() => {
    const end = Math.min(movieIds.length, next + 200);
    for (; next < end; next++) {
      try {
        remove.run({ id: movieIds[next] });
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err;
      }
    }
    return next < movieIds.length;
  });
}
