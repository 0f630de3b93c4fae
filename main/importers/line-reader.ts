import { throwIfImportCancelled } from './errors';

/**
 * Called once per line with the bytes of the line (BOM and CR/LF removed) as
 * `buf[start..end)`; `lineNo` counts from 1. The buffer is only valid during the call.
 * `unterminated` is true only for a last line that has no line end (the file may be cut short).
 */
export type LineHandler = (
  buf: Buffer,
  start: number,
  end: number,
  lineNo: number,
  unterminated?: boolean,
) => void;

export interface ReadLinesOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytes: number) => void;
  /** Called after each chunk; reading waits for the promise it returns, if any. */
  pause?: () => Promise<void> | undefined;
  /** The longest line accepted, in bytes (MAX_LINE_BYTES unless given). */
  maxLineBytes?: number;
}

/** No line of any MovieLens file or export comes near this; a longer one is refused. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Thrown by readLines for a line over the limit; readFileLines adds the file name. */
export class LineTooLongError extends Error {
  constructor(
    readonly lineNo: number,
    readonly limit: number,
  ) {
    super(
      `the line is longer than ${limit.toLocaleString('en-US')} bytes; this is not a MovieLens file or ratings export (or it is damaged)`,
    );
    this.name = 'LineTooLongError';
  }
}

const LF = 10;
const CR = 13;

/**
 * Streams lines out of a byte stream without holding more than one chunk (plus a partial line
 * of at most `maxLineBytes`) in memory. Lines end with LF, CRLF, or (old Mac files) a lone CR:
 * the first line end seen decides which. Lines are handed over as byte ranges so hot paths can
 * parse numbers without decoding strings. Returns the number of lines.
 */
export async function readLines(
  stream: AsyncIterable<Buffer | string>,
  onLine: LineHandler,
  options: ReadLinesOptions = {},
): Promise<number> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  let carry: Buffer | null = null;
  let lineNo = 0;
  let bytes = 0;
  let first = true;
  /** LF (also for CRLF) or CR; null until the first line end is seen. */
  let eol: number | null = null;
  for await (const piece of stream) {
    throwIfImportCancelled(options.signal);
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    bytes += chunk.length;
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let pos = 0;
    if (first && buf.length >= 3) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    eol ??= lineEnd(buf, pos);
    let nl = eol === null ? -1 : buf.indexOf(eol, pos);
    while (nl !== -1) {
      const end = eol === LF && nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      if (end - pos > maxLine) throw new LineTooLongError(lineNo + 1, maxLine);
      onLine(buf, pos, end, ++lineNo);
      pos = nl + 1;
      nl = buf.indexOf(eol!, pos);
    }
    if (buf.length - pos > maxLine + 1) throw new LineTooLongError(lineNo + 1, maxLine);
    carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : null;
    options.onBytes?.(bytes);
    const paused = options.pause?.();
    if (paused) await paused;
  }
  throwIfImportCancelled(options.signal);
  if (carry && carry.length > 0) {
    let start = 0;
    if (first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf)
      start = 3;
    const end = carry[carry.length - 1] === CR ? carry.length - 1 : carry.length;
    if (end - start > maxLine) throw new LineTooLongError(lineNo + 1, maxLine);
    if (end > start) onLine(carry, start, end, ++lineNo, end === carry.length);
  }
  return lineNo;
}

/**
 * Which byte ends lines, from the first line end in `buf`: LF (LF or CRLF files) or CR (a CR
 * not followed by LF); null when there is none yet, or a CR is the chunk's last byte.
 */
function lineEnd(buf: Buffer, from: number): number | null {
  const lf = buf.indexOf(LF, from);
  const cr = buf.indexOf(CR, from);
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 ? null : LF;
  if (cr + 1 >= buf.length) return null;
  return buf[cr + 1] === LF ? LF : CR;
}
