import type { Db } from '../catalogue/db';
import type { ReleaseInfo } from '../catalogue/releases';
import type { StarterCatalogue, StarterRating, StarterTag, StarterUser } from './starter-file';
import type { MovieFacts } from './release-writer';

/**
 * Reads one release back out of a catalogue that holds only it (the throw-away catalogue that
 * pretraining imports into) as a starter catalogue: its movies as stored, every rating, tag and
 * demographic row. Only releases with MovieLens movie ids qualify.
 */
export function starterFromCatalogue(db: Db, release: ReleaseInfo): StarterCatalogue {
  if (!release.realMovieIds)
    throw new Error(
      `${release.format} has no MovieLens movie ids; it cannot be a starter catalogue`,
    );
  const movies = (
    db
      .prepare(
        'SELECT id, title, title_key, year, genres, imdb_id, tmdb_id, people FROM movies ORDER BY id',
      )
      .all() as {
      id: number;
      title: string;
      title_key: string;
      year: number | null;
      genres: string;
      imdb_id: string | null;
      tmdb_id: number | null;
      people: string;
    }[]
  ).map((m): MovieFacts => ({
    id: m.id,
    title: m.title,
    titleKey: m.title_key,
    year: m.year,
    genres: m.genres ? m.genres.split('|') : [],
    imdbId: m.imdb_id,
    tmdbId: m.tmdb_id,
    people: m.people ? m.people.split('|') : [],
  }));
  const ratings = db
    .prepare(
      `SELECT user_key AS userKey, movie_id AS movieId, rating_half AS half, rated_at AS ratedAt
       FROM dataset_ratings WHERE release_id = ? ORDER BY user_key, movie_id`,
    )
    .all(release.id) as StarterRating[];
  const tags = db
    .prepare(
      `SELECT user_key AS userKey, movie_id AS movieId, tag, tagged_at AS taggedAt
       FROM tags WHERE release_id = ? ORDER BY rowid`,
    )
    .all(release.id) as StarterTag[];
  const users = db
    .prepare(
      `SELECT user_key AS userKey, age, gender, occupation FROM dataset_users
       WHERE release_id = ? AND (age IS NOT NULL OR gender IS NOT NULL OR occupation IS NOT NULL)
       ORDER BY user_key`,
    )
    .all(release.id) as StarterUser[];
  return {
    release: { format: release.format, scale: release.scale },
    movies,
    ratings,
    tags,
    users,
  };
}
