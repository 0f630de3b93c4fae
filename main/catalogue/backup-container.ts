import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import {
  constants as zlibConstants,
  createBrotliCompress,
  createBrotliDecompress,
} from 'node:zlib';

/**
 * The backup file: one container holding files, with checksums.
 *
 *   MAGIC (24 bytes) | header length (uint32, big-endian) | header (JSON) | entries' bytes | sha256
 *
 * The header lists each entry's name, size and sha256 in the order of their bytes; the last 32
 * bytes are the sha256 of everything before them. A reader checks that checksum before it
 * trusts anything in the file, then each entry's own.
 *
 * An entry with `encoding: 'br'` is stored Brotli-compressed in `storedSize` bytes; its size and
 * sha256 are those of the bytes it expands to. Entries without an encoding (every backup written
 * before compression) are stored as they are.
 */
const MAGIC = Buffer.from('MOVIE-ASSISTANT-BACKUP/1\n', 'latin1').subarray(0, 24);
const LENGTH_BYTES = 4;
const CHECKSUM_BYTES = 32;
const MAX_HEADER = 16 * 1024 * 1024;

export interface ContainerEntry {
  /** A relative name with forward slashes, e.g. "catalogue.db" or "personal-models/profile-1.json". */
  name: string;
  size: number;
  sha256: string;
  encoding?: 'br';
  storedSize?: number;
}

/**
 * How entries are stored. Brotli at quality 3 was the best trade measured on a catalogue holding
 * 25M ratings (586 MB): 193 MB in 4.3 s, where quality 1 gave 238 MB in 2.7 s, quality 5 186 MB
 * in 14.7 s and gzip level 1 270 MB in 5.8 s (`npm run bench -- backup` measures the shipped one).
 */
export type ContainerEncoding = 'br' | 'none';
const BROTLI_QUALITY = 3;

export interface ContainerHeader {
  createdAt: number;
  entries: ContainerEntry[];
  [key: string]: unknown;
}

export class BackupFileError extends Error {
  readonly code = 'bad-request';
  constructor(file: string, problem: string) {
    super(
      `${path.basename(file)} is not a usable Movie Assistant backup: ${problem}; nothing was replaced`,
    );
    this.name = 'BackupFileError';
  }
}

async function sha256OfFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Writes `files` (name → path on disk; the files must not change meanwhile) into one container
 * at `out`, owner-only, each compressed first into a scratch file beside it unless `encoding` is
 * 'none'. `extra` goes into the header as it is.
 */
export async function writeContainer(
  out: string,
  files: Array<{ name: string; file: string }>,
  extra: Record<string, unknown> = {},
  encoding: ContainerEncoding = 'br',
): Promise<ContainerHeader & { sha256: string; bytes: number }> {
  const entries: ContainerEntry[] = [];
  const stored: string[] = [];
  const scratch: string[] = [];
  try {
    for (const { name, file } of files) {
      if (encoding === 'none') {
        entries.push({ name, ...(await sha256OfFile(file)) });
        stored.push(file);
        continue;
      }
      const compressed = `${file}.br`;
      scratch.push(compressed);
      const entry = await compressFile(file, compressed);
      entries.push({ name, ...entry, encoding: 'br', storedSize: (await stat(compressed)).size });
      stored.push(compressed);
    }
    return await writeStored(out, stored, { ...extra, createdAt: Date.now(), entries });
  } finally {
    for (const file of scratch) await rm(file, { force: true });
  }
}

/**
 * A pass-through that hashes and counts the bytes through it; past `limit` of them it fails with
 * `tooLarge()`.
 */
function hashingStream(limit = Infinity, tooLarge = () => new Error('too large')) {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(size > limit ? tooLarge() : null, chunk);
    },
  });
  return { stream, size: () => size, digest: () => hash.digest('hex') };
}

/** Compresses `file` into `to`, answering the sha256 and size of what it read. */
async function compressFile(file: string, to: string): Promise<{ sha256: string; size: number }> {
  const { size: sizeHint } = await stat(file);
  const hashing = hashingStream();
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    hashing.stream,
    createBrotliCompress({
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
      },
    }),
    createWriteStream(to, { mode: 0o600, flags: 'wx' }),
  );
  return { sha256: hashing.digest(), size: hashing.size() };
}

async function writeStored(
  out: string,
  stored: string[],
  header: ContainerHeader,
): Promise<ContainerHeader & { sha256: string; bytes: number }> {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(headerBytes.length);

  const whole = createHash('sha256');
  const output = createWriteStream(out, { mode: 0o600, flags: 'wx' });
  const write = (bytes: Buffer) =>
    new Promise<void>((resolve, reject) => {
      whole.update(bytes);
      output.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  try {
    await write(MAGIC);
    await write(length);
    await write(headerBytes);
    for (const file of stored) {
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) await write(chunk);
    }
    const sha256 = whole.digest();
    await new Promise<void>((resolve, reject) =>
      output.end(sha256, (error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { ...header, sha256: sha256.toString('hex'), bytes: (await stat(out)).size };
  } catch (error) {
    output.destroy();
    throw error;
  }
}

/** Checks the whole file's checksum, then reads and sanity-checks its header. */
export async function readContainerHeader(
  file: string,
): Promise<{ header: ContainerHeader; bodyStart: number }> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new BackupFileError(file, `nothing found at ${file}`);
    throw error;
  });
  if (found.isDirectory()) throw new BackupFileError(file, `${file} is a folder`);
  const { size } = found;
  if (size < MAGIC.length + LENGTH_BYTES + CHECKSUM_BYTES)
    throw new BackupFileError(file, 'the file is too short');
  const handle = await open(file, 'r');
  let prefix: Buffer;
  let stored: Buffer;
  try {
    prefix = Buffer.alloc(MAGIC.length + LENGTH_BYTES);
    await handle.read(prefix, 0, prefix.length, 0);
    stored = Buffer.alloc(CHECKSUM_BYTES);
    await handle.read(stored, 0, CHECKSUM_BYTES, size - CHECKSUM_BYTES);
  } finally {
    await handle.close();
  }
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BackupFileError(file, 'it does not start like one');

  const whole = createHash('sha256');
  for await (const chunk of createReadStream(file, {
    start: 0,
    end: size - CHECKSUM_BYTES - 1,
  }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
  }
  if (!whole.digest().equals(stored))
    throw new BackupFileError(
      file,
      'its checksum does not match (the file is damaged or cut short)',
    );

  const headerLength = prefix.readUInt32BE(MAGIC.length);
  const bodyStart = MAGIC.length + LENGTH_BYTES + headerLength;
  if (headerLength > MAX_HEADER || bodyStart > size - CHECKSUM_BYTES)
    throw new BackupFileError(file, 'its header is damaged');
  const headerBytes = Buffer.alloc(headerLength);
  const reading = await open(file, 'r');
  try {
    await reading.read(headerBytes, 0, headerLength, MAGIC.length + LENGTH_BYTES);
  } finally {
    await reading.close();
  }
  let header: ContainerHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as ContainerHeader;
  } catch {
    throw new BackupFileError(file, 'its header is damaged');
  }
  const entries = Array.isArray(header.entries) ? header.entries : null;
  const unknown = entries?.find((e) => e.encoding !== undefined && e.encoding !== 'br');
  if (unknown)
    throw new BackupFileError(
      file,
      `it was written by a newer Movie Assistant (${unknown.name} is stored as "${String(unknown.encoding)}")`,
    );
  const total = entries?.reduce((sum, e) => sum + storedSizeOf(e), 0);
  if (!entries || total !== size - CHECKSUM_BYTES - bodyStart)
    throw new BackupFileError(file, 'its list of contents does not match its size');
  return { header, bodyStart };
}

/** How many bytes an entry takes in the file; NaN for a header that does not say. */
function storedSizeOf(entry: ContainerEntry): number {
  const stored = entry.encoding === 'br' ? entry.storedSize : entry.size;
  return Number.isSafeInteger(entry.size) && Number.isSafeInteger(stored) ? Number(stored) : NaN;
}

/**
 * Copies each entry of a checked container to `place(name)` (null skips it), checking its
 * size and sha256 on the way; a mismatch is a BackupFileError.
 */
export async function extractContainer(
  file: string,
  layout: { header: ContainerHeader; bodyStart: number },
  place: (name: string) => string,
): Promise<void> {
  let offset = layout.bodyStart;
  for (const entry of layout.header.entries) {
    const target = place(entry.name);
    const storedSize = storedSizeOf(entry);
    // a hostile header cannot make an entry expand without end
    const hashing = hashingStream(
      entry.size,
      () => new BackupFileError(file, `${entry.name} is larger than its header says`),
    );
    if (storedSize > 0) {
      const read = createReadStream(file, { start: offset, end: offset + storedSize - 1 });
      const write = createWriteStream(target, { mode: 0o600, flags: 'wx' });
      const expand = entry.encoding === 'br' ? createBrotliDecompress() : null;
      let expandFailed = false;
      expand?.once('error', () => (expandFailed = true));
      try {
        await (expand
          ? pipeline(read, expand, hashing.stream, write)
          : pipeline(read, hashing.stream, write));
      } catch (error) {
        // pipeline hands the hashing's own refusal to every stream, the expansion's too
        if (expandFailed && !(error instanceof BackupFileError))
          throw new BackupFileError(file, `${entry.name} cannot be expanded`);
        throw error;
      }
    } else {
      await writeFile(target, '', { mode: 0o600, flag: 'wx' });
    }
    if (hashing.size() !== entry.size || hashing.digest() !== entry.sha256)
      throw new BackupFileError(file, `${entry.name} does not match its checksum`);
    offset += storedSize;
  }
}
