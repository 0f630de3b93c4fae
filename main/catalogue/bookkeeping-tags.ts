/**
 * Words that mark a viewer's own bookkeeping, where they keep, got or queued a film ("In Netflix
 * queue", "DVD-R", "TiVo"), not what the film is.
 */
const KEEPING_WORDS = new Set([
  'netflix',
  'tivo',
  'queue',
  'queued',
  'watchlist',
  'dvd',
  'dvds',
  'dvdr',
  'vhs',
  'bd',
  'bluray',
  'ripped',
]);

/** Whether they saw it, want to, or own it: "seen more than once", "not seen", "to see", "own it". */
const VIEWING_NOTE =
  /^(not )?(seen|watched)( |$)|(^| )to (see|watch)$|^(i )?own(ed)?( it)?$|^my (dvds?|movies|collection)( |$)|(^| )blu ray( |$)/;

/**
 * Whether a tag, as its lower-cased words joined by single spaces, is a viewer's bookkeeping
 * rather than something about the film: 131 of ml-latest-small's movies are tagged "In Netflix
 * queue" by one viewer, and for 109 of them it is their only tag.
 */
export function isBookkeepingTag(key: string): boolean {
  return key.split(' ').some((word) => KEEPING_WORDS.has(word)) || VIEWING_NOTE.test(key);
}
