import { ImportError } from './errors';
import { CsvSyntaxError, extraFieldsProblem, headerIndex, splitCsvLine } from './fields';
import { MAX_TIMESTAMP } from './rating-lines';
import { readTextLines, type ReadContext } from './read-file';
import type { SlashedDateOrder } from './slashed-dates';

/** Ids above this are refused (movie ids are stored as 32-bit integers while importing). */
export const MAX_ID = 2 ** 31 - 1;
/** The longest title or tag accepted (MovieLens titles stay under 200 characters). */
export const MAX_TEXT = 1000;

/** Strict parsing of one text field, failing with the file and line. */
export class RowReader {
  constructor(
    readonly file: string,
    readonly lineNo: number,
    readonly text: string,
    /** Which way round the file writes dates with slashes, where it tells (slashed-dates.ts). */
    readonly slashedDates: SlashedDateOrder | null = null,
  ) {}

  fail(message: string): never {
    throw new ImportError(message, this.file, this.lineNo);
  }

  int(value: string | undefined, what: string): number {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isInteger(n))
      this.fail(`${what} is not a whole number`);
    return n;
  }

  /** A movie, user or item id: a whole number from 1 to `max` (movie ids fit SQLite and Int32). */
  id(value: string | undefined, what: string, max = MAX_ID): number {
    const n = this.int(value, what);
    if (n < 1 || n > max)
      this.fail(`${what} ${value!.trim()} is not an id (a whole number from 1 to ${max})`);
    return n;
  }

  /** Seconds since 1970, before 2100. */
  timestamp(value: string | undefined, what: string): number {
    const n = this.int(value, what);
    if (n < 0 || n >= MAX_TIMESTAMP)
      this.fail(`${what} ${value!.trim()} is not a time (whole seconds since 1970, before 2100)`);
    return n;
  }

  /** A title or tag: text without control characters, at most MAX_TEXT characters. */
  textField(value: string | undefined, what: string): string {
    const text = value ?? '';
    if (text.length > MAX_TEXT)
      this.fail(`the ${what} is ${text.length} characters long (at most ${MAX_TEXT})`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text))
      this.fail(`the ${what} holds control characters (binary data?)`);
    return text;
  }

  optionalInt(value: string | undefined, what: string): number | null {
    return value === undefined || value.trim() === '' ? null : this.int(value, what);
  }

  /** The line's fields (comma-separated unless told); a syntax error fails with the file and line. */
  csvFields(sep = ','): string[] {
    try {
      return splitCsvLine(this.text, sep);
    } catch (err) {
      if (err instanceof CsvSyntaxError) this.fail(err.message);
      throw err;
    }
  }
}

/**
 * Reads a CSV file with a header row, giving each row's fields by column name. `required`
 * lists alternative spellings per column (normalised: lower case, no spaces or underscores).
 */
export async function readCsvRows(
  ctx: ReadContext,
  file: string,
  required: string[][],
  onRow: (get: (column: number) => string | undefined, row: RowReader) => void,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<{ rows: number; columns: Map<string, number> }> {
  let columns = new Map<string, number>();
  let headerLength = 0;
  let positions: number[] = [];
  let rows = 0;
  await readTextLines(
    ctx,
    file,
    (text, lineNo) => {
      if (text.trim() === '') return;
      const row = new RowReader(file, lineNo, text);
      const fields = row.csvFields();
      if (positions.length === 0 && columns.size === 0) {
        columns = headerIndex(fields);
        headerLength = fields.length;
        positions = required.map((names) => {
          const at = names.map((n) => columns.get(n)).find((i) => i !== undefined);
          if (at === undefined) {
            row.fail(
              `the header has no column ${names[0]} (expected columns: ${required.map((r) => r[0]).join(', ')})`,
            );
          }
          return at!;
        });
        return;
      }
      if (fields.length < columns.size) {
        row.fail(`expected ${columns.size} comma-separated fields, found ${fields.length}`);
      }
      const extra = extraFieldsProblem(fields, headerLength, ',');
      if (extra !== null) row.fail(extra);
      rows++;
      onRow((column) => fields[positions[column]], row);
    },
    encoding,
  );
  return { rows, columns };
}
