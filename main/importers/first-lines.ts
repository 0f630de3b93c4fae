import type { RowReader } from './text-rows';

/**
 * Remembers the line each id of a list was first seen on, so that an id listed twice (a movie
 * list with two rows for one movieId) is refused naming both lines.
 */
export class FirstLines {
  private readonly lines = new Map<number, number>();

  constructor(private readonly what: string) {}

  /** Returns `id`, or fails on `row` when an earlier line already had it. */
  check(id: number, row: RowReader): number {
    const first = this.lines.get(id);
    if (first !== undefined)
      row.fail(`${this.what} ${id} is listed twice (first on line ${first})`);
    this.lines.set(id, row.lineNo);
    return id;
  }
}
