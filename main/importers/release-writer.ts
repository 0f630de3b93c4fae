import { createHash } from 'node:crypto';
import type { Db } from '../catalogue/db';
import { isStarterSource } from '../catalogue/starter-release';
import { parseMovieLensTitle, titleKey } from '../catalogue/titles';
import { IdSet } from './id-tables';
import { adoptLocalMovies } from './local-movies';
import { RatingStats } from './rating-stats';
import { dropStarterOnlyMovies, removeStarterRelease } from './starter-replacement';

export interface ReleaseMeta {
  /** Release name, e.g. "ml-latest-small"; importing the same name again replaces it. */
  format: string;
  source: string;
  /** Whether the release's movie ids are MovieLens movieIds. */
  realMovieIds: boolean;
  scale: { min: number; max: number };
}

export interface MovieRow {
  id: number;
  /** As MovieLens writes it: "Matrix, The (1999)". */
  rawTitle: string;
  genres: string[];
  imdbId?: string | null;
  tmdbId?: number | null;
  people?: string[];
}

/** A movie as the catalogue stores it (title already parsed), as the starter catalogue keeps it. */
export interface MovieFacts {
  id: number;
  title: string;
  titleKey: string;
  year: number | null;
  genres: string[];
  imdbId: string | null;
  tmdbId: number | null;
  people: string[];
}

export interface ReleaseCounts {
  movies: number;
  ratings: number;
  users: number;
  tags: number;
  links: number;
}

/** Movie ids from a release without MovieLens ids that match no catalogue movie live above this. */
export const LOCAL_MOVIE_ID_BASE = 1_000_000_000;

const BATCH = 1000;
const RATING_COLUMNS = 5;

/**
 * Writes one release into the catalogue inside a single transaction: its previous rows (same
 * format) are deleted first, ratings go in batched multi-row INSERTs, secondary indexes are
 * dropped for big loads and rebuilt at the end, and per-movie statistics are refreshed.
 * Nothing is visible to other connections until commit(); rollback() leaves the file untouched.
 */
export class ReleaseWriter {
  readonly releaseId: number;
  readonly movieIds = new IdSet();
  private readonly usersWritten = new IdSet();
  /** Users and per-movie statistics, written at commit(). */
  private readonly stats = new RatingStats();
  private readonly dropped: { name: string; type: string; sql: string }[] = [];
  private readonly batch: number[] = new Array(BATCH * RATING_COLUMNS);
  /** The line each batched rating came from, for a duplicate's error. */
  private readonly batchLines: number[] = new Array(BATCH);
  private batchLength = 0;
  private finished = false;
  /** Whether this release replaces the starter catalogue (any imported release does). */
  private readonly replacesStarter: boolean;
  readonly counts: ReleaseCounts = { movies: 0, ratings: 0, users: 0, tags: 0, links: 0 };

  private readonly insertRatings;
  private readonly insertOneRating;
  private readonly upsertMovieStmt;
  private readonly deleteGenres;
  private readonly insertGenre;
  private readonly updateLinks;
  private readonly insertUser;
  private readonly insertTag;
  private readonly insertItem;

  constructor(
    private readonly db: Db,
    private readonly meta: ReleaseMeta,
    options: { bulk: boolean },
  ) {
    db.exec('BEGIN IMMEDIATE');
    try {
      if (options.bulk) this.dropBulkIndexes();
      this.replacesStarter = !isStarterSource(meta.source) && removeStarterRelease(db);
      this.releaseId = this.claimRelease();
      const values = Array.from({ length: BATCH }, () => '(?,?,?,?,?)').join(',');
      const ratingSql =
        'INSERT INTO dataset_ratings (release_id, user_key, movie_id, rating_half, rated_at) VALUES ';
      this.insertRatings = db.prepare(ratingSql + values);
      this.insertOneRating = db.prepare(`${ratingSql}(?,?,?,?,?)`);
      this.upsertMovieStmt = db.prepare(`
        INSERT INTO movies (id, title, title_key, year, genres, imdb_id, tmdb_id, people, local_release_id)
        VALUES (@id, @title, @titleKey, @year, @genres, @imdbId, @tmdbId, @people, @local)
        ON CONFLICT(id) DO UPDATE SET title = excluded.title, title_key = excluded.title_key,
          year = excluded.year, genres = excluded.genres,
          imdb_id = coalesce(excluded.imdb_id, imdb_id), tmdb_id = coalesce(excluded.tmdb_id, tmdb_id),
          people = CASE WHEN excluded.people <> '' THEN excluded.people ELSE people END,
          local_release_id = excluded.local_release_id`);
      this.deleteGenres = db.prepare('DELETE FROM movie_genres WHERE movie_id = ?');
      this.insertGenre = db.prepare(
        'INSERT OR IGNORE INTO movie_genres (genre, movie_id) VALUES (?, ?)',
      );
      this.updateLinks = db.prepare('UPDATE movies SET imdb_id = ?, tmdb_id = ? WHERE id = ?');
      this.insertUser = db.prepare(
        'INSERT OR REPLACE INTO dataset_users (release_id, user_key, age, gender, occupation) VALUES (?, ?, ?, ?, ?)',
      );
      this.insertTag = db.prepare(
        'INSERT INTO tags (release_id, user_key, movie_id, tag, tagged_at) VALUES (?, ?, ?, ?, ?)',
      );
      this.insertItem = db.prepare(
        'INSERT OR REPLACE INTO release_items (release_id, item_key, movie_id) VALUES (?, ?, ?)',
      );
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Inserts or updates a catalogue movie (local to this release when it has no MovieLens id). */
  upsertMovie(row: MovieRow, local = false): void {
    const parsed = parseMovieLensTitle(row.rawTitle);
    this.upsertMovieFacts(
      {
        id: row.id,
        title: parsed.title,
        titleKey: titleKey(row.rawTitle),
        year: parsed.year,
        genres: row.genres,
        imdbId: row.imdbId ?? null,
        tmdbId: row.tmdbId ?? null,
        people: row.people ?? [],
      },
      local,
    );
  }

  /** Inserts or updates a catalogue movie from its stored facts (the starter catalogue's rows). */
  upsertMovieFacts(movie: MovieFacts, local = false): void {
    const genres = [
      ...new Set(movie.genres.map(normaliseGenre).filter((g): g is string => g !== null)),
    ];
    this.upsertMovieStmt.run({
      id: movie.id,
      title: movie.title,
      titleKey: movie.titleKey,
      year: movie.year,
      genres: genres.join('|'),
      imdbId: movie.imdbId,
      tmdbId: movie.tmdbId,
      people: movie.people.join('|'),
      local: local ? this.releaseId : null,
    });
    this.deleteGenres.run(movie.id);
    for (const genre of genres) this.insertGenre.run(genre, movie.id);
    this.addReleaseMovie(movie.id);
  }

  /** Counts a catalogue movie as part of this release without touching its facts. */
  addReleaseMovie(movieId: number): void {
    if (!this.movieIds.has(movieId)) {
      this.movieIds.add(movieId);
      this.counts.movies++;
    }
  }

  setLinks(movieId: number, imdbId: string | null, tmdbId: number | null): void {
    this.updateLinks.run(imdbId, tmdbId, movieId);
    this.counts.links++;
  }

  mapItem(itemKey: number, movieId: number): void {
    this.insertItem.run(this.releaseId, itemKey, movieId);
  }

  addUser(
    userKey: number,
    age: number | null,
    gender: string | null,
    occupation: string | null,
  ): void {
    this.insertUser.run(this.releaseId, userKey, age, gender, occupation);
    this.usersWritten.add(userKey);
    this.stats.users.add(userKey);
  }

  /** Hot path: one rating, already validated, in half-stars (1..10), from line `lineNo`. */
  addRating(userKey: number, movieId: number, half: number, ratedAt: number, lineNo = 0): void {
    this.insertRating(userKey, movieId, half, ratedAt, lineNo);
    this.stats.add(userKey, movieId, half);
  }

  /**
   * Writes one rating row without counting it in the statistics: for ratings parsed on another
   * thread, whose statistics arrive through mergeRatingStats(). Throws DuplicateRatingError,
   * naming the line, when the (user, movie) pair was already written.
   */
  insertRating(userKey: number, movieId: number, half: number, ratedAt: number, lineNo = 0): void {
    const b = this.batch;
    let i = this.batchLength;
    this.batchLines[i / RATING_COLUMNS] = lineNo;
    b[i++] = this.releaseId;
    b[i++] = userKey;
    b[i++] = movieId;
    b[i++] = half;
    b[i++] = ratedAt;
    this.batchLength = i;
    if (i === b.length) this.flushRatings();
    this.counts.ratings++;
  }

  /**
   * Writes the ratings still batched. A batch is one statement, so a duplicate leaves none of
   * it written; the rows are then written one by one to find the line that repeats a pair.
   */
  flushRatings(): void {
    const b = this.batch;
    const length = this.batchLength;
    this.batchLength = 0;
    if (length === b.length) {
      try {
        this.insertRatings.run(b);
        return;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
      }
    }
    for (let i = 0; i < length; i += RATING_COLUMNS) {
      try {
        this.insertOneRating.run(b.slice(i, i + RATING_COLUMNS));
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        throw new DuplicateRatingError(b[i + 1], b[i + 2], this.batchLines[i / RATING_COLUMNS]);
      }
    }
  }

  /** Takes over the statistics of ratings written with insertRating(). */
  mergeRatingStats(stats: RatingStats): void {
    this.stats.merge(stats);
  }

  addTag(userKey: number, movieId: number, tag: string, taggedAt: number): void {
    this.insertTag.run(this.releaseId, userKey, movieId, tag, taggedAt);
    this.counts.tags++;
  }

  /** Finishes the release: users, statistics, indexes, release row; then commits. */
  commit(onPhase: (phase: string) => void = () => {}): ReleaseCounts {
    const db = this.db;
    try {
      this.flushRatings();
      this.stats.users.forEach((key) => {
        if (!this.usersWritten.has(key)) this.insertUser.run(this.releaseId, key, null, null, null);
      });
      this.counts.users = this.stats.users.size;
      if (this.meta.realMovieIds) adoptLocalMovies(db);
      if (this.replacesStarter) dropStarterOnlyMovies(db, this.movieIds);
      onPhase('statistics');
      this.writeStatistics();
      onPhase('indexing');
      db.pragma('threads = 2'); // lets SQLite sort for CREATE INDEX on a second core
      for (const item of this.dropped) db.exec(item.sql);
      if (this.dropped.some((item) => item.type === 'trigger')) {
        db.exec("INSERT INTO movie_search (movie_search) VALUES ('rebuild')");
      }
      const fingerprint = createHash('sha256')
        .update(
          `${this.meta.format}:${this.counts.ratings}:${this.counts.movies}:${this.counts.users}:${this.stats.checksum}`,
        )
        .digest('hex')
        .slice(0, 16);
      db.prepare(
        `UPDATE releases SET source = ?, fingerprint = ?, real_movie_ids = ?, rating_scale_min = ?,
           rating_scale_max = ?, movies = ?, ratings = ?, users = ?, imported_at = ? WHERE id = ?`,
      ).run(
        this.meta.source,
        fingerprint,
        this.meta.realMovieIds ? 1 : 0,
        this.meta.scale.min,
        this.meta.scale.max,
        this.counts.movies,
        this.counts.ratings,
        this.counts.users,
        Date.now(),
        this.releaseId,
      );
      db.exec('COMMIT');
      this.finished = true;
    } catch (err) {
      this.rollback();
      throw err;
    }
    return this.counts;
  }

  rollback(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private claimRelease(): number {
    const existing = this.db
      .prepare('SELECT id FROM releases WHERE format = ?')
      .pluck()
      .get(this.meta.format) as number | undefined;
    if (existing === undefined) {
      return Number(
        this.db
          .prepare(
            `INSERT INTO releases (format, source, fingerprint, real_movie_ids, rating_scale_min, rating_scale_max,
               movies, ratings, users, imported_at) VALUES (?, ?, '', ?, ?, ?, 0, 0, 0, ?)`,
          )
          .run(
            this.meta.format,
            this.meta.source,
            this.meta.realMovieIds ? 1 : 0,
            this.meta.scale.min,
            this.meta.scale.max,
            Date.now(),
          ).lastInsertRowid,
      );
    }
    for (const table of [
      'dataset_ratings',
      'dataset_users',
      'tags',
      'release_movie_stats',
      'release_items',
    ]) {
      this.db.prepare(`DELETE FROM ${table} WHERE release_id = ?`).run(existing);
    }
    return existing;
  }

  /** Drops the `bulk_*` indexes and triggers (search index upkeep); commit() restores them. */
  private dropBulkIndexes(): void {
    const items = this.db
      .prepare(
        "SELECT name, type, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND name LIKE 'bulk\\_%' ESCAPE '\\'",
      )
      .all() as { name: string; type: string; sql: string }[];
    for (const item of items) {
      this.db.exec(`DROP ${item.type === 'index' ? 'INDEX' : 'TRIGGER'} ${item.name}`);
      this.dropped.push(item);
    }
  }

  private writeStatistics(): void {
    const insert = this.db.prepare(
      'INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half) VALUES (?, ?, ?, ?)',
    );
    this.stats.tally.forEach((movieId, count, sum) =>
      insert.run(this.releaseId, movieId, count, sum),
    );
    refreshMovieStatistics(this.db);
  }
}

/** Thrown when a release rates the same movie twice for one user; `line` is 0 when unknown. */
export class DuplicateRatingError extends Error {
  constructor(
    readonly user: number,
    readonly movie: number,
    readonly line: number,
  ) {
    super(`the same user rates the same movie twice (user ${user}, movie ${movie})`);
    this.name = 'DuplicateRatingError';
  }
}

function isDuplicate(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** One spelling per genre across releases ("Children's" in ml-1m is "Children" later); null for none. */
export function normaliseGenre(genre: string): string | null {
  const g = genre.trim();
  if (!g || g === '(no genres listed)' || g.toLowerCase() === 'unknown') return null;
  return g === "Children's" ? 'Children' : g;
}

/** movies.rating_count / rating_sum_half = totals over every release's statistics. */
export function refreshMovieStatistics(db: Db): void {
  db.exec(`
    UPDATE movies SET rating_count = 0, rating_sum_half = 0 WHERE rating_count <> 0;
    WITH totals AS (
      SELECT movie_id, SUM(count) AS c, SUM(sum_half) AS s FROM release_movie_stats GROUP BY movie_id
    )
    UPDATE movies SET rating_count = totals.c, rating_sum_half = totals.s
    FROM totals WHERE totals.movie_id = movies.id;`);
}
