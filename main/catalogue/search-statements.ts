import type { Db } from './db';
import { SUMMARY_COLUMNS } from './movie-rows';
import { prepared } from './prepared';

export type SearchSort = 'relevance' | 'year' | 'rating' | 'popularity';

/** Counts stop here: beyond it the total reads "1,000+". */
export const COUNT_CAP = 1000;

/** Orders for the sorts people pick; relevance is the tiers of search.ts, else popularity. */
export const ORDER_BY: Record<SearchSort, string> = {
  relevance: 'm.rating_count DESC, m.id',
  popularity: 'm.rating_count DESC, m.id',
  year: 'm.year IS NULL, m.year DESC, m.rating_count DESC, m.id',
  rating:
    'm.rating_count = 0, CAST(m.rating_sum_half AS REAL) / m.rating_count DESC, m.rating_count DESC, m.id',
};

/*
 * `hidden`: whether a statement leaves out @hidden, the copies of a film search does not show
 * (copiesSearchLeavesOut); only a catalogue with such copies pays for the check.
 */
const NOT_HIDDEN = (id: string) => `${id} NOT IN (SELECT value FROM json_each(@hidden))`;
const FILTERS = `(@year IS NULL OR m.year = @year)
  AND (@yearFrom IS NULL OR m.year >= @yearFrom) AND (@yearTo IS NULL OR m.year <= @yearTo)
  AND (@genre IS NULL OR EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = @genre AND g.movie_id = m.id))`;
const filters = (hidden: boolean) => (hidden ? `${FILTERS} AND ${NOT_HIDDEN('m.id')}` : FILTERS);
const notHidden = (hidden: boolean, id: string) => (hidden ? ` AND ${NOT_HIDDEN(id)}` : '');
const IN_KEY_RANGE = 'm.title_key >= @key AND m.title_key < @keyEnd';
const HITS = `WITH hits(id) AS (
  SELECT id FROM movies INDEXED BY movies_title_key WHERE title_key >= @key AND title_key < @keyEnd
  UNION SELECT rowid FROM movie_search WHERE movie_search MATCH @match)`;

/**
 * How many times its ratings an exact title counts against the titles that start with what was
 * typed: "alien" keeps Alien first, but "toy" puts Toy Story (215 ratings) before The Toy (4),
 * "silence" The Silence of the Lambs before two films of 2 ratings called Silence, and
 * "lord of the rings" the trilogy before the animated film of 1978 (15 against 198). A title
 * that starts with the letters typed but not with the words (the key has no spaces: "toys" and
 * "Toy Story") counts as many times less, so "toys" keeps Toys (20) before Toy Story.
 */
export const EXACT_TITLE_WEIGHT = 10;
/** The order when a title is what was typed; without one, the plain `m.rating_count DESC`. */
const WEIGHED_ORDER = `(CASE WHEN m.title_key = @key THEN ${EXACT_TITLE_WEIGHT} * m.rating_count
    WHEN @match IS NULL OR m.id IN (SELECT rowid FROM movie_search WHERE movie_search MATCH @match)
    THEN m.rating_count
    ELSE m.rating_count / ${EXACT_TITLE_WEIGHT}.0 END) DESC, m.title_key = @key DESC, m.id`;

/**
 * Tiers 0 and 1 (the title is, or starts with, what was typed): a range of the title_key index,
 * an exact title first unless a title starting with it is far more rated (EXACT_TITLE_WEIGHT).
 * When the key leaves out some of what was typed (@typed: punctuation, a leading article), the
 * titles starting with those very characters come first: "e.t." puts E.T. the
 * Extra-Terrestrial before Eternal Sunshine, "ocean's" Ocean's Eleven before Oceans, "o
 * brother" O Brother, Where Art Thou? before Brother.
 */
export const keyTier = (db: Db, hidden: boolean, weighed: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movies m INDEXED BY movies_title_key
     WHERE ${IN_KEY_RANGE} AND ${filters(hidden)}
     ORDER BY (@typed IS NOT NULL AND lower(substr(m.title, 1, length(@typed))) = @typed) DESC,
       ${weighed ? WEIGHED_ORDER : 'm.rating_count DESC, m.id'} LIMIT @limit OFFSET @offset`,
  );
/** Whether a title is what was typed, in any genre or year: the key tier is then weighed. */
export const hasExactTitle = (db: Db) =>
  prepared(
    db,
    'SELECT EXISTS (SELECT 1 FROM movies INDEXED BY movies_title_key WHERE title_key = @key)',
  ).pluck();
export const keyTierCount = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT COUNT(*) FROM (SELECT 1 FROM movies m INDEXED BY movies_title_key
     WHERE ${IN_KEY_RANGE} AND ${filters(hidden)} LIMIT @cap)`,
  ).pluck();

/** Tier 0 alone: the title is what was typed. */
export const exactTitle = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movies m INDEXED BY movies_title_key
     WHERE m.title_key = @key AND ${filters(hidden)}
     ORDER BY m.rating_count DESC, m.id LIMIT @limit OFFSET @offset`,
  );
/**
 * Tier 1 alone, the most popular first, for a range holding a large share of the catalogue (a
 * letter or two typed): walking movies by popularity fills a page after a few hundred, where
 * keyTier sorts every title in the range (thousands).
 */
export const titleStartByPopularity = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movies m INDEXED BY movies_popularity
     WHERE m.title_key > @key AND m.title_key < @keyEnd AND ${filters(hidden)}
     ORDER BY m.rating_count DESC, m.id LIMIT @limit OFFSET @offset`,
  );

/** Tier 2: every word starts a word somewhere in the title (FTS5 prefix terms). */
export const wordTier = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movie_search s JOIN movies m ON m.id = s.rowid
     WHERE movie_search MATCH @match AND NOT (${IN_KEY_RANGE}) AND ${filters(hidden)}
     ORDER BY m.rating_count DESC, m.id LIMIT @limit OFFSET @offset`,
  );
/** Which of the search filters are set: none, the genre alone, or years as well. */
export type FilterKind = 'none' | 'genre' | 'years';

/**
 * Titles holding every word, counted up to @cap. Without filters the FTS index alone answers;
 * with a genre alone, the genre index (reading each movie's row as well costs a third more).
 */
export const wordMatchCount = (db: Db, kind: FilterKind, hidden: boolean) =>
  prepared(
    db,
    kind === 'years'
      ? `SELECT COUNT(*) FROM (SELECT 1 FROM movie_search s JOIN movies m ON m.id = s.rowid
         WHERE movie_search MATCH @match AND ${filters(hidden)} LIMIT @cap)`
      : kind === 'genre'
        ? `SELECT COUNT(*) FROM (SELECT 1 FROM movie_search s WHERE movie_search MATCH @match
           AND EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = @genre AND g.movie_id = s.rowid)
           ${notHidden(hidden, 's.rowid')} LIMIT @cap)`
        : `SELECT COUNT(*) FROM (SELECT 1 FROM movie_search s WHERE movie_search MATCH @match
           ${notHidden(hidden, 's.rowid')} LIMIT @cap)`,
  ).pluck();
/** Titles in both tiers (starting with the key and holding every word), so they count once. */
export const bothTiersCount = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT COUNT(*) FROM movies m INDEXED BY movies_title_key
     WHERE ${IN_KEY_RANGE} AND ${filters(hidden)}
       AND m.id IN (SELECT rowid FROM movie_search WHERE movie_search MATCH @match)`,
  ).pluck();

/** Every title hit (both tiers) in a picked order. */
export const sortedHits = (db: Db, sort: SearchSort, hidden: boolean) =>
  prepared(
    db,
    `${HITS} SELECT ${SUMMARY_COLUMNS} FROM hits JOIN movies m ON m.id = hits.id WHERE ${filters(hidden)}
     ORDER BY ${ORDER_BY[sort]} LIMIT @limit OFFSET @offset`,
  );
export const sortedHitsCount = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `${HITS} SELECT COUNT(*) FROM (SELECT 1 FROM hits JOIN movies m ON m.id = hits.id
     WHERE ${filters(hidden)} LIMIT @cap)`,
  ).pluck();

/** No words typed: every movie (of the genre and years), in a picked order. */
export const allMovies = (db: Db, sort: SearchSort, hidden: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movies m WHERE ${filters(hidden)}
     ORDER BY ${ORDER_BY[sort]} LIMIT @limit OFFSET @offset`,
  );
export const allMoviesCount = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT COUNT(*) FROM (SELECT 1 FROM movies m WHERE ${filters(hidden)} LIMIT @cap)`,
  ).pluck();

/** Every title holding the words of a series' name (series-place.ts), in no order. */
export const seriesCandidates = (db: Db) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movie_search s JOIN movies m ON m.id = s.rowid
     WHERE movie_search MATCH @match LIMIT @limit`,
  );

/** Given movies (typo matches), filtered, in any order; the caller sorts. */
export const moviesByIds = (db: Db, hidden: boolean) =>
  prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM movies m WHERE m.id IN (SELECT value FROM json_each(@ids)) AND ${filters(hidden)}`,
  );
