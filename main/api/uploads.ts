import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiError } from '../../shared/api';

const UPLOAD_PREFIX = 'upload:';

/** Whether a source names an upload (`upload:<token>`) rather than a path. */
export function isUploadSource(source: string): boolean {
  return source.startsWith(UPLOAD_PREFIX);
}

/**
 * Files a browser dropped, streamed by the host into a private temp folder. The import channels
 * accept `upload:<token>` as their source; a token names a file only this run has written.
 */
export class UploadStore {
  private dir: string | null = null;
  private readonly files = new Map<string, string>();

  /** A fresh path to write an upload to, and the token that will name it once written. */
  reserve(originalName: string): { token: string; file: string } {
    this.dir ??= mkdtempSync(path.join(tmpdir(), 'movie-assistant-uploads-'));
    const token = randomBytes(12).toString('hex');
    const safeName =
      path
        .basename(originalName)
        .replace(/[^\w.\- ]+/g, '_')
        .slice(-120) || 'upload';
    // A folder per upload keeps the file's own name, which imports and their journal show.
    const folder = path.join(this.dir, token);
    mkdirSync(folder, { mode: 0o700 });
    return { token, file: path.join(folder, safeName) };
  }

  /** Removes an upload that failed part way, with its folder. */
  discard(file: string): void {
    if (this.dir && path.dirname(path.dirname(file)) === this.dir)
      rmSync(path.dirname(file), { recursive: true, force: true });
  }

  commit(token: string, file: string): string {
    this.files.set(token, file);
    return `${UPLOAD_PREFIX}${token}`;
  }

  /** The path an import should read: an upload's temp file, or the source as given. */
  resolve(source: string): string {
    if (!isUploadSource(source)) return source;
    const file = this.files.get(source.slice(UPLOAD_PREFIX.length));
    if (!file) throw new ApiError('not-found', `No uploaded file ${source}: upload it again`);
    return file;
  }

  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.files.clear();
  }
}
