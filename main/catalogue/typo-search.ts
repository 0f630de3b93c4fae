import type { Db } from './db';
import { prefixEditDistance } from './edit-distance';
import { releasesState } from './releases';
import { splitAlternates, titleKey } from './titles';

interface TitleKeys {
  /** Which catalogue the keys were read from (releasesState). */
  version: string;
  ids: Int32Array;
  /** titleKey() of each main and alternative title, several entries per movie where it has them. */
  keys: string[];
  /** The first two characters of each key, to skip keys that start far from what was typed. */
  first: Uint16Array;
  second: Uint16Array;
}

const cache = new WeakMap<Db, TitleKeys>();

/** Edits allowed for a typed key of this length: none below 4 letters, then 1, 2 from 8. */
export function allowedTypos(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/**
 * The fallback when no title contains what was typed: movies whose title (or alternative title)
 * starts with something a few typos away from it, nearest first. People rarely mistype the
 * first letter, so only keys whose first letter is the typed first or second one (or whose second
 * letter is the typed first) are measured. Keys are held in memory, re-read after an import.
 */
export function typoMatches(db: Db, typedKey: string): Map<number, number> {
  const max = allowedTypos(typedKey.length);
  const found = new Map<number, number>();
  if (max === 0) return found;
  const { ids, keys, first, second } = titleKeys(db);
  const a = typedKey.charCodeAt(0);
  const b = typedKey.charCodeAt(1);
  for (let i = 0; i < keys.length; i++) {
    if (first[i] !== a && first[i] !== b && second[i] !== a) continue;
    const distance = prefixEditDistance(typedKey, keys[i], max);
    if (distance > max) continue;
    const id = ids[i];
    const known = found.get(id);
    if (known === undefined || distance < known) found.set(id, distance);
  }
  return found;
}

function titleKeys(db: Db): TitleKeys {
  const version = releasesState(db);
  const held = cache.get(db);
  if (held && held.version === version) return held;
  const rows = db.prepare('SELECT id, title FROM movies').all() as { id: number; title: string }[];
  const ids: number[] = [];
  const keys: string[] = [];
  for (const row of rows) {
    const { main, alternates } = splitAlternates(row.title);
    for (const title of [main, ...alternates]) {
      const key = titleKey(title);
      if (!key) continue;
      ids.push(row.id);
      keys.push(key);
    }
  }
  const loaded = {
    version,
    ids: Int32Array.from(ids),
    keys,
    first: Uint16Array.from(keys, (k) => k.charCodeAt(0)),
    second: Uint16Array.from(keys, (k) => k.charCodeAt(1) || 0),
  };
  cache.set(db, loaded);
  return loaded;
}
