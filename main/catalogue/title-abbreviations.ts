/**
 * Words titles shorten and people write out, or the other way round: "Dr. Strangelove" for
 * "doctor strangelove", "St. Elmo's Fire" for "saint elmo's fire", "Kill Bill: Vol. 2" for
 * "kill bill volume 2", "Doctor Zhivago" for "dr zhivago".
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['dr', 'doctor'],
  ['st', 'saint'],
  ['mr', 'mister'],
  ['vol', 'volume'],
  ['vs', 'versus'],
];

const OTHER = new Map<string, string>(
  PAIRS.flatMap(([a, b]) => [[a, b] as const, [b, a] as const]),
);

/** The word's other form ("dr" gives "doctor", "volume" gives "vol"), or null. */
export function otherAbbreviationForm(word: string): string | null {
  return OTHER.get(word.toLowerCase()) ?? null;
}
