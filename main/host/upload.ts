import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { UploadStore } from '../api/uploads';

/**
 * Streams a dropped file's bytes to a temp file (never whole in memory) and returns the source
 * the import channels accept: `upload:<token>`.
 */
export async function receiveUpload(
  req: IncomingMessage,
  uploads: UploadStore,
  originalName: string,
): Promise<{ source: string; bytes: number }> {
  const { token, file } = uploads.reserve(originalName);
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  try {
    await pipeline(req, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { source: uploads.commit(token, file), bytes };
}
