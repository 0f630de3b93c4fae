import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../helpers/seeded-random';

/**
 * A deterministic generator of damaged importer inputs: small valid MovieLens releases and
 * personal exports (the test fixtures), each mutated by a few seeded edits — truncation, empty
 * files, wrong headers, binary junk, huge lines, bad numbers, repeated or joined lines, other
 * line ends, a dropped file. The same seed always gives the same variant, so the corpus is
 * this file plus the seed range; a failing seed can be replayed on its own.
 */

export type VariantKind = 'release' | 'export';

export interface Variant {
  seed: number;
  kind: VariantKind;
  /** The folder name the files go in (a release's name decides which release it replaces). */
  folder: string;
  /** For exports, the file to import; for releases, the whole folder is imported. */
  file?: string;
  /** Whether to pack the folder into `${folder}.zip`. */
  zipped: boolean;
  files: Record<string, Buffer>;
  /** What was done to the base input, for the failure message. */
  edits: string[];
}

interface Base {
  kind: VariantKind;
  folder: string;
  file?: string;
  files: Record<string, Buffer>;
}

function readFolder(dir: string): Record<string, Buffer> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]),
  );
}

/** The valid inputs every variant starts from. */
export function loadBases(fixtures: string): Base[] {
  const releases = ['ml-25m', 'ml-1m', 'ml-10m'].map((name): Base => ({
    kind: 'release',
    folder: name,
    files: readFolder(path.join(fixtures, 'releases', name)),
  }));
  const exports = readdirSync(path.join(fixtures, 'exports')).map((name): Base => ({
    kind: 'export',
    folder: 'export',
    file: name,
    files: { [name]: readFileSync(path.join(fixtures, 'exports', name)) },
  }));
  return [...releases, ...exports];
}

const BAD_NUMBERS = [
  '-5',
  '0',
  '1e20',
  '100000000000000000000',
  '12345678901234567890',
  'NaN',
  '',
  'abc',
  '4.25',
  '-0',
  '0x10',
  '99',
];

type Edit = (data: Buffer, pick: () => number) => { data: Buffer | null; what: string };

const at = (length: number, pick: () => number) => Math.floor(pick() * (length + 1));

const EDITS: Edit[] = [
  (data, pick) => {
    const cut = at(data.length, pick);
    return { data: data.subarray(0, cut), what: `truncated at byte ${cut}` };
  },
  () => ({ data: Buffer.alloc(0), what: 'emptied' }),
  (data) => {
    const nl = data.indexOf(10);
    const rest = nl === -1 ? Buffer.alloc(0) : data.subarray(nl);
    return { data: Buffer.concat([Buffer.from('id;name;value'), rest]), what: 'wrong header' };
  },
  (data) => {
    const nl = data.indexOf(10);
    return { data: nl === -1 ? data : data.subarray(0, nl + 1), what: 'header only' };
  },
  (data, pick) => {
    const junk = Buffer.from(Array.from({ length: 1 + at(40, pick) }, () => at(255, pick)));
    const where = at(data.length, pick);
    return {
      data: Buffer.concat([data.subarray(0, where), junk, data.subarray(where)]),
      what: `${junk.length} binary bytes at ${where}`,
    };
  },
  (data, pick) => {
    const where = at(data.length, pick);
    const line = Buffer.alloc(70_000 + at(30_000, pick), 0x37);
    return {
      data: Buffer.concat([data.subarray(0, where), line, data.subarray(where)]),
      what: `a ${line.length}-byte run at ${where}`,
    };
  },
  (data, pick) => {
    const text = data.toString('latin1');
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
    if (numbers.length === 0) return { data, what: 'no number to change' };
    const match = numbers[at(numbers.length - 1, pick)];
    const bad = BAD_NUMBERS[at(BAD_NUMBERS.length - 1, pick)];
    const changed = text.slice(0, match.index) + bad + text.slice(match.index! + match[0].length);
    return { data: Buffer.from(changed, 'latin1'), what: `number ${match[0]} -> "${bad}"` };
  },
  (data, pick) => {
    const lines = data.toString('latin1').split('\n');
    const i = at(lines.length - 1, pick);
    lines.splice(i, 0, lines[i]);
    return { data: Buffer.from(lines.join('\n'), 'latin1'), what: `line ${i + 1} repeated` };
  },
  (data, pick) => {
    const lines = data.toString('latin1').split('\n');
    if (lines.length < 2) return { data, what: 'no line end to remove' };
    const i = at(lines.length - 2, pick);
    lines.splice(i, 2, lines[i] + lines[i + 1]);
    return {
      data: Buffer.from(lines.join('\n'), 'latin1'),
      what: `lines ${i + 1}-${i + 2} joined`,
    };
  },
  (data, pick) => {
    const ends = ['\r', '\r\n', '\n\n', '\n\r'];
    const end = ends[at(ends.length - 1, pick)];
    return {
      data: Buffer.from(data.toString('latin1').replace(/\r?\n/g, end), 'latin1'),
      what: `line ends ${JSON.stringify(end)}`,
    };
  },
  () => ({ data: null, what: 'removed' }),
  (data, pick) => {
    const where = at(data.length, pick);
    const nul = Buffer.from([0]);
    return {
      data: Buffer.concat([data.subarray(0, where), nul, data.subarray(where)]),
      what: `NUL at ${where}`,
    };
  },
];

/** Variant `seed`: a base input with one to three edits to its files, maybe zipped. */
export function makeVariant(bases: Base[], seed: number): Variant {
  const pick = seededRandom(seed);
  const base = bases[seed % bases.length];
  const files: Record<string, Buffer> = { ...base.files };
  const edits: string[] = [];
  const count = 1 + at(2, pick);
  for (let i = 0; i < count; i++) {
    const names = Object.keys(files);
    if (names.length === 0) break;
    const name = names[at(names.length - 1, pick)];
    const edit = EDITS[at(EDITS.length - 1, pick)];
    const { data, what } = edit(files[name], pick);
    if (data === null) delete files[name];
    else files[name] = Buffer.from(data);
    edits.push(`${name}: ${what}`);
  }
  return {
    seed,
    kind: base.kind,
    folder: base.folder,
    file: base.file,
    zipped: pick() < 0.25,
    files,
    edits,
  };
}
