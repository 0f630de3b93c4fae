import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ImportError } from './errors';
import type { ImportSource } from './sources';

/** Bounds on what an archive may unpack to: a zip bomb is refused before anything is read. */
export interface ZipLimits {
  /** Total uncompressed bytes of all entries (ml-32m unpacks to about 1 GB). */
  maxTotalBytes: number;
  /** Uncompressed / compressed size of one entry (CSV text deflates about 4:1). */
  maxRatio: number;
  /** Entries smaller than this are not held to maxRatio (tiny files compress oddly). */
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 8 * 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

/**
 * A zip archive read in place: the central directory is read once, each entry is streamed
 * (inflated on the fly) when asked for; nothing is unpacked to disk. Entries whose path would
 * escape the archive's folder, symbolic links, and archives that would unpack to more than
 * `limits` allow are refused before anything is read (yauzl checks that entries inflate to
 * the sizes they declare).
 */
export async function openZipSource(
  file: string,
  limits: ZipLimits = ZIP_LIMITS,
): Promise<ImportSource> {
  const name = path.basename(file);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, z) =>
      err || !z ? reject(zipError(name, err)) : resolve(z),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  let totalBytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const entryName = entry.fileName.replace(/\\/g, '/');
        if (escapes(entryName)) {
          reject(
            new ImportError(
              `zip entry "${entry.fileName}" points outside the archive; refusing to read it`,
              name,
            ),
          );
          return;
        }
        const refused = isSymlink(entry)
          ? `zip entry "${entry.fileName}" is a symbolic link; refusing to follow it`
          : tooBig(entry, (totalBytes += entry.uncompressedSize), limits);
        if (refused) {
          reject(new ImportError(refused, name));
          return;
        }
        if (!entryName.endsWith('/')) entries.set(entryName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(zipError(name, err)));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  const files = [...entries.keys()].sort();
  return {
    location: file,
    files,
    size: (f) => entries.get(f)?.uncompressedSize ?? null,
    open: (f) =>
      new Promise<Readable>((resolve, reject) => {
        const entry = entries.get(f);
        if (!entry) return reject(new ImportError(`no entry ${f} in the archive`, name));
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(zipError(`${name}/${f}`, err));
          stream.on('error', () => {}); // errors surface through iteration
          resolve(stream);
        });
      }),
    close: () => zip.close(),
  };
}

/** Unix mode bits live in the high half of the external attributes; 0o120000 is a link. */
function isSymlink(entry: yauzl.Entry): boolean {
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  return mode === 0o120000;
}

function tooBig(entry: yauzl.Entry, totalBytes: number, limits: ZipLimits): string | null {
  if (totalBytes > limits.maxTotalBytes) {
    return `the archive unpacks to more than ${gib(limits.maxTotalBytes)} (at entry "${entry.fileName}"); refusing to read it`;
  }
  const size = entry.uncompressedSize;
  if (size >= limits.ratioFloorBytes && size > limits.maxRatio * entry.compressedSize) {
    const ratio = Math.round(size / Math.max(1, entry.compressedSize));
    return `zip entry "${entry.fileName}" unpacks to ${ratio} times its packed size (over ${limits.maxRatio}); it is not a MovieLens file (a zip bomb?), refusing to read it`;
  }
  return null;
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes} bytes`;
}

function escapes(entryName: string): boolean {
  if (entryName.startsWith('/') || /^[a-zA-Z]:/.test(entryName)) return true;
  return entryName.split('/').some((part) => part === '..');
}

function zipError(name: string, err: Error | null | undefined): ImportError {
  const reason = err?.message ?? 'unknown error';
  if (/invalid relative path|absolute path/i.test(reason)) {
    return new ImportError(
      `a zip entry points outside the archive (${reason}); refusing to read it`,
      name,
    );
  }
  return new ImportError(
    `cannot read the zip archive (${reason}); the file may be truncated or not a zip`,
    name,
  );
}
