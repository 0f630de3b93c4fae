import type { Db } from './db';
import type { MovieSummaryRow } from './movie-rows';
import { newestYear } from './newest-year';
import { copiesSearchLeavesOut } from './same-films';
import { moviesByIds, seriesCandidates } from './search-statements';
import { cardinalOf, sequelNumberOf } from './sequel-numbers';
import { ENGLISH_ARTICLES, indexWords as words, splitAlternates, SUBTITLE_START } from './titles';

/**
 * A film counts as one of a series when it has at least this share of the ratings of the
 * series' most rated film, whatever number it carries: a TV special ("Ice Age: A Mammoth
 * Christmas" 1.2%, "Captain America II: Death Too Soon" of 1979 3.1%) would otherwise take a
 * place, while a sequel of a release's last years has few ratings yet ("Star Wars: The Last
 * Jedi" 4.8%, "A Good Day to Die Hard" 4.1% in ml-latest-small).
 */
const MIN_SHARE_OF_MOST_RATED = 0.04;
/**
 * Films of the catalogue's newest years are held to no share: a sequel the release caught weeks
 * after it came out has a handful of ratings ("Mission: Impossible - Fallout", 2018, 2 ratings in
 * ml-latest-small against the first film's 162).
 */
const NEW_FILM_YEARS = 1;
/**
 * The count starts at the first film with at least this share of the most rated film's ratings
 * (or carrying a number): earlier namesakes ("Twilight Zone: The Movie" of 1983 before
 * "Twilight") are no part of it.
 */
const FIRST_FILM_SHARE = 0.5;
/** More titles than this hold the words: they name no series. */
const MOST_CANDIDATES = 200;
/** Words that may stand between a series' name and its number: "Episode V", "Part II", "Vol. 2". */
const BEFORE_NUMBER = new Set(['part', 'episode', 'chapter', 'vol', 'volume', 'the']);

/** A series' film found by its place: the third Harry Potter film for "harry potter 3". */
export interface SeriesPlace {
  movie: MovieSummaryRow;
  /** Its place in the series, as typed: 2 to 20. */
  place: number;
  /** Its title carries the number ("Rocky II", "X2: X-Men United", "Ocean's Twelve"). */
  inTitle: boolean;
}

export interface SeriesFilters {
  genre?: string;
  yearFrom?: number;
  yearTo?: number;
}

/**
 * The film a search like "harry potter 3" or "matrix 2" names by its place in a series when no
 * title carries that number: the third Harry Potter film is "… and the Prisoner of Azkaban",
 * and "Deathly Hallows: Part 2" carries a 2 that is not the series' number. The series is the
 * titles that start with the words typed (or end with two or more: "Live Free or Die Hard");
 * its films are counted in year order from the first well-rated one, and a film that carries a
 * series number ("Ice Age 4") sets the count there; a later film called by the name alone is a
 * remake and takes no place. A one-word name is a series only when a title carries a number
 * after it ("Rocky II"), its first well-rated film is its most rated and called just that
 * ("The Matrix", not "Life" after "Life Stinks"), or two titles are the name and a subtitle
 * ("The Hobbit: The Desolation of Smaug"); and then only titles of the name and at most one
 * more word before any subtitle count ("The Matrix Reloaded", not "Up in the Air"). A film that
 * carries the number itself is the answer (the most rated, if several do): "X2: X-Men United"
 * for "x-men 2", which the ordinary search misses. Null when the search does not end in a
 * number from 2 to 20 (in digits or a word: "harry potter three"), or when the series has no
 * film at that place (in the genre and years asked).
 */
export function seriesPlace(db: Db, text: string, filters: SeriesFilters = {}): SeriesPlace | null {
  const typed = words(text);
  let year: number | null = null;
  if (typed.length > 2 && /^\d{4}$/.test(typed[typed.length - 1])) year = Number(typed.pop());
  const last = typed.pop();
  const place = last === undefined ? null : cardinalOf(last);
  if (place === null) return null;
  const name = ENGLISH_ARTICLES.has(typed[0]) ? typed.slice(1) : typed;
  if (place < 2 || place > 20 || name.length === 0) return null;

  const rows = seriesCandidates(db).all({
    match: name.map((w) => `"${w}"*`).join(' AND '),
    limit: MOST_CANDIDATES + 1,
  }) as MovieSummaryRow[];
  if (rows.length > MOST_CANDIDATES) return null;
  const members = rows.flatMap((row) => {
    const member = seriesMember(row.title, name);
    return member ? [{ row, ...member }] : [];
  });
  const mostRated = members.reduce<(typeof members)[number] | null>(
    (best, m) => (!best || m.row.rating_count > best.row.rating_count ? m : best),
    null,
  );
  if (!mostRated) return null;
  const most = mostRated.row.rating_count;
  const newFilms = newestYear(db) - NEW_FILM_YEARS;
  const counted = members
    .filter(
      (m) => m.row.rating_count >= MIN_SHARE_OF_MOST_RATED * most || (m.row.year ?? 0) >= newFilms,
    )
    .sort((a, b) => (a.row.year ?? 0) - (b.row.year ?? 0) || a.row.id - b.row.id);
  const first = counted.findIndex(
    (m) => m.number !== null || m.row.rating_count >= FIRST_FILM_SHARE * most,
  );
  if (
    name.length === 1 &&
    !(mostRated.onlyName && counted[first] === mostRated) &&
    !counted.some((m) => m.number !== null) &&
    counted.filter((m) => m.subtitled).length < 2
  )
    return null;
  const numbered = counted
    .filter((m) => m.number === place)
    .sort((a, b) => b.row.rating_count - a.row.rating_count || a.row.id - b.row.id);
  if (numbered.length > 0) {
    const movie = numbered.find((m) => passes(db, m.row, year, filters))?.row;
    return movie ? { movie, place, inTitle: true } : null;
  }
  let at = 0;
  for (const [k, member] of counted.slice(first).entries()) {
    // A later film called by the name alone is a remake or a namesake ("The Heat" after "Heat").
    if (k > 0 && member.onlyName && member.number === null) continue;
    at = member.number ?? at + 1;
    if (at > place) return null;
    if (at < place) continue;
    return passes(db, member.row, year, filters)
      ? { movie: member.row, place, inTitle: member.number !== null }
      : null;
  }
  return null;
}

interface SeriesMember {
  /** The series number the title carries right after the name ("Rocky IV": 4), or null. */
  number: number | null;
  /** One of its titles is the name alone ("The Matrix" for "matrix"). */
  onlyName: boolean;
  /** One of its titles is the name and a subtitle ("The Hobbit: The Desolation of Smaug"). */
  subtitled: boolean;
}

/**
 * Whether a stored title is of the series `name`: one of its titles (the main one or an
 * alternative) starts with the name's words in order (each maybe with a plural "s": "Aliens"
 * for "alien", never "Heathers" for "heat"), and is no spin-off, or ends with a name of two
 * words or more; for a one-word name, with at most one more word before any subtitle unless a
 * number follows. "Harry Potter and the Deathly Hallows: Part 2" is a member without a number:
 * its 2 is the part of a subtitle. A number glued to the name's first word ("X2: X-Men United")
 * is the series' number.
 */
function seriesMember(stored: string, name: string[]): SeriesMember | null {
  const { main, alternates } = splitAlternates(stored);
  let isMember = false;
  let onlyName = false;
  let subtitled = false;
  for (const title of [main, ...alternates]) {
    const ws = words(title);
    const first = ENGLISH_ARTICLES.has(ws[0]) ? 1 : 0;
    const glued = ws[first]?.startsWith(name[0]) ? ws[first].slice(name[0].length) : '';
    if (/^\d{1,2}$/.test(glued))
      return { number: Number(glued), onlyName: false, subtitled: false };
    const at = afterName(ws, first, name);
    if (at === undefined) {
      isMember ||= endsWithName(ws, name);
      continue;
    }
    let next = at;
    while (BEFORE_NUMBER.has(ws[next])) next++;
    const number = next < ws.length ? sequelNumberOf(ws[next]) : null;
    if (number !== null) return { number, onlyName: false, subtitled: false };
    const head = words(title.split(SUBTITLE_START)[0]);
    if (name.length === 1 ? head.length - first > 2 : spinOff(head, at)) continue;
    isMember = true;
    onlyName ||= ws.length === at && ws[at - 1] === name[name.length - 1];
    subtitled ||= head.length === at && ws.length > at;
  }
  return isMember ? { number: null, onlyName, subtitled } : null;
}

/**
 * A title whose name is followed by more words before its subtitle, other than "and …" or
 * "in …" ("X-Men Origins: Wolverine", not "Harry Potter and the Prisoner of Azkaban" or
 * "Austin Powers in Goldmember"): a spin-off.
 */
function spinOff(head: string[], at: number): boolean {
  return head.length > at && head[at] !== 'and' && head[at] !== 'in';
}

/**
 * A title that ends with a name of two words or more: a sequel named around it ("Live Free or
 * Die Hard", "The Lost World: Jurassic Park"), not "Rogue One: A Star Wars Story".
 */
function endsWithName(ws: string[], name: string[]): boolean {
  const from = ws.length - name.length;
  return name.length > 1 && from > 0 && name.every((w, k) => ws[from + k] === w);
}

/** Where a title's words go on after the series' name from `first`, or undefined without it. */
function afterName(ws: string[], first: number, name: string[]): number | undefined {
  const holds = (k: number, word: string | undefined) => word === name[k] || word === `${name[k]}s`;
  if (!holds(0, ws[first])) return undefined;
  let at = first + 1;
  for (let k = 1; k < name.length; k++) {
    while (at < ws.length && !holds(k, ws[at])) at++;
    if (at === ws.length) return undefined;
    at++;
  }
  return at;
}

/** Whether the movie is of the genre and years asked: the search's own filters, in SQL. */
function passes(db: Db, row: MovieSummaryRow, year: number | null, f: SeriesFilters): boolean {
  const hidden = copiesSearchLeavesOut(db);
  return (
    moviesByIds(db, hidden !== null).all({
      ids: JSON.stringify([row.id]),
      year,
      yearFrom: f.yearFrom ?? null,
      yearTo: f.yearTo ?? null,
      genre: f.genre || null,
      hidden,
    }).length > 0
  );
}
