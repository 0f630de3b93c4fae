import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ImportError } from './errors';
import type { ImportSource } from './sources';

/**
 * A zip archive read in place: the central directory is read once, each entry is streamed
 * (inflated on the fly) when asked for; nothing is unpacked to disk. Entries whose path would
 * escape the archive's folder are refused before anything is read.
 */
export async function openZipSource(file: string): Promise<ImportSource> {
  const name = path.basename(file);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, z) =>
      err || !z ? reject(zipError(name, err)) : resolve(z),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
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
