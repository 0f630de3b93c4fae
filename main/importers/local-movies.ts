import type { Db } from '../catalogue/db';
import { MovieMatcher } from './movie-matcher';

/**
 * When a release with real MovieLens ids arrives after one without (ml-100k imported first),
 * the earlier release's local movies that now match a real movie by title and year move onto
 * it: their ratings, item map, tags, statistics, profile ratings and marks follow, and the
 * duplicate local movie goes. Runs inside the importing transaction. Returns how many moved.
 */
export function adoptLocalMovies(db: Db): number {
  const locals = db
    .prepare(
      'SELECT id, title, title_key, year, local_release_id AS release FROM movies WHERE local_release_id IS NOT NULL',
    )
    .all() as {
    id: number;
    title: string;
    title_key: string;
    year: number | null;
    release: number;
  }[];
  if (locals.length === 0) return 0;
  const matcher = new MovieMatcher(db);
  const alreadyUsed = db.prepare(
    'SELECT 1 FROM release_items WHERE release_id = ? AND movie_id = ?',
  );
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS movie_moves (
    old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL, release_id INTEGER NOT NULL);
    DELETE FROM temp.movie_moves;`);
  const addMove = db.prepare(
    'INSERT INTO temp.movie_moves (old_id, new_id, release_id) VALUES (?, ?, ?)',
  );
  const claimed = new Set<string>();
  for (const movie of locals) {
    const target = matcher.match({ key: movie.title_key, title: movie.title, year: movie.year });
    if (target === undefined) continue;
    const claim = `${movie.release}:${target}`;
    if (claimed.has(claim) || alreadyUsed.get(movie.release, target)) continue;
    claimed.add(claim);
    addMove.run(movie.id, target, movie.release);
  }
  if (claimed.size === 0) return 0;
  const newId = (table: string) =>
    `(SELECT new_id FROM temp.movie_moves m WHERE m.old_id = ${table}.movie_id)`;
  const moved = 'SELECT old_id FROM temp.movie_moves';
  const releases = db
    .prepare('SELECT DISTINCT release_id FROM temp.movie_moves')
    .pluck()
    .all() as number[];
  for (const release of releases) {
    for (const table of ['dataset_ratings', 'release_movie_stats', 'release_items', 'tags']) {
      db.prepare(
        `UPDATE ${table} SET movie_id = ${newId(table)} WHERE release_id = ? AND movie_id IN (${moved})`,
      ).run(release);
    }
  }
  // A profile that rated (or marked) both keeps its rating (mark) of the real movie.
  db.exec(`UPDATE OR IGNORE profile_ratings SET movie_id = ${newId('profile_ratings')} WHERE movie_id IN (${moved});
    DELETE FROM profile_ratings WHERE movie_id IN (${moved});
    UPDATE OR IGNORE profile_movie_marks SET movie_id = ${newId('profile_movie_marks')} WHERE movie_id IN (${moved});
    DELETE FROM profile_movie_marks WHERE movie_id IN (${moved});
    DELETE FROM movies WHERE id IN (${moved});`);
  return claimed.size;
}
