import { ordinal } from '../../shared/counts';

/**
 * Sequels are written four ways: "Rocky IV", "Jaws 2", "Ocean's Eleven", "Shrek the Third".
 * People type them with a digit ("rocky 4", "star wars 5") or a numeral ("toy story ii"), so a
 * search word after the title's first that is a number from 1 to 20 also matches that number's
 * other spellings. One is matched as "I" only ("star wars 1": Episode I), as "one" is an
 * ordinary word in many titles. A first film seldom has a number at all ("godfather 1": The
 * Godfather), so "1" also matches the titles that carry no sequel number (see search.ts).
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

/**
 * The other spellings of a search word that is a sequel number, to be matched as whole words:
 * "4" gives ["iv", "four", "fourth", "4th"], "1" gives ["i"], "iv" gives ["4"]; any other word
 * gives [].
 */
export function sequelNumberSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) {
    const n = Number(lower);
    if (n < 1 || n > ROMAN.length) return [];
    return n === 1 ? [ROMAN[0]] : [ROMAN[n - 1], WORDS[n - 2], ORDINALS[n - 2], ordinal(n)];
  }
  const roman = ROMAN.indexOf(lower);
  return roman >= 0 ? [String(roman + 1)] : [];
}

/** Every spelling of the numbers 1 to 20 as a sequel number: a title holding none is not a sequel. */
export const SEQUEL_NUMBER_WORDS: readonly string[] = [
  ...ROMAN,
  ...ROMAN.map((_, k) => String(k + 1)),
  ...WORDS,
  ...ORDINALS,
  ...ORDINALS.map((_, k) => ordinal(k + 2)),
];
