import { ordinal } from '../../shared/counts';

/**
 * Sequels are written four ways: "Rocky IV", "Jaws 2", "Ocean's Eleven", "Shrek the Third".
 * People type them any of those ways too ("rocky 4", "star wars 5", "toy story ii", "die hard
 * two"), so a search word after the title's first that is a number from 1 to 20, however
 * spelled, also matches that number's other spellings. One is matched as "I" only ("star wars
 * 1": Episode I), as "one" and "first" are ordinary words in many titles. A first film seldom
 * has a number at all ("godfather 1": The Godfather), so "1" also matches the titles that carry
 * no sequel number (see search.ts).
 */

const ROMAN = 'i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx'.split(' ');
const WORDS = (
  'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
  'sixteen seventeen eighteen nineteen twenty'
).split(' ');
const ORDINALS = (
  'second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth ' +
  'fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'
).split(' ');

/** Every way a sequel number is written: "4", "iv", "four", "fourth", "4th"; 1 is "1" or "i". */
function spellingsOf(n: number): string[] {
  return n === 1
    ? ['1', ROMAN[0]]
    : [String(n), ROMAN[n - 1], WORDS[n - 2], ORDINALS[n - 2], ordinal(n)];
}

const NUMBER_OF = new Map<string, number>(
  ROMAN.flatMap((_, k) => spellingsOf(k + 1).map((s) => [s, k + 1] as const)),
);

/** 1 to 20 from a word that spells it as a sequel number ("4", "iv", "four", "fourth", "4th"). */
export function sequelNumberOf(word: string): number | null {
  return NUMBER_OF.get(word.toLowerCase()) ?? null;
}

/**
 * The other spellings of a search word that is a sequel number, to be matched as whole words:
 * "4" gives ["iv", "four", "fourth", "4th"], "three" gives ["3", "iii", "third", "3rd"], "1"
 * gives ["i"]; any other word gives [].
 */
export function sequelNumberSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  const n = NUMBER_OF.get(lower);
  return n === undefined ? [] : spellingsOf(n).filter((s) => s !== lower);
}

/**
 * A number as people count, in digits (1 to 99) or a word (two to twenty): "7" and "seven" are 7;
 * null for any other word.
 */
export function cardinalOf(word: string): number | null {
  const lower = word.toLowerCase();
  if (/^[1-9]\d?$/.test(lower)) return Number(lower);
  const k = WORDS.indexOf(lower);
  return k >= 0 ? k + 2 : null;
}

/**
 * A title's first word that is a number from 2 to 20 in the other of its two usual spellings:
 * "7" gives "seven" (Seven Samurai), "ten" gives "10" (10 Things I Hate About You); null for any
 * other word. Numerals and ordinals are left out: a title seldom starts with one.
 */
export function titleStartNumberSpelling(word: string): string | null {
  const n = cardinalOf(word);
  if (n === null) return null;
  return /^\d/.test(word) ? (WORDS[n - 2] ?? null) : String(n);
}

/** Every spelling of the numbers 1 to 20 as a sequel number: a title holding none is not a sequel. */
export const SEQUEL_NUMBER_WORDS: readonly string[] = [...NUMBER_OF.keys()];
