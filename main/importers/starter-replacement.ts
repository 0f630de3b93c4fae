import type { Db } from '../catalogue/db';
import { starterReleaseId } from '../catalogue/starter-release';
import type { IdSet } from './id-tables';

const RELEASE_TABLES = [
  'dataset_ratings',
  'dataset_users',
  'tags',
  'release_movie_stats',
  'release_items',
] as const;

/**
 * Removes the starter release (its ratings, users, tags, statistics and release row) inside the
 * importing transaction, when an imported release is about to replace it. Returns whether there
 * was one. Its movies stay until dropStarterOnlyMovies(), since profiles' ratings point at them.
 */
export function removeStarterRelease(db: Db): boolean {
  const id = starterReleaseId(db);
  if (id === null) return false;
  for (const table of RELEASE_TABLES) {
    db.prepare(`DELETE FROM ${table} WHERE release_id = ?`).run(id);
  }
  db.prepare('DELETE FROM releases WHERE id = ?').run(id);
  return true;
}

/**
 * After a release replaced the starter (whose movies were then the whole catalogue): removes the
 * movies the new release does not have, except those a profile has rated or marked (watchlist,
 * not interested), so every profile keeps all its ratings and marks and the catalogue is
 * otherwise the new release's.
 */
export function dropStarterOnlyMovies(db: Db, releaseMovies: IdSet): number {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS release_movies_kept (id INTEGER PRIMARY KEY);
    DELETE FROM temp.release_movies_kept;`);
  const keep = db.prepare('INSERT OR IGNORE INTO temp.release_movies_kept (id) VALUES (?)');
  releaseMovies.forEach((id) => keep.run(id));
  const dropped = db
    .prepare(
      `DELETE FROM movies WHERE local_release_id IS NULL
         AND id NOT IN (SELECT id FROM temp.release_movies_kept)
         AND id NOT IN (SELECT movie_id FROM profile_ratings)
         AND id NOT IN (SELECT movie_id FROM profile_movie_marks)
         AND id NOT IN (SELECT movie_id FROM release_movie_stats)`,
    )
    .run().changes;
  db.exec('DELETE FROM temp.release_movies_kept');
  return dropped;
}
