/**
 * Movie titles as MovieLens writes them ("Matrix, The (1999)", "Amélie (Fabuleux destin
 * d'Amélie Poulain, Le) (2001)") and as people and other sites write them ("The Matrix").
 * One normaliser serves the ml-100k mapping and the personal-export matcher.
 */

const ARTICLES = [
  'the',
  'a',
  'an',
  'les',
  'la',
  'le',
  "l'",
  'il',
  'los',
  'las',
  'el',
  'das',
  'der',
  'die',
  'den',
  'det',
  'une',
  'un',
  'lo',
  'i',
  'gli',
  'o',
  'os',
  'as',
];
const trailingArticle = new RegExp(`^(.*), (${ARTICLES.join('|')})$`, 'i');
const leadingArticle = new RegExp(`^(${ARTICLES.filter((a) => !a.endsWith("'")).join('|')}) `, 'i');
const trailingYear = /\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$/;

export interface ParsedTitle {
  /** Natural reading order, year removed: "The Matrix", "Amélie (Fabuleux destin d'Amélie Poulain, Le)". */
  title: string;
  year: number | null;
}

/** Splits a MovieLens-style "Title, The (1999)" into a display title and a year. */
export function parseMovieLensTitle(raw: string): ParsedTitle {
  let text = raw.trim();
  let year: number | null = null;
  const yearMatch = trailingYear.exec(text);
  if (yearMatch) {
    year = Number(yearMatch[1]);
    text = text.slice(0, yearMatch.index).trim();
  }
  return { title: naturalOrder(text), year };
}

/** "Matrix, The" -> "The Matrix"; an alternative title in parentheses stays where it is. */
function naturalOrder(text: string): string {
  const paren = text.indexOf(' (');
  const main = paren > 0 ? text.slice(0, paren) : text;
  const rest = paren > 0 ? text.slice(paren) : '';
  const m = trailingArticle.exec(main);
  if (!m) return text;
  const article = m[2];
  const joiner = article.endsWith("'") ? '' : ' ';
  return `${article}${joiner}${m[1]}${rest}`;
}

/**
 * A key two spellings of one title share: the main title only (no alternative title in
 * parentheses, no year), articles dropped wherever they stand, case, accents and punctuation gone.
 * "Matrix, The (1999)", "The Matrix" and "the matrix" all give "matrix".
 */
export function titleKey(text: string): string {
  let main = text.replace(trailingYear, '').trim();
  const paren = main.indexOf(' (');
  if (paren > 0) main = main.slice(0, paren);
  main = main.replace(trailingArticle, '$1').replace(leadingArticle, '');
  return main
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface DisplayTitle {
  /** The title people know the movie by: "Amelie", "The Postman", "Seven". */
  title: string;
  /** The original or alternative title(s) MovieLens gives in parentheses: "Il Postino", "Se7en". */
  originalTitle: string | null;
}

const AKA = /^(?:a\.?k\.?a\.?|also known as)\s+/i;

/**
 * Splits a stored title (natural order, year removed: "Amélie (Fabuleux destin d'Amélie
 * Poulain, Le)", "Seven (a.k.a. Se7en)") into the title to show and the alternative titles in
 * the trailing parentheses, each in natural order without its "a.k.a.": "Le Fabuleux destin
 * d'Amélie Poulain", "Se7en". Several alternatives are joined with " · ". A title that is
 * only parentheses ("(500) Days of Summer") is left whole.
 */
export function splitDisplayTitle(stored: string): DisplayTitle {
  const { main, alternates } = splitAlternates(stored);
  return { title: main, originalTitle: alternates.length ? alternates.join(' · ') : null };
}

/**
 * The main title and the alternative titles of a stored title, each in natural order:
 * "Seven (a.k.a. Se7en)" gives "Seven" and ["Se7en"]; a title without any gives itself and [].
 */
export function splitAlternates(stored: string): { main: string; alternates: string[] } {
  let main = stored.trim();
  const alternates: string[] = [];
  for (let group = trailingGroup(main); group; group = trailingGroup(main)) {
    const alternate = naturalOrder(group.inner.replace(AKA, '').trim());
    if (alternate) alternates.unshift(alternate);
    main = group.before;
  }
  return alternates.length ? { main: naturalOrder(main), alternates } : { main, alternates };
}

/** The last balanced "(…)" group of a text, when the text ends with one and has a title before it. */
function trailingGroup(text: string): { before: string; inner: string } | null {
  if (!text.endsWith(')')) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) {
      const before = text.slice(0, i).trimEnd();
      // "(500) Days of Summer": nothing before the group, so it is part of the title.
      if (!before || text[i - 1] !== ' ') return null;
      return { before, inner: text.slice(i + 1, -1) };
    }
  }
  return null;
}

/** Lower-case words without accents, split as the search index splits them. */
export function indexWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** English articles, as people leave them out of a series' name or an acronym ("lotr"). */
export const ENGLISH_ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);
/** Where a subtitle starts: "Alien: Resurrection", "Mission: Impossible - Fallout". */
export const SUBTITLE_START = /:| - | – /;
