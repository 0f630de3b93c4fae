import type { Db } from '../catalogue/db';
import type { ChunkedWrites, Repeat } from './chunked-writes';

/**
 * New movies per INSERT. The title search index (FTS5) writes its pending terms out at the end of
 * every statement that inserts into it, so one movie per statement made those writes most of
 * the new-movies phase (62,000 movies: 1.9 s one by one, 0.85 s a hundred at a time).
 */
const MOVIES_PER_STATEMENT = 100;

/** A movie row as the catalogue stores it, genres already normalised. */
export interface StagedMovie {
  id: number;
  title: string;
  titleKey: string;
  year: number | null;
  genres: string[];
  imdbId: string | null;
  tmdbId: number | null;
  people: string[];
  local: boolean;
}

interface StagedUser {
  userKey: number;
  age: number | null;
  gender: string | null;
  occupation: string | null;
}

/**
 * The small rows of a release being imported (movies, links, users, item ids), held in memory
 * while the long part runs and written by the swap transaction: the catalogue's movies, which
 * profiles' ratings point at, do not change before the release is swapped in.
 */
export class StagedReleaseRows {
  private readonly movies = new Map<number, StagedMovie>();
  private readonly links = new Map<number, [string | null, number | null]>();
  private readonly users = new Map<number, StagedUser>();
  private readonly items = new Map<number, number>();

  addMovie(movie: StagedMovie): void {
    this.movies.set(movie.id, movie);
  }

  setLinks(movieId: number, imdbId: string | null, tmdbId: number | null): void {
    this.links.set(movieId, [imdbId, tmdbId]);
  }

  addUser(user: StagedUser): void {
    this.users.set(user.userKey, user);
  }

  hasUser(userKey: number): boolean {
    return this.users.has(userKey);
  }

  mapItem(itemKey: number, movieId: number): void {
    this.items.set(itemKey, movieId);
  }

  /**
   * Inserts the staged movies the catalogue does not have yet (with their genres, links and
   * `ratingCount` totals) in short transactions before the swap, which then only has changes
   * to make: a first import of a big release would otherwise hold the swap for seconds. They
   * are searchable from then on. Movies local to the release wait for the swap (their release
   * row does not exist yet). Returns the ids inserted, for rollback to take away.
   */
  insertNewMovies(
    db: Db,
    writes: ChunkedWrites,
    ratingTotals: (movieId: number) => [count: number, sumHalf: number],
  ): number[] {
    const exists = db.prepare('SELECT 1 FROM movies WHERE id = ?').pluck();
    const fresh = [...this.movies.values()].filter((m) => !m.local && !exists.get(m.id));
    const insert = (rows: number) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO movies (id, title, title_key, year, genres, imdb_id, tmdb_id,
             people, local_release_id, rating_count, rating_sum_half)
           VALUES ${Array.from({ length: rows }, () => '(?,?,?,?,?,?,?,?,?,?,?)').join(',')}
           RETURNING id`,
        )
        .pluck();
    const insertMany = insert(MOVIES_PER_STATEMENT);
    const insertOne = insert(1);
    const insertGenre = db.prepare(
      'INSERT OR IGNORE INTO movie_genres (genre, movie_id) VALUES (?, ?)',
    );
    const inserted: number[] = [];
    let next = 0;
    writes.repeat(() => {
      const batch = fresh.slice(next, next + MOVIES_PER_STATEMENT);
      next += batch.length;
      const values = batch.map((movie) => {
        const links = this.links.get(movie.id);
        const p = this.movieParams(movie, null);
        return [
          p.id,
          p.title,
          p.titleKey,
          p.year,
          p.genres,
          links ? links[0] : movie.imdbId,
          links ? links[1] : movie.tmdbId,
          p.people,
          null,
          ...ratingTotals(movie.id),
        ];
      });
      const ids = new Set(
        (batch.length === MOVIES_PER_STATEMENT
          ? insertMany.all(values.flat())
          : values.flatMap((row) => insertOne.all(row))) as number[],
      );
      for (const movie of batch) {
        if (!ids.has(movie.id)) continue;
        inserted.push(movie.id);
        this.movies.delete(movie.id);
        // written with the row: the swap need not look at them again
        this.links.delete(movie.id);
        for (const genre of movie.genres) insertGenre.run(genre, movie.id);
      }
      return next < fresh.length;
    });
    return inserted;
  }

  /**
   * Writes the release's users (those not already written) under `releaseId` ahead of the
   * swap, in short transactions; `releaseId` has no `releases` row yet, so the caller turns
   * foreign keys off meanwhile. Rollback deletes them with the release's other rows.
   */
  insertUsers(db: Db, repeat: Repeat, releaseId: number): void {
    const insertUser = db.prepare(
      'INSERT OR REPLACE INTO dataset_users (release_id, user_key, age, gender, occupation) VALUES (?, ?, ?, ?, ?)',
    );
    const users = [...this.users.values()];
    let next = 0;
    repeat(() => {
      const end = Math.min(users.length, next + 500);
      for (; next < end; next++) {
        const u = users[next];
        insertUser.run(releaseId, u.userKey, u.age, u.gender, u.occupation);
      }
      return next < users.length;
    });
  }

  /** How many users insertUsers() wrote. */
  get userCount(): number {
    return this.users.size;
  }

  /** Writes every staged row for `releaseId` but the users; runs inside the swap transaction. */
  write(db: Db, releaseId: number): void {
    const upsertMovie = db.prepare(`
      INSERT INTO movies (id, title, title_key, year, genres, imdb_id, tmdb_id, people, local_release_id)
      VALUES (@id, @title, @titleKey, @year, @genres, @imdbId, @tmdbId, @people, @local)
      ON CONFLICT(id) DO UPDATE SET title = excluded.title, title_key = excluded.title_key,
        year = excluded.year, genres = excluded.genres,
        imdb_id = coalesce(excluded.imdb_id, imdb_id), tmdb_id = coalesce(excluded.tmdb_id, tmdb_id),
        people = CASE WHEN excluded.people <> '' THEN excluded.people ELSE people END,
        local_release_id = excluded.local_release_id
      WHERE title IS NOT excluded.title OR title_key IS NOT excluded.title_key
        OR year IS NOT excluded.year OR genres IS NOT excluded.genres
        OR imdb_id IS NOT coalesce(excluded.imdb_id, imdb_id)
        OR tmdb_id IS NOT coalesce(excluded.tmdb_id, tmdb_id)
        OR (excluded.people <> '' AND people IS NOT excluded.people)
        OR local_release_id IS NOT excluded.local_release_id`);
    const genresOf = db
      .prepare('SELECT genre FROM movie_genres WHERE movie_id = ? ORDER BY genre')
      .pluck();
    const deleteGenres = db.prepare('DELETE FROM movie_genres WHERE movie_id = ?');
    const insertGenre = db.prepare(
      'INSERT OR IGNORE INTO movie_genres (genre, movie_id) VALUES (?, ?)',
    );
    for (const movie of this.movies.values()) {
      upsertMovie.run(this.movieParams(movie, movie.local ? releaseId : null));
      const wanted = [...movie.genres].sort();
      const stored = genresOf.all(movie.id) as string[];
      if (stored.length === wanted.length && stored.every((g, i) => g === wanted[i])) continue;
      deleteGenres.run(movie.id);
      for (const genre of wanted) insertGenre.run(genre, movie.id);
    }
    const updateLinks = db.prepare(
      'UPDATE movies SET imdb_id = ?, tmdb_id = ? WHERE id = ? AND (imdb_id IS NOT ? OR tmdb_id IS NOT ?)',
    );
    for (const [movieId, [imdb, tmdb]] of this.links)
      updateLinks.run(imdb, tmdb, movieId, imdb, tmdb);
    const insertItem = db.prepare(
      'INSERT OR REPLACE INTO release_items (release_id, item_key, movie_id) VALUES (?, ?, ?)',
    );
    for (const [item, movie] of this.items) insertItem.run(releaseId, item, movie);
  }

  private movieParams(movie: StagedMovie, localReleaseId: number | null) {
    return {
      id: movie.id,
      title: movie.title,
      titleKey: movie.titleKey,
      year: movie.year,
      genres: movie.genres.join('|'),
      imdbId: movie.imdbId,
      tmdbId: movie.tmdbId,
      people: movie.people.join('|'),
      local: localReleaseId,
    };
  }
}
