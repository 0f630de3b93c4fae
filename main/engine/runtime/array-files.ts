import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

export async function loadArrays(dir: string): Promise<Record<string, StoredArray>> {
  const index = JSON.parse(
    await readFile(path.join(dir, 'arrays.json'), 'utf8'),
  ) as ArrayIndexEntry[];
  const out: Record<string, StoredArray> = {};
  for (const { name, kind, length } of index) {
    const buf = await readFile(path.join(dir, `${name}.${kind}`));
    const bytes = new Uint8Array(buf.byteLength);
    bytes.set(buf);
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
