import path from 'node:path';
import { ImportError } from './errors';

/**
 * Files a person may pick by mistake that no importer reads (a screenshot of their ratings, a
 * printout, a compressed download), told by their first bytes, so that the refusal says what the
 * file is rather than quoting its first bytes as a header.
 */
const KINDS: { kind: string; starts: Buffer; instead?: string }[] = [
  { kind: 'a PNG image', starts: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  { kind: 'a JPEG image', starts: Buffer.from([0xff, 0xd8, 0xff]) },
  { kind: 'a GIF image', starts: Buffer.from('GIF8') },
  { kind: 'a PDF document', starts: Buffer.from('%PDF') },
  {
    kind: 'a gzip-compressed file',
    starts: Buffer.from([0x1f, 0x8b]),
    instead: 'unpack it, then import what it holds',
  },
];

const PICK_INSTEAD = "pick the ratings export's CSV file, or a MovieLens release's folder or .zip";

/** Refuses a file whose first bytes say it is an image, a PDF or a gzip file, saying which. */
export function refuseNonTextFile(file: string, head: Buffer): void {
  const found = KINDS.find((k) => head.subarray(0, k.starts.length).equals(k.starts));
  if (found)
    throw new ImportError(
      `this is ${found.kind}, not a CSV file: ${found.instead ?? PICK_INSTEAD}`,
      path.basename(file),
    );
}
