import { ratingsCsr, type RatingsCsr } from '../../main/core/ratings-csr';
import type { ListSplit } from '../../main/engine/validation/list-split';

/** Protocol D's figures of one list, by metric. */
export type Figures = Record<string, number>;

/** One printed line of protocol D's main figures, the name padded to `width`. */
export function dLine(name: string, f: Figures, width: number): string {
  return `  ${name.padEnd(width)}${['tail-p@10', 'p@10', 'hr@10', 'coverage']
    .map((m) => `${m} ${f[m].toFixed(4)}`)
    .join('  ')}`;
}

/** A split's training ratings by user and by item, as the app's list data holds a dataset's. */
export function splitRatings(split: ListSplit): { byUser: RatingsCsr; byItem: RatingsCsr } {
  const rows: number[] = [];
  const cols: number[] = [];
  const halfStars: number[] = [];
  split.histories.forEach((h, u) =>
    h.items.forEach((i, t) => {
      rows.push(u);
      cols.push(i);
      halfStars.push(Math.round(h.ratings[t] * 2));
    }),
  );
  const r = Int32Array.from(rows);
  const c = Int32Array.from(cols);
  const v = Uint8Array.from(halfStars);
  return { byUser: ratingsCsr(split.nUsers, r, c, v), byItem: ratingsCsr(split.nItems, c, r, v) };
}
