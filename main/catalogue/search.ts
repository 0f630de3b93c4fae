import type { MovieSummary } from '../../shared/domain';
import type { Db } from './db';
import { toMovieSummary, type MovieSummaryRow } from './movie-rows';
import {
  allMovies,
  allMoviesCount,
  bothTiersCount,
  COUNT_CAP,
  EXACT_TITLE_WEIGHT,
  exactTitle,
  hasExactTitle,
  keyTier,
  keyTierCount,
  moviesByIds,
  sortedHits,
  sortedHitsCount,
  titleStartByPopularity,
  wordTier,
  wordMatchCount,
  type FilterKind,
  type SearchSort,
} from './search-statements';
import { copiesSearchLeavesOut } from './same-films';
import {
  SEQUEL_NUMBER_WORDS,
  sequelNumberSpellings,
  titleStartNumberSpelling,
} from './sequel-numbers';
import { newestYear } from './newest-year';
import { seriesPlace } from './series-place';
import { acronymReading } from './title-acronyms';
import { otherAbbreviationForm } from './title-abbreviations';
import { titleKey } from './titles';
import { typoMatches } from './typo-search';

export type { SearchSort } from './search-statements';

export interface SearchOptions {
  genre?: string;
  yearFrom?: number;
  yearTo?: number;
  sort?: SearchSort;
  offset?: number;
  limit?: number;
  /** False: no typo look-alikes when no title matches (tagged movies answer instead). */
  typos?: boolean;
}

export interface SearchPage {
  movies: MovieSummary[];
  /** How many movies match in all, counted up to COUNT_CAP. */
  total: number;
  /** False when counting stopped at COUNT_CAP: there are at least `total`. */
  totalExact: boolean;
  /** When the genre or years leave nothing: how many titles match without them (up to COUNT_CAP). */
  withoutFilters?: number;
  /** The series' film the words name by its place ("harry potter 3"), listed first. */
  seriesPlace?: { movieId: number; place: number; inTitle: boolean };
  /**
   * When nothing matches, not even without the filters: the year of the catalogue's newest film,
   * so that a screen can say a later one is not in it yet ("oppenheimer", "the lion king 2019").
   */
  newestYear?: number;
  /** The words searched instead of an acronym typed ("harry potter 3" for "hp 3"). */
  readAs?: string;
  /** No title holds the words: the movies are titles a typo or two away ("godfahter"). */
  lookAlikes?: boolean;
}

export interface ParsedQuery {
  /**
   * FTS5 MATCH expression: every word as a prefix, all required, a sequel number after the first
   * word also as its other spellings ("4": "iv", "four"; "three": "3", "iii"), "1" there also as
   * no sequel number at all ("godfather 1": The Godfather, not Part II), and a number first, when
   * more words follow, also in digits or as a word ("7 samurai"); null when no words.
   */
  match: string | null;
  /** titleKey() of the words, for "the title is / starts with what was typed". */
  key: string;
  /**
   * The words as typed, lower-cased, when the key leaves out some of what was typed: punctuation
   * ("e.t.") or a leading article ("o brother", "la la", "the ma"); else null.
   */
  typed: string | null;
  year: number | null;
}

/**
 * From this many titles in the key range (a letter or two typed), walking the catalogue by
 * popularity fills a page sooner than sorting the range (measured by `npm run bench -- search`).
 */
const DENSE_RANGE = COUNT_CAP / 2;

const TRAILING_YEAR = /^(.*\S)\s+\(?(\d{4})\)?$/u;

/**
 * Reads what someone typed: words become prefix terms (so every keystroke searches), case and
 * accents are handled by the unicode61 tokenizer, a sequel number matches however the title
 * writes it ("rocky 4" finds Rocky IV), and a trailing four-digit year ("alien 1979") narrows to
 * that year instead of being searched as text.
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
  const first = tokens.length ? firstWordTerm(tokens[0], tokens.length > 1) : '';
  const key = titleKey(words);
  return {
    match: tokens.length
      ? tokens.map((t, k) => (k === 0 ? first : matchTerm(t, first))).join(' AND ')
      : null,
    key,
    typed: key === bareKey(words) && !/[^\p{L}\p{N}\s]/u.test(words) ? null : words.toLowerCase(),
    year,
  };
}

/** titleKey()'s letters and digits without its dropping of articles: "o brother" is "obrother". */
function bareKey(text: string): string {
  return titleKey(`x ${text}`).slice(1);
}

const ANY_SEQUEL_NUMBER = SEQUEL_NUMBER_WORDS.map((w) => `"${w}"`).join(' OR ');

/**
 * A word as typed, as a prefix; one ending in "s" also as a possessive without its apostrophe
 * ("philosophers" finds "Philosopher's", which the index holds as "philosopher" and "s"); an
 * abbreviation also as the word it shortens, and that word as it ("doctor": "Dr.").
 */
function wordTerm(token: string): string {
  const other = otherAbbreviationForm(token);
  const alternatives = [
    `"${token}"*`,
    ...(/^\p{L}{2,}s$/u.test(token) ? [`"${token.slice(0, -1)} s"`] : []),
    ...(other ? [`"${other}"`] : []),
  ];
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

/**
 * The first word's term: a number there, when more words follow, also as its other usual
 * spelling ("7 samurai": Seven Samurai; "ten things": 10 Things I Hate About You). A number typed
 * alone is the start of a title ("2" on the way to "2001").
 */
function firstWordTerm(token: string, moreWords: boolean): string {
  const other = moreWords ? titleStartNumberSpelling(token) : null;
  return other ? `(${wordTerm(token)} OR "${other}")` : wordTerm(token);
}

/** `firstTerm` is the first word's term: FTS5's NOT needs something on its left. */
function matchTerm(token: string, firstTerm: string): string {
  if (token === '1') return `("1"* OR "i" OR (${firstTerm} NOT (${ANY_SEQUEL_NUMBER})))`;
  const spellings = sequelNumberSpellings(token);
  if (!spellings.length) return wordTerm(token);
  return `("${token}"* OR ${spellings.map((s) => `"${s}"`).join(' OR ')})`;
}

/** One page of search results (see searchPage), without the count. */
export function searchMovies(db: Db, text: string, options: SearchOptions = {}): MovieSummary[] {
  return searchPage(db, text, options).movies;
}

/**
 * Ranked by relevance: the whole title, then titles starting with what was typed, then titles
 * containing every word, each tier by popularity (ratings count) — or by year, mean rating or
 * popularity when asked. An empty query lists every movie (of the genre and years). When no
 * title holds the words, titles a few typos away are offered ("godfahter"), nearest first; when
 * titles hold them but not in the genre or years asked, the page says how many instead. A
 * series' film named by its place ("harry potter 3", see series-place.ts) comes first. When no
 * title holds the words, an acronym is read as the title it shortens ("lotr 2", see
 * title-acronyms.ts) before typos are looked for.
 */
export function searchPage(db: Db, text: string, options: SearchOptions = {}): SearchPage {
  const page = searchPageAsWritten(db, text, options);
  const held = !page.lookAlikes && (page.total > 0 || !!page.withoutFilters);
  const reading = held ? null : acronymReading(db, text);
  if (reading) {
    const read = searchPageAsWritten(db, reading, options);
    if (read.total > 0 || read.withoutFilters) return { ...read, readAs: reading };
  }
  return page;
}

function searchPageAsWritten(db: Db, text: string, options: SearchOptions): SearchPage {
  const placed =
    (options.sort ?? 'relevance') === 'relevance' ? seriesPlace(db, text, options) : null;
  if (!placed) {
    const page = plainSearchPage(db, text, options);
    return page.total === 0 && !page.withoutFilters
      ? { ...page, newestYear: newestYear(db) }
      : page;
  }
  const offset = options.offset ?? 0;
  const limit = options.limit ?? 20;
  const plain = plainSearchPage(db, text, { ...options, offset: 0, limit: offset + limit + 1 });
  const others = plain.movies.filter((movie) => movie.id !== placed.movie.id);
  const listed = [toMovieSummary(placed.movie), ...others].slice(offset, offset + limit);
  const total = Math.min(COUNT_CAP, plain.total + (others.length < plain.movies.length ? 0 : 1));
  return {
    movies: listed,
    total,
    totalExact: total < COUNT_CAP,
    seriesPlace: { movieId: placed.movie.id, place: placed.place, inTitle: placed.inTitle },
  };
}

function plainSearchPage(db: Db, text: string, options: SearchOptions): SearchPage {
  let query = parseQuery(text);
  let page = runSearch(db, query, options);
  if (page.total === 0 && query.year !== null) {
    query = parseQuery(text, true);
    page = runSearch(db, query, options);
  }
  if (page.total > 0 || !query.key) return page;
  if (options.genre || options.yearFrom !== undefined || options.yearTo !== undefined) {
    // The title exists, only not in this genre or these years: typo look-alikes would mislead.
    const unfiltered = runSearch(db, query, { limit: 1 }).total;
    if (unfiltered > 0) return { ...page, withoutFilters: unfiltered };
  }
  if (options.typos === false) return page;
  const alike = typoSearch(db, query, options);
  return alike.total > 0 ? { ...alike, lookAlikes: true } : alike;
}

function runSearch(db: Db, query: ParsedQuery, options: SearchOptions): SearchPage {
  const sort = options.sort ?? 'relevance';
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const params = {
    match: query.match,
    key: query.key,
    keyEnd: query.key ? `${query.key}\u{10FFFF}` : '',
    typed: query.typed,
    year: query.year,
    yearFrom: options.yearFrom ?? null,
    yearTo: options.yearTo ?? null,
    genre: options.genre || null,
    hidden: copiesSearchLeavesOut(db),
    limit,
    offset,
    cap: COUNT_CAP,
  };
  const hidden = params.hidden !== null;
  if (!query.match) {
    const movies = allMovies(db, sort, hidden).all(params) as MovieSummaryRow[];
    return page(movies, allMoviesCount(db, hidden).get(params) as number);
  }
  if (sort !== 'relevance') {
    const movies = sortedHits(db, sort, hidden).all(params) as MovieSummaryRow[];
    return page(movies, sortedHitsCount(db, hidden).get(params) as number);
  }
  const keyCount = query.key ? (keyTierCount(db, hidden).get(params) as number) : 0;
  const byKey = !query.key
    ? []
    : keyCount >= DENSE_RANGE
      ? denseKeyTier(db, params, hidden)
      : (keyTier(db, hidden, hasExactTitle(db).get({ key: query.key }) === 1).all(
          params,
        ) as MovieSummaryRow[]);
  const total = keyCount >= COUNT_CAP ? COUNT_CAP : countBothTiers(db, params, keyCount, hidden);
  if (byKey.length >= limit) return page(byKey, total);
  const byWords = wordTier(db, hidden).all({
    ...params,
    limit: limit - byKey.length,
    offset: Math.max(0, offset - keyCount),
  }) as MovieSummaryRow[];
  return page(byKey.concat(byWords), total);
}

/** keyTier's page when the range is dense (DENSE_RANGE titles or more): the same rows, found faster. */
function denseKeyTier(
  db: Db,
  params: Record<string, unknown> & { limit: number; offset: number },
  hidden: boolean,
): MovieSummaryRow[] {
  const upTo = { ...params, limit: params.offset + params.limit, offset: 0 };
  const exact = exactTitle(db, hidden).all(upTo) as MovieSummaryRow[];
  const starting = titleStartByPopularity(db, hidden).all(upTo) as MovieSummaryRow[];
  const merged: MovieSummaryRow[] = [];
  let e = 0;
  let s = 0;
  while (merged.length < upTo.limit && (e < exact.length || s < starting.length)) {
    const exactFirst =
      s === starting.length ||
      (e < exact.length && EXACT_TITLE_WEIGHT * exact[e].rating_count >= starting[s].rating_count);
    merged.push(exactFirst ? exact[e++] : starting[s++]);
  }
  return merged.slice(params.offset);
}

/** |key tier ∪ word matches|, up to COUNT_CAP: cheap counts first, the overlap only when exact. */
function countBothTiers(
  db: Db,
  params: {
    key: string;
    year: number | null;
    yearFrom: number | null;
    yearTo: number | null;
    genre: string | null;
  },
  keyCount: number,
  hidden: boolean,
): number {
  const filters: FilterKind =
    params.year !== null || params.yearFrom !== null || params.yearTo !== null
      ? 'years'
      : params.genre !== null
        ? 'genre'
        : 'none';
  const words = wordMatchCount(db, filters, hidden).get(params) as number;
  if (words >= COUNT_CAP) return COUNT_CAP;
  const both = params.key && keyCount > 0 ? (bothTiersCount(db, hidden).get(params) as number) : 0;
  return Math.min(COUNT_CAP, keyCount + words - both);
}

function typoSearch(db: Db, query: ParsedQuery, options: SearchOptions): SearchPage {
  const distances = typoMatches(db, query.key);
  if (distances.size === 0) return page([], 0);
  const hidden = copiesSearchLeavesOut(db);
  const rows = moviesByIds(db, hidden !== null).all({
    ids: JSON.stringify([...distances.keys()]),
    year: query.year,
    yearFrom: options.yearFrom ?? null,
    yearTo: options.yearTo ?? null,
    genre: options.genre || null,
    hidden,
  }) as MovieSummaryRow[];
  const sort = options.sort ?? 'relevance';
  rows.sort(
    (a, b) =>
      (sort === 'relevance' ? distances.get(a.id)! - distances.get(b.id)! : 0) ||
      compareRows(sort, a, b),
  );
  const offset = options.offset ?? 0;
  return page(rows.slice(offset, offset + (options.limit ?? 20)), rows.length);
}

/** The ORDER_BY orders, for rows already in memory. */
function compareRows(sort: SearchSort, a: MovieSummaryRow, b: MovieSummaryRow): number {
  const mean = (r: MovieSummaryRow) => (r.rating_count ? r.rating_sum_half / r.rating_count : -1);
  const year = (r: MovieSummaryRow) => r.year ?? -Infinity;
  const primary = sort === 'year' ? year(b) - year(a) : sort === 'rating' ? mean(b) - mean(a) : 0;
  return primary || b.rating_count - a.rating_count || a.id - b.id;
}

function page(rows: MovieSummaryRow[], total: number): SearchPage {
  return { movies: rows.map(toMovieSummary), total, totalExact: total < COUNT_CAP };
}
