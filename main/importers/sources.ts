import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ImportError } from './errors';
import { refuseNonTextFile } from './non-text-files';
import { refuseOldExcelWorkbook, refuseWorkbookArchive } from './spreadsheet-files';
import { openZipSource } from './zip-source';

/** The files of a release or an export, wherever they are (a folder or a .zip), read as streams. */
export interface ImportSource {
  /** What the person pointed at. */
  readonly location: string;
  /** File names relative to the release's root folder, with '/' separators. */
  readonly files: string[];
  size(file: string): number | null;
  open(file: string): Promise<Readable>;
  close(): void;
}

const STREAM_CHUNK = 1 << 20;

export async function openSource(location: string): Promise<ImportSource> {
  let stat;
  try {
    stat = await fs.stat(location);
  } catch {
    throw new ImportError(`nothing found at ${location}`);
  }
  if (stat.isDirectory()) return openFolderSource(location);
  const head = await firstBytes(location, 8);
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_SIGNATURE) {
    const zip = await openZipSource(location);
    try {
      refuseWorkbookArchive(location, zip.files);
    } catch (error) {
      zip.close();
      throw error;
    }
    return zip;
  }
  refuseOldExcelWorkbook(location, head);
  refuseNonTextFile(location, head);
  if (location.toLowerCase().endsWith('.zip')) {
    throw new ImportError(
      'not a zip archive (it does not start with a zip signature)',
      path.basename(location),
    );
  }
  return openSingleFileSource(location, stat.size);
}

/** A zip archive's first four bytes, "PK\3\4", read as a little-endian number. */
const ZIP_SIGNATURE = 0x04034b50;

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(n);
    const { bytesRead } = await handle.read(head, 0, n, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function openFolderSource(folder: string): Promise<ImportSource> {
  const files: string[] = [];
  const sizes = new Map<string, number>();
  async function walk(dir: string, prefix: string, depth: number): Promise<void> {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory() && depth < 2)
        await walk(path.join(dir, entry.name), `${rel}/`, depth + 1);
      else if (entry.isFile()) {
        files.push(rel);
        sizes.set(rel, (await fs.stat(path.join(dir, entry.name))).size);
      }
    }
  }
  await walk(folder, '', 0);
  files.sort();
  return {
    location: folder,
    files,
    size: (file) => sizes.get(file) ?? null,
    open: async (file) =>
      createReadStream(path.join(folder, file), { highWaterMark: STREAM_CHUNK }),
    close: () => {},
  };
}

function openSingleFileSource(file: string, size: number): ImportSource {
  const name = path.basename(file);
  return {
    location: file,
    files: [name],
    size: () => size,
    open: async () => createReadStream(file, { highWaterMark: STREAM_CHUNK }),
    close: () => {},
  };
}

/**
 * Finds the folder inside a source that holds all of `names` (a release zipped with or without
 * its top folder) and returns a resolver from bare names to paths in the source, or null.
 */
export function findRoot(source: ImportSource, names: string[]): ((name: string) => string) | null {
  const byFolder = new Map<string, Set<string>>();
  for (const file of source.files) {
    const slash = file.lastIndexOf('/');
    const folder = slash === -1 ? '' : file.slice(0, slash + 1);
    const base = file.slice(slash + 1).toLowerCase();
    if (!byFolder.has(folder)) byFolder.set(folder, new Set());
    byFolder.get(folder)!.add(base);
  }
  const folders = [...byFolder.keys()].sort((a, b) => a.length - b.length);
  for (const folder of folders) {
    const present = byFolder.get(folder)!;
    if (names.every((n) => present.has(n.toLowerCase()))) {
      return (name) => {
        const match = source.files.find((f) => f.toLowerCase() === (folder + name).toLowerCase());
        return match ?? folder + name;
      };
    }
  }
  return null;
}
