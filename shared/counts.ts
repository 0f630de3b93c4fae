const integer = new Intl.NumberFormat('en');

/** A count as people read it: 100,836. */
export function formatCount(n: number): string {
  return integer.format(Math.round(n));
}

/** A count with its word: "1 rating", "2,048 ratings". */
export function countOf(n: number, word: string): string {
  return `${formatCount(n)} ${n === 1 ? word : `${word}s`}`;
}
