import type { RowReader } from './text-rows';

/**
 * A personal export is one person's ratings. A file with a userId column (a MovieLens
 * ratings.csv) passes when every row has the same userId, or when `picked` names the one
 * person to take (the others' rows are left out); a second person otherwise fails the import.
 */
export class OnePerson {
  private first: { userId: string; line: number } | null = null;

  constructor(readonly picked?: number) {}

  /** Whether the row belongs to the person imported; `userId` is the row's userId field. */
  keeps(userId: string | undefined, row: RowReader): boolean {
    if (userId === undefined) return true;
    if (this.picked !== undefined) return row.int(userId, 'userId') === this.picked;
    const id = userId.trim();
    if (this.first === null) this.first = { userId: id, line: row.lineNo };
    else if (id !== this.first.userId) {
      row.fail(
        `the file holds more than one person's ratings (userId ${this.first.userId} on line ` +
          `${this.first.line}, userId ${id} here): it is not a personal export; import it as a ` +
          'release, or pick one person with userId',
      );
    }
    return true;
  }
}
