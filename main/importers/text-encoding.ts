import { isUtf8 } from 'node:buffer';

/*
 * An export opened and saved again by a spreadsheet comes back in the spreadsheet's encoding:
 * Excel on Windows saves "CSV" in Windows-1252 ("Amélie" with the single byte E9) and "Unicode
 * text" in UTF-16 with a byte order mark. Read as UTF-8, the first turned accented titles into
 * "Am�lie" (never found in the catalogue), the second into NUL bytes ("binary data").
 */

const windows1252 = new TextDecoder('windows-1252');

/** A line's text: UTF-8 where its bytes are UTF-8, else Windows-1252 (a spreadsheet's "ANSI"). */
export function exportLineText(buf: Buffer, start: number, end: number): string {
  const bytes = buf.subarray(start, end);
  return isUtf8(bytes) ? bytes.toString('utf8') : windows1252.decode(bytes);
}

/**
 * The stream's bytes as UTF-8: UTF-16 text (told by its byte order mark, which is dropped) is
 * decoded chunk by chunk; any other stream passes unchanged. `read.bytes` counts the stream's
 * own bytes.
 */
export async function* utf16AsUtf8(
  stream: AsyncIterable<Buffer>,
  read: { bytes: number },
): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | null | undefined;
  for await (const chunk of stream) {
    read.bytes += chunk.length;
    if (decoder === undefined) {
      const little = chunk[0] === 0xff && chunk[1] === 0xfe;
      const big = chunk[0] === 0xfe && chunk[1] === 0xff;
      decoder = little || big ? new TextDecoder(little ? 'utf-16le' : 'utf-16be') : null;
    }
    yield decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk;
  }
  const rest = decoder?.decode() ?? '';
  if (rest) yield Buffer.from(rest, 'utf8');
}
