import { mkdir, open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Typed arrays on disk: one little-endian binary file per array (`<name>.f32` / `<name>.i32`)
 * plus `arrays.json` listing names, kinds and lengths. Model definitions use these for weights.
 */
export type StoredArray = Float32Array | Int32Array | Float64Array;

interface ArrayIndexEntry {
  name: string;
  kind: 'f32' | 'i32' | 'f64';
  length: number;
}

function kindOf(a: StoredArray): ArrayIndexEntry['kind'] {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  return 'f64';
}

const safeName = /^[a-zA-Z0-9_.-]+$/;

export async function saveArrays(dir: string, arrays: Record<string, StoredArray>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const index: ArrayIndexEntry[] = [];
  for (const [name, a] of Object.entries(arrays)) {
    if (!safeName.test(name)) throw new Error(`bad array name: ${name}`);
    const kind = kindOf(a);
    await writeFile(
      path.join(dir, `${name}.${kind}`),
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    );
    index.push({ name, kind, length: a.length });
  }
  await writeFile(path.join(dir, 'arrays.json'), JSON.stringify(index, null, 1) + '\n');
}

/**
 * Reads what saveArrays wrote, except the arrays named in `later` (the caller reads those as it
 * needs them, e.g. with LazyRows).
 */
export async function loadArrays(
  dir: string,
  later: readonly string[] = [],
): Promise<Record<string, StoredArray>> {
  const index = JSON.parse(
    await readFile(path.join(dir, 'arrays.json'), 'utf8'),
  ) as ArrayIndexEntry[];
  const out: Record<string, StoredArray> = {};
  for (const { name, kind, length } of index) {
    if (later.includes(name)) continue;
    const bytes = await readWhole(path.join(dir, `${name}.${kind}`));
    const a =
      kind === 'f32'
        ? new Float32Array(bytes.buffer)
        : kind === 'i32'
          ? new Int32Array(bytes.buffer)
          : new Float64Array(bytes.buffer);
    if (a.length !== length)
      throw new Error(`${name}: expected ${length} values, file has ${a.length}`);
    out[name] = a;
  }
  return out;
}

/** A file's bytes in a buffer of their own (aligned for any typed array), read without a copy. */
async function readWhole(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array((await handle.stat()).size);
    await readAll(handle, bytes, file);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function readAll(handle: FileHandle, bytes: Uint8Array, file: string): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
    if (bytesRead === 0) throw new Error(`${file} ended early`);
    done += bytesRead;
  }
}

/** Where saveArrays put array `name` of `kind` in `dir`. */
export function arrayFile(dir: string, name: string, kind: StoredArray): string {
  return path.join(dir, `${name}.${kindOf(kind)}`);
}

export function f32(arrays: Record<string, StoredArray>, name: string): Float32Array {
  const a = arrays[name];
  if (!(a instanceof Float32Array)) throw new Error(`model file is missing ${name}`);
  return a;
}

export function i32(arrays: Record<string, StoredArray>, name: string): Int32Array {
  const a = arrays[name];
  if (!(a instanceof Int32Array)) throw new Error(`model file is missing ${name}`);
  return a;
}
