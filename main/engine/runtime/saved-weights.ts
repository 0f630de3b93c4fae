import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { f32, loadArrays, saveArrays, type StoredArray } from './array-files';

/**
 * A model's saved weights: its typed arrays (array-files) plus one `<name>.json` of the small
 * values that are not arrays (scale, global mean, names of dense layers…).
 */
export async function saveWeights(
  dir: string,
  name: string,
  arrays: Record<string, StoredArray>,
  meta: object,
  jsonIndent?: number,
): Promise<void> {
  await saveArrays(dir, arrays);
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(meta, null, jsonIndent) + '\n');
}

export async function loadWeights<Meta>(
  dir: string,
  name: string,
): Promise<{ arrays: Record<string, StoredArray>; meta: Meta }> {
  const arrays = await loadArrays(dir);
  const meta = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as Meta;
  return { arrays, meta };
}

/** A dense layer's variable `net/w` is saved as the array `dense.net.w`. */
function denseArrayName(name: string): string {
  return `dense.${name.replace(/\//g, '.')}`;
}

/** Dense layer variables under their saved array names. */
export function denseArrays(dense: Record<string, Float32Array>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, values] of Object.entries(dense)) out[denseArrayName(name)] = values;
  return out;
}

/** The dense layer variables `names`, read back from saved arrays. */
export function loadDense(
  arrays: Record<string, StoredArray>,
  names: readonly string[],
): Record<string, Float32Array> {
  const dense: Record<string, Float32Array> = {};
  for (const name of names) dense[name] = f32(arrays, denseArrayName(name));
  return dense;
}
