import type { Db } from '../catalogue/db';
import { refreshMovieStatistics } from '../catalogue/movie-statistics';
import { activeRelease, chooseActiveRelease, type ReleaseInfo } from '../catalogue/releases';

/** What matching the profiles onto a release did to their ratings. */
export interface ProfileMatching {
  /** Ratings moved onto the release's movie of the same film (same IMDb or TMDB id). */
  relinked: number;
  /** Ratings of movies the release lacks: kept where they are, matched again after each import. */
  unmatched: number;
  /** The profiles whose ratings (or marks) moved. */
  profileIds: number[];
}

/**
 * Matches every profile's ratings, marks and import journal onto the movies of the release the
 * app learns from (activeRelease: the chosen one, else after an import usually the one imported), so that a switch
 * of releases keeps every rating on its film. A rated movie is matched by its movieId when the
 * release has it; otherwise through links to a release movie with the same IMDb (else TMDB) id,
 * and the rating moves there, unless the profile rated that movie too (then both stay). Nothing is
 * deleted: a rating without a match stays on its movie (rated movies are never dropped from the
 * catalogue), is counted as unmatched, and moves when a later release has the film. Runs inside
 * the importing transaction, or in switchActiveRelease's.
 */
export function matchProfilesToRelease(db: Db): ProfileMatching {
  const release = activeRelease(db);
  if (!release) return { relinked: 0, unmatched: 0, profileIds: [] };
  const outside = `NOT EXISTS (SELECT 1 FROM release_movie_stats s
      WHERE s.release_id = ${release.id} AND s.movie_id = t.movie_id)`;
  const targets = releaseMoviesOfSameFilm(db, release.id, [
    ...(db
      .prepare(
        `SELECT movie_id FROM profile_ratings t WHERE ${outside}
         UNION SELECT movie_id FROM profile_movie_marks t WHERE ${outside}`,
      )
      .pluck()
      .all() as number[]),
  ]);
  const moved = new Set<number>();
  let relinked = 0;
  const rated = db.prepare('SELECT 1 FROM profile_ratings WHERE profile_id = ? AND movie_id = ?');
  const marked = db.prepare(
    'SELECT 1 FROM profile_movie_marks WHERE profile_id = ? AND movie_id = ?',
  );
  const moveRating = db.prepare(
    'UPDATE profile_ratings SET movie_id = ? WHERE profile_id = ? AND movie_id = ?',
  );
  const moveJournal = db.prepare(
    `UPDATE OR IGNORE profile_import_changes SET movie_id = ? WHERE movie_id = ?
       AND import_id IN (SELECT id FROM profile_imports WHERE profile_id = ?)`,
  );
  const moveMark = db.prepare(
    'UPDATE profile_movie_marks SET movie_id = ? WHERE profile_id = ? AND movie_id = ?',
  );
  const moveMarkJournal = db.prepare(
    `UPDATE OR IGNORE profile_import_marks SET movie_id = ? WHERE movie_id = ?
       AND import_id IN (SELECT id FROM profile_imports WHERE profile_id = ?)`,
  );
  const ratersOf = db.prepare('SELECT profile_id FROM profile_ratings WHERE movie_id = ?').pluck();
  const markersOf = db
    .prepare('SELECT profile_id FROM profile_movie_marks WHERE movie_id = ?')
    .pluck();
  for (const [from, to] of targets) {
    for (const profileId of ratersOf.all(from) as number[]) {
      if (rated.get(profileId, to) || marked.get(profileId, to)) continue;
      moveRating.run(to, profileId, from);
      moveJournal.run(to, from, profileId);
      moved.add(profileId);
      relinked++;
    }
    for (const profileId of markersOf.all(from) as number[]) {
      if (rated.get(profileId, to) || marked.get(profileId, to)) continue;
      moveMark.run(to, profileId, from);
      moveMarkJournal.run(to, from, profileId);
      moved.add(profileId);
    }
  }
  const unmatched = db
    .prepare(`SELECT COUNT(*) FROM profile_ratings t WHERE ${outside}`)
    .pluck()
    .get() as number;
  return { relinked, unmatched, profileIds: [...moved].sort((a, b) => a - b) };
}

/** What switchActiveRelease did: the release now active, the one before, the profiles' ratings. */
export interface ReleaseSwitch {
  release: ReleaseInfo;
  previous: ReleaseInfo | null;
  matching: ProfileMatching;
}

/**
 * Makes the release the one the app learns from (chooseActiveRelease) and, in the same
 * transaction, gives the movies its rating totals and matches every profile's ratings and marks
 * onto its movies, exactly as an import that swaps releases does: nothing is lost, a rating moves
 * only onto the same film. Null, with nothing changed, when the catalogue has no such release
 * with ratings.
 */
export function switchActiveRelease(db: Db, releaseId: number): ReleaseSwitch | null {
  return db
    .transaction((): ReleaseSwitch | null => {
      const previous = activeRelease(db);
      const release = chooseActiveRelease(db, releaseId);
      if (!release) return null;
      refreshMovieStatistics(db);
      return { release, previous, matching: matchProfilesToRelease(db) };
    })
    .immediate();
}

/** For each movie, the release's movie with the same IMDb id, else the same TMDB id (if any). */
function releaseMoviesOfSameFilm(
  db: Db,
  releaseId: number,
  movieIds: number[],
): Map<number, number> {
  const links = db.prepare('SELECT imdb_id, tmdb_id FROM movies WHERE id = ?');
  const inRelease = (column: 'imdb_id' | 'tmdb_id') =>
    db
      .prepare(
        `SELECT m.id FROM movies m JOIN release_movie_stats s ON s.release_id = ? AND s.movie_id = m.id
         WHERE m.${column} = ? AND m.id <> ? ORDER BY m.id LIMIT 1`,
      )
      .pluck();
  const byImdb = inRelease('imdb_id');
  const byTmdb = inRelease('tmdb_id');
  const out = new Map<number, number>();
  for (const movieId of movieIds) {
    const link = links.get(movieId) as
      { imdb_id: string | null; tmdb_id: number | null } | undefined;
    if (!link) continue;
    const target =
      (link.imdb_id !== null
        ? (byImdb.get(releaseId, link.imdb_id, movieId) as number | undefined)
        : undefined) ??
      (link.tmdb_id !== null
        ? (byTmdb.get(releaseId, link.tmdb_id, movieId) as number | undefined)
        : undefined);
    if (target !== undefined) out.set(movieId, target);
  }
  return out;
}
