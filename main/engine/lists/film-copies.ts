import type { ListData } from './list-data';

/*
 * A film a release lists more than once: ml-100k has 18 films under two item ids each ("Chasing
 * Amy (1997)"), each copy with ratings of its own. The model learns the copies apart, so they sit
 * side by side in every list: "similar to Chasing Amy: Chasing Amy, 100%". No list shows two
 * copies of one film, nor a copy of the film a list is about or of one the person rated.
 */

/**
 * ListData.copies from the source's groups of movieIds: per item, the next copy of its film (a
 * ring through the copies the model knows), −1 for a film listed once; null when every film is.
 */
export function copyRing(
  groups: readonly (readonly number[])[] | undefined,
  itemOf: ReadonlyMap<number, number>,
  nItems: number,
): Int32Array | null {
  let ring: Int32Array | null = null;
  for (const group of groups ?? []) {
    const items = group.map((id) => itemOf.get(id)).filter((i): i is number => i !== undefined);
    if (items.length < 2) continue;
    ring ??= new Int32Array(nItems).fill(-1);
    items.forEach((item, k) => (ring![item] = items[(k + 1) % items.length]));
  }
  return ring;
}

/** The other copies of `item`'s film (none for most films). */
export function otherCopies(data: ListData, item: number): number[] {
  const out: number[] = [];
  const ring = data.copies;
  if (!ring) return out;
  for (let c = ring[item]; c >= 0 && c !== item; c = ring[c]) out.push(c);
  return out;
}

/** `mask` with every copy of a film it sets set too (the mask itself when no film has copies). */
export function withCopies(data: ListData, mask: Uint8Array): Uint8Array {
  const ring = data.copies;
  if (!ring) return mask;
  const out = mask.slice();
  for (let i = 0; i < ring.length; i++)
    if (mask[i] && ring[i] >= 0) for (const c of otherCopies(data, i)) out[c] = mask[i];
  return out;
}

/** −∞ in `scores` for every other copy of `item`'s film (the seed of a similar-movies list). */
export function dropCopiesOf(data: ListData, item: number, scores: Float32Array): void {
  for (const c of otherCopies(data, item)) scores[c] = -Infinity;
}

/**
 * `accept` narrowed to one copy of each film: the copy that would be listed first (the best
 * score, then more dataset ratings, then the lower index) among the copies `accept` takes.
 */
export function oneCopyEach(
  data: ListData,
  scores: ArrayLike<number>,
  accept: (i: number) => boolean,
): (i: number) => boolean {
  const ring = data.copies;
  if (!ring) return accept;
  const popularity = data.itemPopularity;
  const before = (a: number, b: number) =>
    scores[a] > scores[b] ||
    (scores[a] === scores[b] &&
      (popularity[a] > popularity[b] || (popularity[a] === popularity[b] && a < b)));
  return (i) => {
    if (!accept(i)) return false;
    if (ring[i] < 0) return true;
    return otherCopies(data, i).every((c) => !before(c, i) || !accept(c));
  };
}

/** How many films `mask` leaves unset: its unset items, each film's copies counted once. */
export function unsetFilms(data: ListData, mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) n++;
  const ring = data.copies;
  if (!ring) return n;
  for (let i = 0; i < ring.length; i++)
    // every unset copy but the film's first unset one is the same film again
    if (ring[i] >= 0 && mask[i] === 0 && otherCopies(data, i).some((c) => c < i && mask[c] === 0))
      n--;
  return n;
}

/** The film's first copy by index: one key per film, whichever copy is at hand. */
export function filmKey(data: ListData, item: number): number {
  let key = item;
  for (const c of otherCopies(data, item)) key = Math.min(key, c);
  return key;
}
