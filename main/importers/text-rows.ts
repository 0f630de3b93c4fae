import { ImportError, quoteLine } from './errors';
import { CsvSyntaxError, headerIndex, splitCsvLine } from './fields';
import { readTextLines, type ReadContext } from './read-file';

/** Strict parsing of one text field, failing with the file and line. */
export class RowReader {
  constructor(
    readonly file: string,
    readonly lineNo: number,
    readonly text: string,
  ) {}

  fail(message: string): never {
    throw new ImportError(`${message} in ${quoteLine(this.text)}`, this.file, this.lineNo);
  }

  int(value: string | undefined, what: string): number {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isInteger(n))
      this.fail(`${what} is not a whole number`);
    return n;
  }

  optionalInt(value: string | undefined, what: string): number | null {
    return value === undefined || value.trim() === '' ? null : this.int(value, what);
  }

  /** The line's comma-separated fields; a syntax error fails with the file and line. */
  csvFields(): string[] {
    try {
      return splitCsvLine(this.text);
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
  encoding: BufferEncoding = 'utf8',
): Promise<{ rows: number; columns: Map<string, number> }> {
  let columns = new Map<string, number>();
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
      rows++;
      onRow((column) => fields[positions[column]], row);
    },
    encoding,
  );
  return { rows, columns };
}
