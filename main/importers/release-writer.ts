import { createHash } from 'node:crypto';
import type { Db } from '../catalogue/db';
import { refreshMovieStatistics } from '../catalogue/movie-statistics';
import { formatSpread } from '../catalogue/rating-spread';
import { isStarterSource } from '../catalogue/starter-release';
import { parseMovieLensTitle, titleKey } from '../catalogue/titles';
import { IdSet } from './id-tables';
import { adoptLocalMovies } from './local-movies';
import { RatingStats } from './rating-stats';
import { ChunkedWrites, inOpenTransaction, type Repeat } from './chunked-writes';
import {
  deleteOrphanReleaseRows,
  deleteReleaseRows,
  deleteUnratedMovies,
  newReleaseId,
} from './release-rows';
import { matchProfilesToRelease, type ProfileMatching } from './profile-matching';
import { StagedReleaseRows } from './staged-release-rows';
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
/** Bound per rating row: the release id is part of the statement's text. */
const RATING_COLUMNS = 4;

/**
 * Writes one release into the catalogue without blocking the app while it runs. Dataset ratings
 * and tags go in under a release id no `releases` row has yet, in short transactions that leave
 * the write lock free between them (ChunkedWrites); movies, links, users and item ids wait in
 * memory (StagedReleaseRows). commit() writes, still in short transactions, the movies the
 * catalogue lacks (searchable from then on, with this release's rating counts), the users and
 * the per-movie statistics; then one short transaction swaps the release in: its release row,
 * changes to movies it shares with the catalogue, and the previous import of the same release
 * gone. That one's bulk rows are deleted afterwards, again in short transactions. Until the
 * swap no rating, user or tag of the new release is visible; rollback() deletes what was
 * written (movies a profile rated or marked meanwhile stay). Profile tables are only touched
 * inside the swap, where profiles' ratings are matched onto the release the app learns from
 * (matchProfilesToRelease: every rating is kept).
 */
export class ReleaseWriter {
  readonly releaseId: number;
  readonly movieIds = new IdSet();
  private readonly staged = new StagedReleaseRows();
  /** Users and per-movie statistics, written at commit(). */
  private readonly stats = new RatingStats();
  private readonly batch: number[] = new Array(BATCH * RATING_COLUMNS);
  /** The line each batched rating came from, for a duplicate's error. */
  private readonly batchLines: number[] = new Array(BATCH);
  private batchLength = 0;
  private finished = false;
  /** Movies inserted ahead of the swap (insertNewMovies), which a rollback takes away again. */
  private newMovies: number[] = [];
  private readonly writes: ChunkedWrites;
  readonly counts: ReleaseCounts = { movies: 0, ratings: 0, users: 0, tags: 0, links: 0 };
  /** Tags and links of movies the release's movie list does not have: not imported, but counted. */
  readonly leftOut = { tags: 0, links: 0 };
  /** What the swap did to profiles' ratings (matchProfilesToRelease), once committed. */
  profileMatching: ProfileMatching = { relinked: 0, unmatched: 0, profileIds: [] };

  private readonly insertRatings;
  private readonly insertOneRating;
  private readonly insertTag;

  constructor(
    private readonly db: Db,
    private readonly meta: ReleaseMeta,
    // `bulk` is kept for callers; indexes and search triggers now stay in place (the catalogue
    // stays in use meanwhile), so it changes nothing.
    _options: { bulk: boolean } = { bulk: false },
  ) {
    this.writes = new ChunkedWrites(db);
    deleteOrphanReleaseRows(db);
    this.releaseId = newReleaseId(db);
    const oneRow = `(${this.releaseId},?,?,?,?)`;
    const values = Array.from({ length: BATCH }, () => oneRow).join(',');
    const ratingSql =
      'INSERT INTO dataset_ratings (release_id, user_key, movie_id, rating_half, rated_at) VALUES ';
    this.insertRatings = db.prepare(ratingSql + values);
    this.insertOneRating = db.prepare(ratingSql + oneRow);
    this.insertTag = db.prepare(
      'INSERT INTO tags (release_id, user_key, movie_id, tag, tagged_at) VALUES (?, ?, ?, ?, ?)',
    );
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
    this.staged.addMovie({ ...movie, genres, local });
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
    this.staged.setLinks(movieId, imdbId, tmdbId);
    this.counts.links++;
  }

  mapItem(itemKey: number, movieId: number): void {
    this.staged.mapItem(itemKey, movieId);
  }

  addUser(
    userKey: number,
    age: number | null,
    gender: string | null,
    occupation: string | null,
  ): void {
    this.staged.addUser({ userKey, age, gender, occupation });
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
    if (length === 0) return;
    this.batchLength = 0;
    this.writes.beforeWrite();
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
        throw new DuplicateRatingError(b[i], b[i + 1], this.batchLines[i / RATING_COLUMNS]);
      }
    }
  }

  /**
   * Ends the open transaction, if any, so that no write waits while this thread does something
   * else for a while (waits for the parsing thread, merges its statistics).
   */
  pauseWrites(): void {
    this.writes.commit();
  }

  /** Takes over the statistics of ratings written with insertRating(). */
  mergeRatingStats(stats: RatingStats): void {
    this.stats.merge(stats);
  }

  addTag(userKey: number, movieId: number, tag: string, taggedAt: number): void {
    this.writes.beforeWrite();
    this.insertTag.run(this.releaseId, userKey, movieId, tag, taggedAt);
    this.counts.tags++;
  }

  /**
   * Finishes the release: swaps it in with one short transaction, then clears the one it replaced.
   * `throwIfCancelled` runs at each step before the swap; what it throws rolls the release back.
   */
  commit(
    onPhase: (phase: string) => void = () => {},
    throwIfCancelled: () => void = () => {},
  ): ReleaseCounts {
    let replaced: number | undefined;
    try {
      this.flushRatings();
      this.writes.commit();
      this.stats.users.forEach((key) => {
        if (!this.staged.hasUser(key))
          this.staged.addUser({ userKey: key, age: null, gender: null, occupation: null });
      });
      this.counts.users = this.stats.users.size;
      onPhase('new movies');
      throwIfCancelled();
      const totals = new Map<number, [number, number]>();
      this.stats.tally.forEach((movieId, count, sum) => totals.set(movieId, [count, sum]));
      this.newMovies = this.staged.insertNewMovies(
        this.db,
        this.writes,
        (id) => totals.get(id) ?? [0, 0],
      );
      this.writeAheadOfSwap();
      onPhase('swap');
      throwIfCancelled();
      replaced = this.db.transaction(() => this.swapIn()).immediate();
      this.finished = true;
    } catch (err) {
      this.rollback();
      throw err;
    }
    // The movies' totals follow the release the app learns from now, in short transactions: a
    // release replacing another rewrites every movie's, too many for the swap.
    onPhase('movie totals');
    refreshMovieStatistics(this.db, (step) => this.writes.repeat(step));
    onPhase('clearing the replaced release');
    if (replaced !== undefined) deleteReleaseRows(this.db, replaced, this.writes);
    return this.counts;
  }

  rollback(): void {
    if (this.finished) return;
    this.finished = true;
    this.writes.rollback();
    deleteReleaseRows(this.db, this.releaseId, this.writes);
    deleteUnratedMovies(this.db, this.newMovies, this.writes);
  }

  /**
   * The swap transaction: gives the new rows their release row, writes movies, users and
   * statistics, and removes the previous import of the same release (and the starter release,
   * which any imported release replaces). Returns the replaced release's id, whose bulk rows
   * are then orphans for deleteReleaseRows().
   */
  private swapIn(): number | undefined {
    const db = this.db;
    const replacesStarter = !isStarterSource(this.meta.source) && removeStarterRelease(db);
    const previous = db
      .prepare('SELECT id FROM releases WHERE format = ?')
      .pluck()
      .get(this.meta.format) as number | undefined;
    db.prepare(
      `INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min, rating_scale_max,
         movies, ratings, users, imported_at) VALUES (?, ?, ?, '', ?, ?, ?, 0, 0, 0, ?)`,
    ).run(
      this.releaseId,
      `${this.meta.format} (importing)`,
      this.meta.source,
      this.meta.realMovieIds ? 1 : 0,
      this.meta.scale.min,
      this.meta.scale.max,
      Date.now(),
    );
    this.checkUsersAndStatistics();
    this.staged.write(db, this.releaseId);
    if (previous !== undefined) {
      // The previous import's local movies that this one did not bring stay, now under this release.
      db.prepare('UPDATE movies SET local_release_id = ? WHERE local_release_id = ?').run(
        this.releaseId,
        previous,
      );
      db.prepare('DELETE FROM releases WHERE id = ?').run(previous);
    }
    if (this.meta.realMovieIds) adoptLocalMovies(db);
    const fingerprint = createHash('sha256')
      .update(
        `${this.meta.format}:${this.counts.ratings}:${this.counts.movies}:${this.counts.users}:${this.stats.checksum}`,
      )
      .digest('hex')
      .slice(0, 16);
    db.prepare(
      `UPDATE releases SET format = ?, fingerprint = ?, movies = ?, ratings = ?, users = ?, imported_at = ?
       WHERE id = ?`,
    ).run(
      this.meta.format,
      fingerprint,
      this.counts.movies,
      this.counts.ratings,
      this.counts.users,
      Date.now(),
      this.releaseId,
    );
    // Now that this release counts: profiles' ratings follow their films onto the release the
    // app learns from, and only then may the starter's movies no one rates any more go.
    this.profileMatching = matchProfilesToRelease(db);
    if (replacesStarter) dropStarterOnlyMovies(db, this.movieIds);
    return previous;
  }

  /**
   * Writes the release's users and per-movie statistics under its new id before the swap, in
   * short transactions. That id gets its `releases` row only in the swap, so foreign keys are
   * off on this connection meanwhile; nothing reads rows of an id without a release row (and
   * opening the catalogue clears such rows after a killed import: clearUnfinishedImportRows).
   */
  private writeAheadOfSwap(): void {
    this.db.pragma('foreign_keys = OFF');
    try {
      this.writeUsersAndStatistics((step) => this.writes.repeat(step));
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  /** In the swap: writes users and statistics again if they were cleared meanwhile. */
  private checkUsersAndStatistics(): void {
    const count = (table: string) =>
      this.db
        .prepare(`SELECT COUNT(*) FROM ${table} WHERE release_id = ?`)
        .pluck()
        .get(this.releaseId) as number;
    if (
      count('dataset_users') === this.staged.userCount &&
      count('release_movie_stats') === this.statisticsRows().length
    )
      return;
    // Another connection opened the catalogue meanwhile and took them for a killed import's.
    this.db.prepare('DELETE FROM dataset_users WHERE release_id = ?').run(this.releaseId);
    this.db.prepare('DELETE FROM release_movie_stats WHERE release_id = ?').run(this.releaseId);
    this.writeUsersAndStatistics(inOpenTransaction);
  }

  private writeUsersAndStatistics(repeat: Repeat): void {
    this.staged.insertUsers(this.db, repeat, this.releaseId);
    const insert = this.db.prepare(
      `INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half, spread)
       VALUES (?, ?, ?, ?, ?)`,
    );
    const rows = this.statisticsRows();
    let next = 0;
    repeat(() => {
      const end = Math.min(rows.length, next + 500);
      for (; next < end; next++) insert.run(this.releaseId, ...rows[next]);
      return next < rows.length;
    });
  }

  private statisticsRowsCache: [number, number, number, string][] | undefined;

  /** [movieId, count, sumHalf, spread] per movie the release rates. */
  private statisticsRows(): [number, number, number, string][] {
    if (!this.statisticsRowsCache) {
      const rows: [number, number, number, string][] = [];
      const spread = this.stats.spread;
      this.stats.tally.forEach((movieId, count, sum) =>
        rows.push([movieId, count, sum, formatSpread(spread.of(movieId))]),
      );
      this.statisticsRowsCache = rows;
    }
    return this.statisticsRowsCache;
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
