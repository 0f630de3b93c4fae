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
