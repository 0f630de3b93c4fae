import type { MovieSummary } from '../../shared/domain';
import type { Db } from './db';
import { toMovieSummary, type MovieSummaryRow } from './movie-rows';
import { releasesState } from './releases';
import { copiesSearchLeavesOut } from './same-films';
import { searchPage, type SearchOptions, type SearchPage } from './search';
import { moviesByIds } from './search-statements';
import { isBookkeepingTag } from './bookkeeping-tags';
import { tagToShow, tagWords } from './tag-spelling';
import { runWorkerJob } from '../util/workers';

/** Movies the releases' viewers tagged with what was typed ("pixar", "time travel", "tarantino"). */
export interface TaggedMovies {
  /** The tags that matched, as viewers wrote them most often, the most used first (3 at most). */
  tags: string[];
  /** How many more tags matched: the movies listed are theirs too. */
  otherTags: number;
  movies: MovieSummary[];
}

interface TagEntry {
  /** The tag as viewers wrote it most often (`tagToShow`). */
  tag: string;
  /** Its words, lower-cased, joined by single spaces. */
  key: string;
  words: Set<string>;
  /** How many viewers gave it, to any movie. */
  people: number;
  movieIds: Int32Array;
  /** How many viewers gave it to each of `movieIds`. */
  movieCounts: Int32Array;
}

/** Every tag of the catalogue's releases, flattened so that a worker can hand it over whole. */
export interface TagIndexData {
  tags: string[];
  /** Each tag's words, lower-cased, joined by single spaces. */
  keys: string[];
  people: Int32Array;
  /** Tag k's movies are movieIds[offsets[k]] .. movieIds[offsets[k + 1] - 1]. */
  offsets: Int32Array;
  movieIds: Int32Array;
  movieCounts: Int32Array;
}

/** Fewer letters than this would match tags by accident ("a", "of"). */
const MIN_LETTERS = 3;
/** From this many tag rows (ml-25m has about a million), the index is read in a worker. */
const READ_IN_WORKER_FROM = 50_000;

/** The tags, and each word's tags, for looking them up by the words typed. */
interface TagIndex {
  entries: TagEntry[];
  /** Every word of a tag → the indices of the entries holding it. */
  byWord: Map<string, number[]>;
  /** The same words, sorted: those a word being typed starts are one range. */
  sortedWords: string[];
}

type Kept =
  | { state: string; index: TagIndex }
  | { state: string; reading: Promise<void>; stop: () => void; index: null };
const kept = new WeakMap<Db, Kept>();

/**
 * Reads every tag of the catalogue's releases (on the thread that calls it: seconds for a million
 * tag rows), grouped by its words, with the movies it was given to and by how many viewers. A
 * viewer's bookkeeping ("In Netflix queue") is left out.
 */
export function readTagIndex(db: Db): TagIndexData {
  const rows = db
    .prepare(
      `SELECT lower(tag) AS key, tag, movie_id, COUNT(DISTINCT user_key) AS people FROM tags
       WHERE release_id IN (SELECT id FROM releases) GROUP BY key, tag, movie_id`,
    )
    .raw()
    .all() as Array<[string, string, number, number]>;
  const byKey = new Map<
    string,
    { movies: Map<number, number>; people: number; spellings: Map<string, number> }
  >();
  for (const [key, tag, movieId, people] of rows) {
    const normal = tagWords(key).join(' ');
    if (!normal || isBookkeepingTag(normal)) continue;
    let entry = byKey.get(normal);
    if (!entry) {
      entry = { movies: new Map(), people: 0, spellings: new Map() };
      byKey.set(normal, entry);
    }
    entry.movies.set(movieId, (entry.movies.get(movieId) ?? 0) + people);
    entry.people += people;
    entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + people);
  }
  const pairs = [...byKey.values()].reduce((sum, entry) => sum + entry.movies.size, 0);
  const data: TagIndexData = {
    tags: [],
    keys: [],
    people: new Int32Array(byKey.size),
    offsets: new Int32Array(byKey.size + 1),
    movieIds: new Int32Array(pairs),
    movieCounts: new Int32Array(pairs),
  };
  let k = 0;
  let at = 0;
  for (const [key, entry] of byKey) {
    data.keys.push(key);
    data.tags.push(tagToShow(entry.spellings));
    data.people[k] = entry.people;
    for (const [movieId, n] of entry.movies) {
      data.movieIds[at] = movieId;
      data.movieCounts[at++] = n;
    }
    data.offsets[++k] = at;
  }
  return data;
}

function indexOf(data: TagIndexData): TagIndex {
  const entries = data.tags.map((tag, k) => ({
    tag,
    key: data.keys[k],
    words: new Set(data.keys[k].split(' ')),
    people: data.people[k],
    movieIds: data.movieIds.subarray(data.offsets[k], data.offsets[k + 1]),
    movieCounts: data.movieCounts.subarray(data.offsets[k], data.offsets[k + 1]),
  }));
  const byWord = new Map<string, number[]>();
  entries.forEach((entry, k) => {
    for (const word of entry.words) {
      const holding = byWord.get(word);
      if (holding) holding.push(k);
      else byWord.set(word, [k]);
    }
  });
  return { entries, byWord, sortedWords: [...byWord.keys()].sort() };
}

/**
 * The tag index of the catalogue's releases, read once per set of releases; null while a large
 * one is still being read in a worker.
 */
function tagIndex(db: Db): TagIndex | null {
  const state = releasesState(db);
  const now = kept.get(db);
  if (now?.state === state) return now.index;
  const many =
    !db.memory &&
    (db
      .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM tags LIMIT ?)')
      .pluck()
      .get(READ_IN_WORKER_FROM) as number) >= READ_IN_WORKER_FROM;
  if (!many) {
    const index = indexOf(readTagIndex(db));
    kept.set(db, { state, index });
    return index;
  }
  let stopped = false;
  const job = runWorkerJob<TagIndexData>('tagIndex', { dbFile: db.name });
  const reading = job.result.then(
    (data) => {
      if (kept.get(db)?.state === state) kept.set(db, { state, index: indexOf(data) });
    },
    (error: unknown) => {
      if (stopped) return;
      process.stderr.write(
        `movie-assistant: reading the tags failed: ${(error as Error).message}\n`,
      );
    },
  );
  const stop = () => {
    stopped = true;
    job.stop();
  };
  kept.set(db, { state, reading, stop, index: null });
  return null;
}

/** Ends a read of `db`'s tags still running in a worker: the catalogue closes. */
export function stopTagIndexRead(db: Db): void {
  const now = kept.get(db);
  if (now && now.index === null) now.stop();
}

/**
 * Resolves once the tag index of the catalogue's releases is read: at once but the first time for
 * a large set of tags, which is read in a worker (0.8–3.5 s for a million tag rows).
 */
export async function tagIndexRead(db: Db): Promise<void> {
  tagIndex(db);
  const now = kept.get(db);
  if (now && now.index === null) await now.reading;
}

/**
 * A typed word as a tag may write it: as typed, in the plural ("spy": "spies", "witch":
 * "witches"), or in the singular. An "-es" is taken off only after s, x, z, ch or sh: "hughes" is
 * not the plural of "hugh".
 */
function spellings(word: string, plural = true): string[] {
  const out = [word];
  if (plural) {
    out.push(`${word}s`);
    if (/[^aeiou]y$/.test(word)) out.push(`${word.slice(0, -1)}ies`);
    else if (/(s|x|z|ch|sh)$/.test(word)) out.push(`${word}es`);
  }
  if (word.length > 4 && word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  else if (/(ss|x|z|ch|sh)es$/.test(word)) out.push(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

function hasWord(entry: TagEntry, word: string, plural = true): boolean {
  return spellings(word, plural).some((spelling) => entry.words.has(spelling));
}

/** From this many letters, a last word still being typed matches the tag words it starts. */
const PREFIX_LETTERS = 4;
/** How many of the tags matched a list names ("tagged “heist” or “heists”"). */
const TAGS_NAMED = 3;

/**
 * The entries holding every word typed, singular or plural; when none does, and the last word
 * has four letters or more, those holding the others and a word the last one starts ("time
 * trav", "atmos"): as one types, before a word is whole.
 */
function matchingEntries(index: TagIndex, words: string[]): TagEntry[] {
  const last = words[words.length - 1];
  // A last word still being typed is not read as a singular ("chri" is not one "chris"): only one
  // some tag has whole, or one too short to be read as a start.
  const plural = (word: string) =>
    word !== last || last.length < PREFIX_LETTERS || index.byWord.has(last);
  const holding = (word: string) =>
    spellings(word, plural(word)).flatMap((w) => index.byWord.get(w) ?? []);
  const rest = (k: number) => words.every((word) => hasWord(index.entries[k], word, plural(word)));
  const whole = [...new Set(holding(words[0]))].filter(rest);
  if (whole.length > 0) return whole.map((k) => index.entries[k]);
  if (last.length < PREFIX_LETTERS) return [];
  // A start may be many words' ("chri": Christmas, Christina Ricci…): only the tags named, the
  // most given, so that the movies listed are theirs.
  return entriesStartedBy(index, words).sort(byPeople).slice(0, TAGS_NAMED);
}

/** The entries holding the words typed but the last, and a word the last one starts. */
function entriesStartedBy(index: TagIndex, words: string[]): TagEntry[] {
  const last = words[words.length - 1];
  const others = words.slice(0, -1);
  if (others.length > 0) {
    // the tags holding a whole word are few beside those a letter or two starts
    const holding = new Set(spellings(others[0]).flatMap((w) => index.byWord.get(w) ?? []));
    return [...holding]
      .map((k) => index.entries[k])
      .filter(
        (entry) =>
          others.every((word) => hasWord(entry, word)) &&
          [...entry.words].some((word) => word.startsWith(last)),
      );
  }
  const started = new Set<number>();
  for (let at = lowerBound(index.sortedWords, last); at < index.sortedWords.length; at++) {
    const word = index.sortedWords[at];
    if (!word.startsWith(last)) break;
    for (const k of index.byWord.get(word)!) started.add(k);
  }
  return [...started].map((k) => index.entries[k]);
}

const byPeople = (a: TagEntry, b: TagEntry) => b.people - a.people || a.tag.localeCompare(b.tag);

/** From this many letters typed, tags are offered to complete them. */
const SUGGEST_FROM_LETTERS = 2;

/**
 * Tags to complete what is being typed in a tag filter ("chri" → "Christmas", "Christian Bale"):
 * those holding the words typed and a word the last one starts, the tag typed whole first, then
 * those that begin as typed, then the most given; none until the tags are read (a large set is
 * read in a worker) or fewer than two letters were typed.
 */
export function tagSuggestions(db: Db, text: string, limit: number): string[] {
  const words = tagWords(text);
  if (words.join('').length < SUGGEST_FROM_LETTERS) return [];
  const index = tagIndex(db);
  if (!index) return [];
  const typed = words.join(' ');
  const later = (entry: TagEntry) =>
    entry.key === typed ? 0 : entry.key.startsWith(typed) ? 1 : 2;
  return entriesStartedBy(index, words)
    .sort((a, b) => later(a) - later(b) || byPeople(a, b))
    .slice(0, limit)
    .map((entry) => entry.tag);
}

/** The first position in `sorted` whose word is not before `word`. */
function lowerBound(sorted: string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Words that say nothing of a film alone: "the", typed as a title begins, is not a search for
 * "end of the world" and "ark of the covenant".
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or nor but of in on at to for with by from into onto as is it its this that ' +
    'these those be are was were not no my me i you he she we they his her their our your so if'
  ).split(' '),
);

/**
 * The tags matching the words typed, the most given first, and how many viewers gave them to each
 * movie; null when none does, fewer than three letters were typed, or only words like "the".
 */
function tagsMatching(
  db: Db,
  text: string,
): { matched: TagEntry[]; people: Map<number, number> } | null {
  const words = tagWords(text);
  if (words.join('').length < MIN_LETTERS || words.every((word) => FUNCTION_WORDS.has(word)))
    return null;
  const index = tagIndex(db);
  const matched = index ? matchingEntries(index, words) : [];
  if (matched.length === 0) return null;
  matched.sort(byPeople);
  const people = new Map<number, number>();
  for (const entry of matched)
    entry.movieIds.forEach((movieId, i) =>
      people.set(movieId, (people.get(movieId) ?? 0) + entry.movieCounts[i]),
    );
  return { matched, people };
}

/** Every movie viewers tagged with the words typed, as search matches them (For you's filter). */
export function taggedMovieIds(
  db: Db,
  text: string,
): { tags: string[]; otherTags: number; movieIds: number[] } | null {
  const found = tagsMatching(db, text);
  return found ? { ...namedOf(found.matched), movieIds: [...found.people.keys()] } : null;
}

/** The tags a list names, the most given, and how many others matched. */
function namedOf(matched: TagEntry[]): { tags: string[]; otherTags: number } {
  return {
    tags: matched.slice(0, TAGS_NAMED).map((entry) => entry.tag),
    otherTags: Math.max(0, matched.length - TAGS_NAMED),
  };
}

export interface TagSearchOptions {
  genre?: string;
  yearFrom?: number;
  yearTo?: number;
  limit?: number;
}

/**
 * The movies tagged with every word typed, singular or plural ("tarantino" finds "Quentin
 * Tarantino" and "tarantino", "zombie" "zombies"), or, when no tag has them all, with the last
 * one as the start of a word ("time trav"); those tagged by the most viewers first, then the most
 * rated; null when no tag matches or fewer than three letters were typed. A trailing year is a
 * title's, not a tag's.
 */
export function taggedMovies(
  db: Db,
  text: string,
  options: TagSearchOptions = {},
): TaggedMovies | null {
  const found = tagsMatching(db, text.replace(/\s+\(?\d{4}\)?\s*$/u, ''));
  if (!found) return null;
  const { matched, people } = found;
  const hidden = copiesSearchLeavesOut(db);
  const rows = moviesByIds(db, hidden !== null).all({
    ids: JSON.stringify([...people.keys()]),
    year: null,
    yearFrom: options.yearFrom ?? null,
    yearTo: options.yearTo ?? null,
    genre: options.genre || null,
    hidden,
  }) as MovieSummaryRow[];
  if (rows.length === 0) return null;
  rows.sort(
    (a, b) =>
      people.get(b.id)! - people.get(a.id)! || b.rating_count - a.rating_count || a.id - b.id,
  );
  return { ...namedOf(matched), movies: rows.slice(0, options.limit ?? 12).map(toMovieSummary) };
}

/** How many tagged movies a search lists under its titles. */
const TAGGED_SHOWN = 12;

/**
 * A search page and, on the first page, the movies tagged with what was typed that the page does
 * not list. When tags match, no title's typo look-alikes stand in for titles that match nothing:
 * "tarantino" lists Pulp Fiction, not Tarnation.
 */
export function searchPageWithTags(
  db: Db,
  text: string,
  options: SearchOptions = {},
): SearchPage & { tagged?: TaggedMovies } {
  const tagged =
    (options.offset ?? 0) === 0
      ? taggedMovies(db, text, { ...options, limit: TAGGED_SHOWN + (options.limit ?? 20) })
      : null;
  const page = searchPage(db, text, { ...options, typos: tagged === null });
  if (!tagged) return page;
  const listed = new Set(page.movies.map((movie) => movie.id));
  const movies = tagged.movies.filter((movie) => !listed.has(movie.id)).slice(0, TAGGED_SHOWN);
  return movies.length > 0 ? { ...page, tagged: { ...tagged, movies } } : page;
}
