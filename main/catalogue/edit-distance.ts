/** Rows of the distance table, reused across calls (titles are short; grown when needed). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * How many single-character edits (insert, delete, substitute, swap two neighbours) turn `typed`
 * into the best-matching start of `title` — "godfahter" is 1 from "godfatherpartii" — or
 * `max + 1` as soon as the answer is known to exceed `max`, so a title that differs early costs
 * a few steps.
 */
export function prefixEditDistance(typed: string, title: string, max: number): number {
  const n = typed.length;
  const m = Math.min(title.length, n + max);
  if (n === 0) return 0;
  if (m + 1 > rows[0].length) rows = rows.map(() => new Int32Array(2 * (m + 1)));
  let [before, previous, current] = rows;
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const a = typed.charCodeAt(i - 1);
    const aBefore = i > 1 ? typed.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const b = title.charCodeAt(j - 1);
      let d = previous[j - 1] + (a === b ? 0 : 1);
      if (previous[j] + 1 < d) d = previous[j] + 1;
      if (current[j - 1] + 1 < d) d = current[j - 1] + 1;
      if (j > 1 && a === title.charCodeAt(j - 2) && aBefore === b && before[j - 2] + 1 < d) {
        d = before[j - 2] + 1;
      }
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  let best = max + 1;
  for (let j = Math.max(0, n - max); j <= m; j++) if (previous[j] < best) best = previous[j];
  return best;
}
