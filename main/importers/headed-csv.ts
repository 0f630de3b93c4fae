import { ImportError } from './errors';
import { csvSeparatorOf, extraFieldsProblem, headerIndex } from './fields';
import { readTextLines, type ReadContext } from './read-file';
import { slashedDateOrder } from './slashed-dates';
import { RowReader } from './text-rows';

/** A data row's field by its header name (normalised, as headerIndex gives them). */
export type FieldGetter = (name: string) => string | undefined;

/**
 * Reads a CSV file whose first non-blank line is its header. `readHeader` turns the header's
 * columns into what reads the rows (a layout), or refuses them by throwing; `onRow` sees each
 * data row with it. Returns the layout; a file without a header is refused as empty, naming it.
 * The header also tells the separator: a spreadsheet may have saved the file with semicolons.
 */
export async function readHeadedCsv<Layout>(
  ctx: ReadContext,
  file: string,
  readHeader: (columns: Map<string, number>, fields: string[]) => Layout,
  onRow: (layout: Layout, get: FieldGetter, row: RowReader) => void,
): Promise<Layout> {
  const read: {
    header?: { layout: Layout; columns: Map<string, number>; sep: string; length: number };
  } = {};
  const slashedDates = await slashedDateOrder(ctx, file);
  await readTextLines(
    ctx,
    file,
    (text, lineNo) => {
      if (text.trim() === '') return;
      const row = new RowReader(file, lineNo, text, slashedDates);
      if (!read.header) {
        const sep = csvSeparatorOf(text);
        const fields = row.csvFields(sep);
        const columns = headerIndex(fields);
        read.header = { layout: readHeader(columns, fields), columns, sep, length: fields.length };
        return;
      }
      const { columns, layout, sep, length } = read.header;
      const fields = row.csvFields(sep);
      const extra = extraFieldsProblem(fields, length, sep);
      if (extra !== null)
        row.fail(
          sep === ',' && hasRatings(columns)
            ? `${extra} (a rating is written 4.5, not 4,5)`
            : extra,
        );
      onRow(
        layout,
        (name) => {
          const at = columns.get(name);
          return at === undefined ? undefined : fields[at];
        },
        row,
      );
    },
    'export',
  );
  if (!read.header) throw new ImportError('the file is empty', file);
  return read.header.layout;
}

/** Whether a header has a column of ratings (the person's, or IMDb's own), which a decimal comma splits. */
function hasRatings(columns: Map<string, number>): boolean {
  return [...columns.keys()].some((name) => name.includes('rating'));
}
