import type { Db } from './db';
import { releasesState } from './releases';
import { ENGLISH_ARTICLES, indexWords, splitAlternates, SUBTITLE_START, titleKey } from './titles';
import { typoMatches } from './typo-search';

/*
 * What film lovers write for a long title: the first letters of its words. "lotr" is The Lord of
 * the Rings, "hp" Harry Potter, "potc" Pirates of the Caribbean, and a subtitle has one of its
 * own: "esb" (Star Wars: Episode V - The Empire Strikes Back), "rotk".
 */

interface Acronyms {
  /** Which catalogue they were read from (releasesState). */
  version: string;
  /** Per entry: its movie's id and ratings count, and the acronym itself. */
  ids: Int32Array;
  ratings: Int32Array;
  acronyms: string[];
}

const cache = new WeakMap<Db, Acronyms>();

/** Longer words than this are more likely a typo of a title than an acronym: typos go first. */
const SURELY_ACRONYM = 4;
const LONGEST_ACRONYM = 6;

/**
 * The search words to read `text` as, when no title holds them, if its first word is letters that
 * spell the start of a title's acronym: "hp 3" is "harry potter 3", the words of the most rated
 * such title, as many as the letters typed. Null otherwise, and for five or six letters also
 * when a title is a typo or two away ("alein" is Alien, not an acronym).
 */
export function acronymReading(db: Db, text: string): string | null {
  if (!mayBeAcronym(text)) return null;
  const typed = text.trim().split(/\s+/);
  const first = typed[0].toLowerCase();
  if (first.length > SURELY_ACRONYM && typoMatches(db, titleKey(text)).size > 0) return null;
  const { ids, ratings, acronyms } = acronymsOf(db);
  let best = -1;
  for (let i = 0; i < acronyms.length; i++)
    if (acronyms[i].startsWith(first) && (best < 0 || ratings[i] > ratings[best])) best = i;
  if (best < 0) return null;
  const { title } = db.prepare('SELECT title FROM movies WHERE id = ?').get(ids[best]) as {
    title: string;
  };
  const spelled = readings(title).find((words) => acronymOf(words).startsWith(first))!;
  return [spelled.slice(0, first.length).join(' '), ...typed.slice(1)].join(' ');
}

/** Whether the first word typed could be an acronym: two to six letters. */
function mayBeAcronym(text: string): boolean {
  const first = text.trim().split(/\s+/)[0];
  return /^\p{L}+$/u.test(first) && first.length >= 2 && first.length <= LONGEST_ACRONYM;
}

/** A title's ways to be written short: whole and from each subtitle, with and without its article. */
function readings(stored: string): string[][] {
  const { main } = splitAlternates(stored);
  const parts = main.split(SUBTITLE_START);
  const out: string[][] = [];
  for (const part of [main, ...parts.slice(1)]) {
    const ws = wordsOf(part);
    if (ws.length < 2) continue;
    out.push(ws);
    if (ENGLISH_ARTICLES.has(ws[0]) && ws.length > 2) out.push(ws.slice(1));
  }
  return out;
}

/** The index's words, an apostrophe joining its two sides ("Philosopher's" is one word). */
function wordsOf(text: string): string[] {
  return indexWords(text.replace(/['’]/g, ''));
}

function acronymOf(words: string[]): string {
  return words.map((w) => w[0]).join('');
}

function acronymsOf(db: Db): Acronyms {
  const version = releasesState(db);
  const held = cache.get(db);
  if (held && held.version === version) return held;
  const rows = db.prepare('SELECT id, title, rating_count FROM movies').all() as {
    id: number;
    title: string;
    rating_count: number;
  }[];
  const ids: number[] = [];
  const ratings: number[] = [];
  const acronyms: string[] = [];
  for (const row of rows)
    for (const words of readings(row.title)) {
      ids.push(row.id);
      ratings.push(row.rating_count);
      acronyms.push(acronymOf(words));
    }
  const loaded = {
    version,
    ids: Int32Array.from(ids),
    ratings: Int32Array.from(ratings),
    acronyms,
  };
  cache.set(db, loaded);
  return loaded;
}
