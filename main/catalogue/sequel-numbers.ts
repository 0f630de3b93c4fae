/**
 * Sequels are written three ways: "Rocky IV", "Jaws 2", "Ocean's Eleven". People type them with
 * a digit ("rocky 4", "star wars 5") or a numeral ("toy story ii"), so a search word that is a
 * number from 2 to 20 also matches that number's other spellings. One is left out: "i" and "one"
 * are ordinary words in too many titles.
 */

const ROMAN = 'ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx'.split(' ');
const WORDS = (
  'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
  'sixteen seventeen eighteen nineteen twenty'
).split(' ');
const FIRST = 2;

/**
 * The other spellings of a search word that is a sequel number, to be matched as whole words:
 * "4" gives ["iv", "four"], "iv" gives ["4"]; any other word gives [].
 */
export function sequelNumberSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) {
    const index = Number(lower) - FIRST;
    return index >= 0 && index < ROMAN.length ? [ROMAN[index], WORDS[index]] : [];
  }
  const roman = ROMAN.indexOf(lower);
  return roman >= 0 ? [String(roman + FIRST)] : [];
}
