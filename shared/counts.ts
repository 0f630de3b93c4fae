const integer = new Intl.NumberFormat('en');

/** A count as people read it: 100,836. */
export function formatCount(n: number): string {
  return integer.format(Math.round(n));
}

/** A count with its word: "1 rating", "2,048 ratings". */
export function countOf(n: number, word: string): string {
  return `${formatCount(n)} ${n === 1 ? word : `${word}s`}`;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "A", "A and B", "A, B and C" (or "… or C"): a list as a sentence says it. */
export function spokenList(items: readonly string[], last: 'and' | 'or' = 'and'): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
