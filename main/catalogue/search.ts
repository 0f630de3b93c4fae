import type { MovieSummary } from '../../shared/domain';
import type { Db } from './db';
import { SUMMARY_COLUMNS, toMovieSummary, type MovieSummaryRow } from './movie-rows';
import { titleKey } from './titles';

export interface SearchOptions {
  genre?: string;
  limit?: number;
}

export interface ParsedQuery {
  /** FTS5 MATCH expression: every word as a prefix, all required; null when no words. */
  match: string | null;
  /** titleKey() of the words, for "the title is / starts with what was typed". */
  key: string;
  year: number | null;
}

const TRAILING_YEAR = /^(.*\S)\s+\(?(\d{4})\)?$/u;

/**
 * Reads what someone typed: words become prefix terms (so every keystroke searches), case and
 * accents are handled by the unicode61 tokenizer, and a trailing four-digit year ("alien 1979")
 * narrows to that year instead of being searched as text.
 */
export function parseQuery(text: string, yearAsText = false): ParsedQuery {
  let words = text.trim();
  let year: number | null = null;
  const m = yearAsText ? null : TRAILING_YEAR.exec(words);
  if (m && Number(m[2]) >= 1870 && Number(m[2]) <= 2100) {
    words = m[1];
    year = Number(m[2]);
  }
  const tokens = words
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
  return {
    match: tokens.length ? tokens.map((t) => `"${t}"*`).join(' ') : null,
    key: titleKey(words),
    year,
  };
}

/**
 * Ranked by how the title matches — the whole title, then titles starting with what was typed,
 * then titles containing every word — and within each tier by popularity (ratings count).
 * An empty query lists the most popular movies (of the genre, when one is given).
 */
export function searchMovies(db: Db, text: string, options: SearchOptions = {}): MovieSummary[] {
  const limit = options.limit ?? 20;
  const genre = options.genre || null;
  let query = parseQuery(text);
  if (!query.match) return popularMovies(db, genre, limit);
  let rows = runSearch(db, query, genre, limit);
  if (rows.length === 0 && query.year !== null) {
    query = parseQuery(text, true);
    rows = runSearch(db, query, genre, limit);
  }
  return rows.map(toMovieSummary);
}

export function popularMovies(db: Db, genre: string | null, limit: number): MovieSummary[] {
  const rows = genre
    ? db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM movie_genres g JOIN movies m ON m.id = g.movie_id
           WHERE g.genre = ? ORDER BY m.rating_count DESC, m.id LIMIT ?`,
        )
        .all(genre, limit)
    : db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM movies m ORDER BY m.rating_count DESC, m.id LIMIT ?`,
        )
        .all(limit);
  return (rows as MovieSummaryRow[]).map(toMovieSummary);
}

interface SearchStatements {
  byKey: ReturnType<Db['prepare']>;
  byWords: ReturnType<Db['prepare']>;
}

const statements = new WeakMap<Db, SearchStatements>();

const FILTERS = `(@year IS NULL OR m.year = @year)
  AND (@genre IS NULL OR EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = @genre AND g.movie_id = m.id))`;

function prepare(db: Db): SearchStatements {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = {
      // Tiers 0 and 1 (the title is, or starts with, what was typed): a range of the title_key index.
      byKey: db.prepare(`
        SELECT ${SUMMARY_COLUMNS} FROM movies m JOIN (
          SELECT k.id, k.title_key = @key AS exact FROM movies k INDEXED BY movies_title_key
          WHERE k.title_key >= @key AND k.title_key < @keyEnd
            AND (@year IS NULL OR k.year = @year)
            AND (@genre IS NULL OR EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = @genre AND g.movie_id = k.id))
          ORDER BY exact DESC, k.rating_count DESC, k.id LIMIT @limit
        ) hit ON hit.id = m.id
        ORDER BY hit.exact DESC, m.rating_count DESC, m.id`),
      // Tier 2: every word is the start of a word somewhere in the title (FTS5 prefix terms).
      byWords: db.prepare(`
        SELECT ${SUMMARY_COLUMNS} FROM movie_search s JOIN movies m ON m.id = s.rowid
        WHERE movie_search MATCH @match AND NOT (m.title_key >= @key AND m.title_key < @keyEnd) AND ${FILTERS}
        ORDER BY m.rating_count DESC, m.id LIMIT @limit`),
    };
    statements.set(db, prepared);
  }
  return prepared;
}

function runSearch(
  db: Db,
  query: ParsedQuery,
  genre: string | null,
  limit: number,
): MovieSummaryRow[] {
  const { byKey, byWords } = prepare(db);
  const params = {
    match: query.match,
    key: query.key,
    keyEnd: `${query.key}\u{10FFFF}`,
    year: query.year,
    genre,
    limit,
  };
  const rows = query.key ? (byKey.all(params) as MovieSummaryRow[]) : [];
  if (rows.length >= limit) return rows;
  if (!query.key) params.keyEnd = '';
  return rows.concat(byWords.all({ ...params, limit: limit - rows.length }) as MovieSummaryRow[]);
}
