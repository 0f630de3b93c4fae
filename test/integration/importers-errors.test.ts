import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../main/catalogue/db';
import { ImportCancelledError, ImportError } from '../../main/importers/errors';
import { importPersonalExport } from '../../main/importers/import-export';
import { importRelease } from '../../main/importers/import-release';
import { createProfile } from '../../main/catalogue/profiles';
import type { ImportProgress } from '../../main/importers/progress';
import {
  datasets,
  fixtureCatalogue,
  fixtureFiles,
  fixtures,
  makeTempDir,
  removeTempDirs,
  snapshot,
  writeFiles,
} from '../fixtures/catalogue-helpers';
import { writeZip } from '../fixtures/zip-writer';

afterAll(removeTempDirs);

/** A catalogue holding the ml-25m fixture, so failed imports have something to leave alone. */
const populated = fixtureCatalogue;

/** The ml-25m fixture with some files replaced, in a folder named ml-25m (so it would replace the release). */
function alteredRelease(changes: Record<string, string>, release = 'ml-25m'): string {
  return writeFiles(path.join(makeTempDir(), release), { ...fixtureFiles(release), ...changes });
}

async function expectRejected(db: Db, source: string, message: RegExp): Promise<void> {
  const before = snapshot(db);
  const error = await importRelease(db, source).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
}

const RATINGS_HEADER = 'userId,movieId,rating,timestamp\n';

describe('bad input is refused with file, line and reason, and the catalogue is left as it was', () => {
  it('never quotes what the file says', async () => {
    const db = await populated();
    const secret = 'root:x:0:0:hunter2-secret';
    for (const ratings of [
      `${RATINGS_HEADER}1,1,4.0,964982703\n${secret}\n`,
      `${RATINGS_HEADER}1,1,4.0,964982703\n1,${secret},4.0,964982703\n`,
      `${RATINGS_HEADER}1,1,4.0,964982703\n1;2;4.0;${secret}\n`,
    ]) {
      const error: unknown = await importRelease(
        db,
        alteredRelease({ 'ratings.csv': ratings }),
      ).catch((err: unknown) => err);
      if (!(error instanceof Error)) throw new Error('the import was accepted');
      expect(error).toBeInstanceOf(ImportError);
      expect(error.message).toMatch(/ratings\.csv line 3/);
      expect(error.message).not.toMatch(/hunter2|root:x/);
    }
    const movies = alteredRelease({ 'movies.csv': `movieId,title,genres\n1,Toy Story (1995)\n` });
    const error: unknown = await importRelease(db, movies).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).not.toMatch(/Toy Story/);
  });

  it('a malformed row', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0\n`,
    });
    await expectRejected(db, source, /ratings\.csv line 3: expected 4 fields .*found 3/);
  });

  it('a row with more fields than four: a rating written with a decimal comma', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,4,5,964981247\n`,
    });
    await expectRejected(
      db,
      source,
      /ratings\.csv line 3: expected 4 fields .*found 5: a rating with a decimal comma\? It is written 4\.5, not 4,5/,
    );
  });

  it('a title with a comma that is not in quotes, which would move the genres', async () => {
    const db = await populated();
    const source = alteredRelease({
      'movies.csv': `${fixtureFiles('ml-25m')['movies.csv'].toString('utf8')}424243,Grumpier Old Men, The (1995),Comedy|Romance\n`,
    });
    await expectRejected(
      db,
      source,
      /movies\.csv line \d+: 4 fields where the header names 3: a value with a comma in it must be in double quotes/,
    );
  });

  it('a "|" inside an ml-100k title, which would move every genre flag along', async () => {
    const db = await populated();
    const ml100k = path.join(datasets, 'ml-100k');
    const files = Object.fromEntries(
      readdirSync(ml100k).map((name) => [name, readFileSync(path.join(ml100k, name))]),
    );
    const item = files['u.item']
      .toString('latin1')
      .replace('|Toy Story (1995)|', '|Toy|Story (1995)|');
    const source = writeFiles(path.join(makeTempDir(), 'ml-100k'), {
      ...files,
      'u.item': Buffer.from(item, 'latin1'),
    });
    await expectRejected(
      db,
      source,
      /u\.item line 1: expected 24 fields separated by "\|", found 25/,
    );
  });

  it('a row with text where a number belongs', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,abc,5.0,964981247\n`,
    });
    await expectRejected(db, source, /ratings\.csv line 3: field 2 is not a number/);
  });

  it('a number with text after it is named as its own field, not the next', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0,1e20\n`,
    });
    await expectRejected(db, source, /ratings\.csv line 3: field 4 is not a number/);
  });

  it('the wrong separator', async () => {
    const db = await populated();
    const source = alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1\t1\t4.0\t964982703\n` });
    await expectRejected(
      db,
      source,
      /ratings\.csv line 2: .*separated by commas, but this line uses tabs/,
    );
    const spaced = alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1 1 4.0 964982703\n` });
    await expectRejected(
      db,
      spaced,
      /ratings\.csv line 2: .*separated by commas, but this line uses spaces/,
    );
  });

  it('a rating outside the scale', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,7.0,964981247\n`,
    });
    await expectRejected(db, source, /ratings\.csv line 3: rating 7 is outside the scale/);
  });

  it('a rating between half stars says so, rather than calling it outside the scale', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,3.7,964981247\n`,
    });
    await expectRejected(
      db,
      source,
      /ratings\.csv line 3: rating 3\.7 is between the scale's steps \(half stars from 0\.5 to 5\)/,
    );
  });

  it('a half star in a whole-star release (ml-1m)', async () => {
    const db = await populated();
    const source = alteredRelease(
      { 'ratings.dat': '1::1::5::978300760\n1::2::3.5::978302109\n' },
      'ml-1m',
    );
    await expectRejected(
      db,
      source,
      /ratings\.dat line 2: rating 3\.5 is between the scale's steps \(whole stars from 1 to 5\)/,
    );
  });

  it('a rating for a movie the release does not list', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,424242,3.0,964981247\n`,
    });
    await expectRejected(db, source, /ratings\.csv line 3: rating for movie 424242/);
  });

  it('the same user rating the same movie twice', async () => {
    const db = await populated();
    const source = alteredRelease({
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,3.0,964981247\n1,1,5.0,964982704\n`,
    });
    await expectRejected(
      db,
      source,
      /ratings\.csv line 4: the same user rates the same movie twice \(user 1, movie 1\)/,
    );
  });

  it('an unclosed quote in movies.csv', async () => {
    const db = await populated();
    const source = alteredRelease({
      'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Comedy\n2,"Jumanji (1995),Fantasy\n',
    });
    await expectRejected(db, source, /movies\.csv line 3: a quoted field is not closed/);
  });

  it('a wrong header', async () => {
    const db = await populated();
    const source = alteredRelease({ 'movies.csv': 'id;name;kinds\n1;Toy Story (1995);Comedy\n' });
    await expectRejected(db, source, /movies\.csv line 1: the header has no column movieid/);
  });

  it('an unknown layout, listing the files found and the layouts known', async () => {
    const db = await populated();
    const source = writeFiles(makeTempDir(), { 'notes.txt': 'hello', 'scores.csv': 'a,b\n' });
    await expectRejected(
      db,
      source,
      /no MovieLens release recognised.*Files found: notes\.txt, scores\.csv.*Known layouts: ml-100k \(u\.data/,
    );
  });

  it("a person's export picked as a release, refused as what it is and where it goes", async () => {
    const db = await populated();
    const dir = makeTempDir();
    const letterboxd = writeFiles(path.join(dir, 'letterboxd-export'), {
      'ratings.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,4.5\n',
      'watched.csv': 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,https://boxd.it/x\n',
    });
    await expectRejected(
      db,
      letterboxd,
      /^letterboxd-export: this is an export from Letterboxd, not a MovieLens release: bring it into a profile as your own \(the Import page's "My ratings export", or --profile NAME on the command line\)$/,
    );
    const imdb = path.join(
      writeFiles(dir, {
        'from-imdb.csv':
          'Const,Your Rating,Date Rated,Title,Year\ntt0113277,9,2024-01-01,Heat,1995\n',
      }),
      'from-imdb.csv',
    );
    await expectRejected(
      db,
      imdb,
      /^from-imdb\.csv: this is an export from IMDb, not a MovieLens release/,
    );
    const watchlist = path.join(
      writeFiles(dir, {
        'watchlist.csv': 'Const,Created,Title,Year\ntt0113277,2024-01-01,Heat,1995\n',
      }),
      'watchlist.csv',
    );
    await expectRejected(
      db,
      watchlist,
      /^watchlist\.csv: this is a watchlist, not a MovieLens release/,
    );
    // A release's ratings without its movie list hold many people's ratings: no export.
    const ratingsAlone = writeFiles(path.join(dir, 'ratings-alone'), {
      'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n`,
    });
    await expectRejected(
      db,
      ratingsAlone,
      /no MovieLens release recognised.*Files found: ratings\.csv/,
    );
  });

  it('a file that is not a zip', async () => {
    const db = await populated();
    const file = path.join(makeTempDir(), 'ml-25m.zip');
    writeFileSync(file, 'this is not a zip archive');
    await expectRejected(db, file, /ml-25m\.zip: not a zip archive/);
  });

  it('a truncated zip', async () => {
    const db = await populated();
    const dir = makeTempDir();
    const whole = path.join(dir, 'whole.zip');
    writeZip(
      whole,
      Object.entries(fixtureFiles('ml-25m')).map(([name, data]) => ({ name, data })),
    );
    const cut = path.join(dir, 'ml-25m.zip');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectRejected(db, cut, /ml-25m\.zip: cannot read the zip archive .*truncated/);
  });

  it('a zip entry whose path escapes the archive', async () => {
    const db = await populated();
    const dir = makeTempDir();
    for (const evil of ['../../evil.csv', '/etc/evil.csv']) {
      const zip = path.join(dir, `evil-${evil.length}.zip`);
      const entries = Object.entries(fixtureFiles('ml-25m')).map(([name, data]) => ({
        name,
        data,
      }));
      writeZip(zip, [...entries, { name: evil, data: 'x' }]);
      await expectRejected(db, zip, /outside the archive/);
    }
  });

  it('a path that does not exist', async () => {
    const db = await populated();
    await expectRejected(db, path.join(makeTempDir(), 'nothing-here'), /nothing found at/);
  });
});

describe('cancellation', () => {
  /** Imports ml-latest-small, aborting at the first progress report `when` accepts. */
  async function expectCancelledAt(when: (p: ImportProgress) => boolean) {
    const db = await populated();
    const before = snapshot(db);
    const controller = new AbortController();
    const error = await importRelease(db, path.join(datasets, 'ml-latest-small'), {
      signal: controller.signal,
      onProgress: (p) => {
        if (when(p)) controller.abort();
      },
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportCancelledError);
    expect(snapshot(db)).toEqual(before);
    expect(db.inTransaction).toBe(false);
  }

  it('stops a running import and rolls it back', async () => {
    await expectCancelledAt((p) => p.rows > 20_000); // at the latest when tags.csv starts
  });

  // The commit runs without yielding: a cancel that lands there is read before each step up to
  // the swap (in a worker, through the shared flag), and still rolls the release back.
  it.each(['new movies', 'swap'])('is honoured when it lands at the commit’s “%s” step', (at) =>
    expectCancelledAt((p) => p.phase === at),
  );

  it('does not start when already aborted', async () => {
    const db = await populated();
    const before = snapshot(db);
    const error = await importRelease(db, path.join(fixtures, 'releases', 'ml-10m'), {
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportCancelledError);
    expect(snapshot(db)).toEqual(before);
  });
});

/** A file called `name` starting with `head`, in a folder of its own. */
function fileStarting(name: string, head: Buffer): string {
  const bytes = Buffer.concat([head, Buffer.from('\r\n\u001a\n'), Buffer.alloc(64, 7)]);
  return path.join(writeFiles(makeTempDir(), { [name]: bytes }), name);
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
    const db = await populated();
    const profileId = createProfile(db, 'Sam').id;
    const file = fileStarting(name, head);
    const before = snapshot(db);
    await expect(importPersonalExport(db, profileId, file)).rejects.toThrow(says);
    await expect(importRelease(db, file)).rejects.toThrow(says);
    expect(snapshot(db)).toEqual(before);
  });
});
