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
    : db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM movies m ORDER BY m.rating_count DESC, m.id LIMIT ?`).all(limit);
  return (rows as MovieSummaryRow[]).map(toMovieSummary);
}

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

function runSearch(db: Db, query: ParsedQuery, genre: string | null, limit: number): MovieSummaryRow[] {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare(`
      SELECT ${SUMMARY_COLUMNS},
        CASE WHEN m.title_key = @key THEN 0
             WHEN substr(m.title_key, 1, length(@key)) = @key THEN 1 ELSE 2 END AS tier
      FROM movie_search s JOIN movies m ON m.id = s.rowid
      WHERE movie_search MATCH @match
        AND (@year IS NULL OR m.year = @year)
        AND (@genre IS NULL OR EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = @genre AND g.movie_id = m.id))
      ORDER BY tier, m.rating_count DESC, m.id
      LIMIT @limit`);
    statements.set(db, statement);
  }
  return statement.all({ match: query.match, key: query.key, year: query.year, genre, limit }) as MovieSummaryRow[];
}
