/**
 * Field splitting shared by every importer: a byte-level numeric splitter for the big rating
 * files (no strings, no regex per line) and a quote-aware CSV splitter for text files.
 */

/**
 * Parses numeric fields separated by `sep` repeated `sepLength` times ("\t", ",", "::") from
 * `buf[start..end)` into `out`. Returns how many fields the line has (more than `out.length`
 * when it goes on past them; empty ones at its end are not counted), or -(i + 1) when field i is
 * not a number.
 */
export function parseNumericFields(
  buf: Buffer,
  start: number,
  end: number,
  sep: number,
  sepLength: number,
  out: Float64Array,
): number {
  let pos = start;
  let field = 0;
  const wanted = out.length;
  while (field < wanted) {
    let negative = false;
    if (pos < end && buf[pos] === 45) {
      negative = true;
      pos++;
    }
    let value = 0;
    let digits = 0;
    let c = 0;
    while (pos < end && (c = buf[pos]) >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      pos++;
      digits++;
    }
    if (pos < end && buf[pos] === 46) {
      pos++;
      let scale = 0.1;
      while (pos < end && (c = buf[pos]) >= 48 && c <= 57) {
        value += (c - 48) * scale;
        scale *= 0.1;
        pos++;
        digits++;
      }
    }
    if (digits === 0) return -(field + 1);
    out[field++] = negative ? -value : value;
    if (pos >= end) return field;
    for (let i = 0; i < sepLength; i++) {
      // Text right after the digits ("1e20") is this field's; half a separator, the next one's.
      if (pos >= end || buf[pos] !== sep) return i === 0 ? -field : -field - 1;
      pos++;
    }
  }
  return field + fieldsFrom(buf, pos, end, sep, sepLength);
}

/**
 * How many fields `buf[pos..end)` holds, separated by `sep` repeated `sepLength` times; none when
 * it is only separators (empty fields, as a spreadsheet may leave at a line's end).
 */
function fieldsFrom(buf: Buffer, pos: number, end: number, sep: number, sepLength: number): number {
  let count = 1;
  let text = false;
  for (let run = 0; pos < end; pos++) {
    run = buf[pos] === sep ? run + 1 : 0;
    if (buf[pos] !== sep) text = true;
    if (run === sepLength) {
      count++;
      run = 0;
    }
  }
  return text ? count : 0;
}

/** Thrown by splitCsvLine; the importer adds the file and line. */
export class CsvSyntaxError extends Error {}

/**
 * Splits one CSV line into fields. Fields may be quoted ("Heat, The", "say ""hi""");
 * separators inside quotes are kept. Unquoted fields are returned as they are.
 */
export function splitCsvLine(line: string, sep = ','): string[] {
  const fields: string[] = [];
  let pos = 0;
  const n = line.length;
  for (;;) {
    if (pos < n && line.charCodeAt(pos) === 34) {
      let value = '';
      let from = pos + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) throw new CsvSyntaxError('a quoted field is not closed');
        if (line.charCodeAt(quote + 1) === 34) {
          value += line.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += line.slice(from, quote);
        pos = quote + 1;
        break;
      }
      fields.push(value);
      if (pos >= n) return fields;
      if (line[pos] !== sep) throw new CsvSyntaxError(`unexpected text after a quoted field`);
      pos++;
    } else {
      const next = line.indexOf(sep, pos);
      if (next === -1) {
        fields.push(line.slice(pos));
        return fields;
      }
      fields.push(line.slice(pos, next));
      pos = next + sep.length;
    }
  }
}

const SEPARATOR_WORDS: Record<string, string> = {
  ',': 'a comma',
  ';': 'a semicolon',
  '\t': 'a tab',
};

/**
 * Why a row has more fields than its header names, or null when it has not: a value holding the
 * separator was not quoted, so the row split where it should not and every field after it moved.
 * Empty fields past the header's (a trailing separator) are no such problem.
 */
export function extraFieldsProblem(
  fields: string[],
  headerLength: number,
  sep: string,
): string | null {
  if (fields.length <= headerLength) return null;
  if (fields.slice(headerLength).every((f) => f.trim() === '')) return null;
  const separator = SEPARATOR_WORDS[sep] ?? JSON.stringify(sep);
  return `${fields.length} fields where the header names ${headerLength}: a value with ${separator} in it must be in double quotes`;
}

/**
 * The separator of a CSV file, told by its header: a comma, or a semicolon or tab where the
 * header has no comma (a spreadsheet set to a language that writes decimal commas saves so).
 */
export function csvSeparatorOf(header: string): string {
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

/** Column positions by header name, case- and space-insensitive ("Your Rating" = "your_rating"). */
export function headerIndex(header: string[]): Map<string, number> {
  const map = new Map<string, number>();
  header.forEach((name, i) => map.set(normaliseHeader(name), i));
  return map;
}

export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}
