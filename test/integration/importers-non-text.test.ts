import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProfile } from '../../main/catalogue/profiles';
import { importPersonalExport } from '../../main/importers/import-export';
import { importRelease } from '../../main/importers/import-release';
import {
  fixtureCatalogue,
  makeTempDir,
  removeTempDirs,
  snapshot,
} from '../fixtures/catalogue-helpers';

afterAll(removeTempDirs);

/** A file called `name` starting with `head`, in a folder of its own. */
function fileStarting(name: string, head: Buffer): string {
  const file = path.join(makeTempDir(), name);
  writeFileSync(file, Buffer.concat([head, Buffer.from('\r\n\u001a\n'), Buffer.alloc(64, 7)]));
  return file;
}

/** A file picked by mistake is refused as what it is, not read as a CSV whose header is "PNG". */
describe('an image, a PDF or a compressed file picked instead of an export', () => {
  it.each([
    [
      'ratings.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      /^ratings\.csv: this is a PNG image, not a CSV file: pick the ratings export's CSV file/,
    ],
    [
      'my ratings.jpg',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      /^my ratings\.jpg: this is a JPEG image/,
    ],
    ['list.gif', Buffer.from('GIF89a'), /^list\.gif: this is a GIF image/],
    ['ratings.pdf', Buffer.from('%PDF-1.7'), /^ratings\.pdf: this is a PDF document/],
    [
      'ratings.csv.gz',
      Buffer.from([0x1f, 0x8b, 0x08]),
      /^ratings\.csv\.gz: this is a gzip-compressed file, not a CSV file: unpack it, then import what it holds/,
    ],
  ])('%s is refused as what it is, and nothing changes', async (name, head, says) => {
    const db = await fixtureCatalogue();
    const profileId = createProfile(db, 'Sam').id;
    const file = fileStarting(name, head);
    const before = snapshot(db);
    await expect(importPersonalExport(db, profileId, file)).rejects.toThrow(says);
    await expect(importRelease(db, file)).rejects.toThrow(says);
    expect(snapshot(db)).toEqual(before);
  });
});
