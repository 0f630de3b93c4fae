import { ImportCancelledError, ImportError } from './errors';
import { LineTooLongError, readLines, type LineHandler } from './line-reader';
import type { ProgressMeter } from './progress';
import type { ImportSource } from './sources';
import { exportLineText, utf16AsUtf8 } from './text-encoding';

export interface ReadContext {
  source: ImportSource;
  meter: ProgressMeter;
  signal?: AbortSignal;
  /** Parse the ratings file on a second thread (big files); see readRatingFile(). */
  ratingsThread?: boolean;
  /** Awaited after each chunk read: lets a consumer that is behind hold the reading back. */
  pause?: () => Promise<void> | undefined;
}

/**
 * Streams one file of the source line by line, reporting bytes to the progress meter. Any
 * failure that is not already an ImportError (a corrupt zip entry, a read error) becomes one
 * naming the file.
 */
export async function readFileLines(
  ctx: ReadContext,
  file: string,
  onLine: LineHandler,
  /** An export's text, which may be UTF-16 (text-encoding.ts). */
  exportText = false,
): Promise<number> {
  ctx.meter.startFile(file);
  try {
    const stream = await ctx.source.open(file);
    try {
      // progress counts the file's own bytes, which UTF-16 text has twice as many of
      const read = { bytes: 0 };
      return await readLines(exportText ? utf16AsUtf8(stream, read) : stream, onLine, {
        signal: ctx.signal,
        onBytes: (bytes) => ctx.meter.fileBytesRead(exportText ? read.bytes : bytes),
        pause: ctx.pause,
      });
    } finally {
      stream.destroy();
    }
  } catch (err) {
    if (err instanceof ImportError || err instanceof ImportCancelledError) throw err;
    if (err instanceof LineTooLongError) throw new ImportError(err.message, file, err.lineNo);
    const reason = err instanceof Error ? err.message : String(err);
    throw new ImportError(
      `could not be read (${reason}); the file may be truncated or damaged`,
      file,
    );
  }
}

/**
 * Reads a text file as decoded lines; `encoding` is 'latin1' for ml-100k's u.item, 'export' for
 * a person's export (UTF-8, or what a spreadsheet saved it in: text-encoding.ts), else UTF-8.
 */
export function readTextLines(
  ctx: ReadContext,
  file: string,
  onLine: (text: string, lineNo: number) => void,
  encoding: 'utf8' | 'latin1' | 'export' = 'utf8',
): Promise<number> {
  return readFileLines(
    ctx,
    file,
    (buf, start, end, lineNo) => {
      const text =
        encoding === 'export'
          ? exportLineText(buf, start, end)
          : buf.toString(encoding, start, end);
      if (text.includes('\0'))
        throw new ImportError('the line holds a NUL byte (binary data, not text)', file, lineNo);
      onLine(text, lineNo);
    },
    encoding === 'export',
  );
}

/**
 * Reads a file's first lines as an export's text, apart from the import and its progress, until
 * `onLine` returns true. A file that cannot be opened or read gives no lines: the import's own
 * reading of it says what is wrong.
 */
export async function peekLines(
  source: ImportSource,
  file: string,
  onLine: (text: string, lineNo: number) => boolean,
): Promise<void> {
  const stream = await source.open(file).catch(() => null);
  if (!stream) return;
  const enough = new Error('enough');
  try {
    await readLines(utf16AsUtf8(stream, { bytes: 0 }), (buf, start, end, lineNo) => {
      if (onLine(exportLineText(buf, start, end), lineNo)) throw enough;
    });
  } catch {
    // enough read, or unreadable
  } finally {
    stream.destroy();
  }
}
