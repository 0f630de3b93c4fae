import type { MovieDetails, MovieSummary } from '../../shared/domain';
import type { Db } from './db';
import { movieRatingSpread } from './rating-spread';
import { SUMMARY_COLUMNS, toMovieSummary, type MovieSummaryRow } from './movie-rows';
import { isBookkeepingTag } from './bookkeeping-tags';
import { tagLetters, tagToShow, tagWords } from './tag-spelling';

interface MovieDetailsRow extends MovieSummaryRow {
  imdb_id: string | null;
  tmdb_id: number | null;
}

/**
 * One movie with its links, most used tags and rating spread, plus the profile's own rating when
 * one is named.
 */
export function getMovieDetails(db: Db, movieId: number, profileId?: number): MovieDetails | null {
  const row = db
    .prepare(`SELECT ${SUMMARY_COLUMNS}, m.imdb_id, m.tmdb_id FROM movies m WHERE m.id = ?`)
    .get(movieId) as MovieDetailsRow | undefined;
  if (!row) return null;
  const summary = toMovieSummary(row);
  const yourHalf =
    profileId === undefined
      ? undefined
      : (db
          .prepare('SELECT rating_half FROM profile_ratings WHERE profile_id = ? AND movie_id = ?')
          .pluck()
          .get(profileId, movieId) as number | undefined);
  return {
    ...summary,
    imdbId: row.imdb_id,
    tmdbId: row.tmdb_id,
    tags: tagsToShow(db, movieId, summary.genres),
    yourRating: yourHalf === undefined ? null : yourHalf / 2,
    ratingSpread: movieRatingSpread(db, movieId),
  };
}

/**
 * The movie's tags, the most used first (20 at most), each as viewers wrote it most often; those
 * that only repeat one of its genres ("sci-fi" beside Sci-Fi) are left to the genres, and a
 * viewer's bookkeeping ("In Netflix queue") is left out.
 */
function tagsToShow(db: Db, movieId: number, genres: readonly string[]): string[] {
  const rows = db
    .prepare(
      `SELECT lower(tag) AS key, tag, COUNT(*) AS n FROM tags WHERE movie_id = ?
         AND release_id IN (SELECT id FROM releases) GROUP BY tag`,
    )
    .raw()
    .all(movieId) as Array<[string, string, number]>;
  const genreLetters = new Set(genres.map(tagLetters));
  const byKey = new Map<string, { spellings: Array<[string, number]>; n: number }>();
  for (const [key, tag, n] of rows) {
    if (genreLetters.has(tagLetters(key)) || isBookkeepingTag(tagWords(key).join(' '))) continue;
    const entry = byKey.get(key) ?? { spellings: [], n: 0 };
    entry.spellings.push([tag, n]);
    entry.n += n;
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .map((entry) => ({ tag: tagToShow(entry.spellings), n: entry.n }))
    .sort((a, b) => b.n - a.n || a.tag.localeCompare(b.tag))
    .slice(0, 20)
    .map((entry) => entry.tag);
}

/** Summaries for the given ids, in the order given (unknown ids are left out). */
export function getMovieSummaries(db: Db, movieIds: readonly number[]): MovieSummary[] {
  if (movieIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM movies m WHERE m.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(movieIds)) as MovieSummaryRow[];
  const byId = new Map(rows.map((r) => [r.id, toMovieSummary(r)]));
  return movieIds.map((id) => byId.get(id)).filter((m): m is MovieSummary => m !== undefined);
}

/** Every genre in the catalogue, alphabetically. */
export function listGenres(db: Db): string[] {
  return db
    .prepare('SELECT DISTINCT genre FROM movie_genres ORDER BY genre')
    .pluck()
    .all() as string[];
}

export function countMovies(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM movies').pluck().get() as number;
}

/**
 * Movies for a new profile to rate first: those it marked seen (it watched them), then the most
 * rated; none the profile has rated or marked "not interested" and none of `exclude` (the movies
 * already offered). The most rated are the
 * movies a person is likeliest to have seen; on validation they also gave better first lists than
 * a genre-varied pick of them (`npm run bench -- onboarding`, docs/MODELS.md).
 */
export function onboardingPicks(
  db: Db,
  profileId: number,
  limit = 12,
  exclude: readonly number[] = [],
): MovieSummary[] {
  const excluded = new Set(exclude);
  const candidates = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM movies m
       WHERE m.rating_count > 0
         AND NOT EXISTS (SELECT 1 FROM profile_ratings p WHERE p.profile_id = ? AND p.movie_id = m.id)
         AND NOT EXISTS (SELECT 1 FROM profile_movie_marks k WHERE k.profile_id = ?
                           AND k.movie_id = m.id AND k.mark = 'not-interested')
       ORDER BY EXISTS (SELECT 1 FROM profile_movie_marks k WHERE k.profile_id = ?
                          AND k.movie_id = m.id AND k.mark = 'seen') DESC,
         m.rating_count DESC, m.id LIMIT ?`,
    )
    .all(profileId, profileId, profileId, limit + excluded.size) as MovieSummaryRow[];
  return candidates
    .map(toMovieSummary)
    .filter((movie) => !excluded.has(movie.id))
    .slice(0, limit);
}
