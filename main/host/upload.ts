import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadStore } from '../api/uploads';

/** The largest upload accepted: above the biggest MovieLens release zip (ml-32m, ~240 MB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** An upload over the limit; the host answers 413 with this message. */
export class UploadTooLargeError extends Error {
  readonly status = 413;

  constructor(
    readonly fileName: string,
    readonly limit: number,
  ) {
    super(
      `${fileName} is larger than ${formatBytes(limit)}, the most an upload may be; ` +
        'import a file this large from its path instead',
    );
    this.name = 'UploadTooLargeError';
  }
}

/**
 * Streams a dropped file's bytes to a temp file (never whole in memory) and returns the source
 * the import channels accept: `upload:<token>`. An upload over `maxBytes` (by its
 * Content-Length, or once that many bytes have arrived) is refused and its partial file removed.
 */
export async function receiveUpload(
  req: IncomingMessage,
  uploads: UploadStore,
  originalName: string,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<{ source: string; bytes: number }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new UploadTooLargeError(originalName, maxBytes);
  const { token, file } = uploads.reserve(originalName);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new UploadTooLargeError(originalName, maxBytes));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    uploads.discard(file);
    throw error;
  }
  return { source: uploads.commit(token, file), bytes };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}
