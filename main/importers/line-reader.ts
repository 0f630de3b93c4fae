import { throwIfAborted } from './errors';

/**
 * Called once per line with the bytes of the line (BOM and CR/LF removed) as
 * `buf[start..end)`; `lineNo` counts from 1. The buffer is only valid during the call.
 */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number) => void;

export interface ReadLinesOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytes: number) => void;
  /** Called after each chunk; reading waits for the promise it returns, if any. */
  pause?: () => Promise<void> | undefined;
}

const LF = 10;
const CR = 13;

/**
 * Streams lines out of a byte stream without holding more than one chunk (plus a partial line)
 * in memory. Lines are handed over as byte ranges so hot paths can parse numbers without
 * decoding strings. Returns the number of lines.
 */
export async function readLines(
  stream: AsyncIterable<Buffer | string>,
  onLine: LineHandler,
  options: ReadLinesOptions = {},
): Promise<number> {
  let carry: Buffer | null = null;
  let lineNo = 0;
  let bytes = 0;
  let first = true;
  for await (const piece of stream) {
    throwIfAborted(options.signal);
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    bytes += chunk.length;
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let pos = 0;
    if (first && buf.length >= 3) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    let nl = buf.indexOf(LF, pos);
    while (nl !== -1) {
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      onLine(buf, pos, end, ++lineNo);
      pos = nl + 1;
      nl = buf.indexOf(LF, pos);
    }
    carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : null;
    options.onBytes?.(bytes);
    const paused = options.pause?.();
    if (paused) await paused;
  }
  throwIfAborted(options.signal);
  if (carry && carry.length > 0) {
    let start = 0;
    if (first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf)
      start = 3;
    const end = carry[carry.length - 1] === CR ? carry.length - 1 : carry.length;
    if (end > start) onLine(carry, start, end, ++lineNo);
  }
  return lineNo;
}
