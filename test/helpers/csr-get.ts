import type { RatingsCsr } from '../../main/core/ratings-csr';

/** Binary search of column `col` in row `r`; the rating in stars, or NaN when absent. */
export function csrGet(m: RatingsCsr, r: number, col: number): number {
  let lo = m.start[r];
  let hi = m.start[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.cols[mid];
    if (c === col) return m.halfStars[mid] / 2;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return NaN;
}
