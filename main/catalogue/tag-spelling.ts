/** A word of this many capitals is shouted ("SPACE TRAVEL"); fewer reads as an abbreviation ("WWII", "BD-R"). */
const SHOUTED_WORD = 5;

function shouted(tag: string): boolean {
  return (
    !/\p{Ll}/u.test(tag) && tag.split(/[^\p{L}]+/u).some((word) => word.length >= SHOUTED_WORD)
  );
}

/**
 * Of the ways viewers wrote one tag, with how often each was used, the one to show: the most
 * used, a shouted one ("AWESOME") only when nobody wrote it otherwise, and then in lower case.
 */
export function tagToShow(spellings: Iterable<readonly [string, number]>): string {
  let best: string | null = null;
  let bestCount = 0;
  for (const [tag, count] of spellings) {
    if (best === null) {
      best = tag;
      bestCount = count;
      continue;
    }
    const louder = Number(shouted(tag)) - Number(shouted(best));
    if (
      louder < 0 ||
      (louder === 0 && (count > bestCount || (count === bestCount && tag.localeCompare(best) < 0)))
    ) {
      best = tag;
      bestCount = count;
    }
  }
  if (best === null) throw new Error('a tag has at least one spelling');
  return shouted(best) ? best.toLowerCase() : best;
}

/** The letters and digits of a tag or genre, lower-cased: "Sci-Fi", "sci fi" and "scifi" are one. */
export function tagLetters(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A tag's words, lower-cased; an apostrophe joins its word ("80's" is "80s", as typed most). */
export function tagWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
