import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Db } from '../../main/catalogue/db';
import { createProfile } from '../../main/catalogue/profiles';
import { listProfileRatings } from '../../main/catalogue/profile-ratings';
import { ImportError } from '../../main/importers/errors';
import { importPersonalExport } from '../../main/importers/import-export';
import { importRelease } from '../../main/importers/import-release';
import { readLines } from '../../main/importers/line-reader';
import { openZipSource, ZIP_LIMITS } from '../../main/importers/zip-source';
import {
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

const RATINGS_HEADER = 'userId,movieId,rating,timestamp\n';

/** The ml-25m fixture with some files replaced, in a folder named like the release it replaces. */
function alteredRelease(changes: Record<string, string | Buffer>, release = 'ml-25m'): string {
  return writeFiles(path.join(makeTempDir(), release), { ...fixtureFiles(release), ...changes });
}

/** Imports `source` expecting an ImportError matching `message`, with the catalogue unchanged. */
async function expectRefused(db: Db, source: string, message: RegExp): Promise<void> {
  const before = snapshot(db);
  const error = await importRelease(db, source).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
}

/** The fixture's movies.csv (header and 6 movies) with `line` added as line 8. */
const moviesWith = (line: string) => `${fixtureFiles('ml-25m')['movies.csv'].toString()}${line}\n`;

const ratingCount = (db: Db) => db.prepare('SELECT COUNT(*) FROM dataset_ratings').pluck().get();

/** A hand-written ml-100k release (its item 1 is Toy Story) with the given u.data. */
function ml100k(uData: string): string {
  const item = ['1', 'Toy Story (1995)', '01-Jan-1995', '', 'http://x', ...Array(19).fill('0')];
  return writeFiles(path.join(makeTempDir(), 'ml-100k'), {
    'u.item': `${item.join('|')}\n`,
    'u.user': '1|24|M|technician|85711\n',
    'u.data': uData,
  });
}

async function linesOf(chunks: string[], maxLineBytes?: number): Promise<string[]> {
  const lines: string[] = [];
  await readLines(
    Readable.from(chunks.map((c) => Buffer.from(c))),
    (buf, start, end) => lines.push(buf.toString('utf8', start, end)),
    { maxLineBytes },
  );
  return lines;
}

describe('a release that would wipe the catalogue is refused (issue 12, item 2)', () => {
  it('a header-only ratings.csv', async () => {
    const db = await fixtureCatalogue();
    expect(ratingCount(db)).toBe(7);
    await expectRefused(
      db,
      alteredRelease({ 'ratings.csv': RATINGS_HEADER }),
      /^ratings\.csv: holds no ratings/,
    );
  });

  it('an empty ratings.csv', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'ratings.csv': '' }),
      /^ratings\.csv: holds no ratings/,
    );
  });

  it('an empty u.data (ml-100k)', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(db, ml100k(''), /^u\.data: holds no ratings/);
  });

  it('all files empty', async () => {
    const db = await fixtureCatalogue();
    const empty = Object.fromEntries(Object.keys(fixtureFiles('ml-25m')).map((f) => [f, '']));
    await expectRefused(db, alteredRelease(empty), /^movies\.csv: holds no movies/);
  });

  it('a zip whose ratings.csv is a symbolic link', async () => {
    const db = await fixtureCatalogue();
    const zip = path.join(makeTempDir(), 'ml-25m.zip');
    const entries = Object.entries(fixtureFiles('ml-25m'))
      .filter(([name]) => name !== 'ratings.csv')
      .map(([name, data]) => ({ name, data }));
    writeZip(zip, [...entries, { name: 'ratings.csv', data: '/etc/passwd', mode: 0o120777 }]);
    await expectRefused(db, zip, /ml-25m\.zip: zip entry "ratings\.csv" is a symbolic link/);
  });

  it('CR-only line ends are read as line ends (the same release as with LF)', async () => {
    const db = await fixtureCatalogue();
    const before = snapshot(db);
    const crOnly = Object.fromEntries(
      Object.entries(fixtureFiles('ml-25m')).map(([name, data]) => [
        name,
        data.toString('utf8').replace(/\r?\n/g, '\r'),
      ]),
    );
    const summary = await importRelease(db, alteredRelease(crOnly));
    expect(summary).toMatchObject({ movies: 6, ratings: 7, users: 3, tags: 2, links: 6 });
    const after = snapshot(db) as { counts: unknown };
    expect(after.counts).toEqual((before as { counts: unknown }).counts);
  });

  it('the line reader splits LF, CRLF and CR-only text alike, across chunk boundaries', async () => {
    expect(await linesOf(['a,1\r', '\nb,2\r\n', 'c,3'])).toEqual(['a,1', 'b,2', 'c,3']);
    expect(await linesOf(['a,1\r', 'b,2\rc', ',3\r'])).toEqual(['a,1', 'b,2', 'c,3']);
    expect(await linesOf(['a,1\n', 'b,2\n'])).toEqual(['a,1', 'b,2']);
  });
});

describe('size limits (issue 12, item 12)', () => {
  it('a line over 64 KiB is refused, naming the file and line', async () => {
    const db = await fixtureCatalogue();
    // Valid but for its length: the reader used to ignore what follows the fourth field.
    const long = `1,1214,4.0,964982703,${' '.repeat(70_000)}\n`;
    await expectRefused(
      db,
      alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n${long}` }),
      /^ratings\.csv line 3: the line is longer than 65,536 bytes/,
    );
  });

  it('a huge single line stops the reader at the limit, not after reading it all', async () => {
    const db = await fixtureCatalogue();
    const source = alteredRelease({ 'ratings.csv': Buffer.alloc(32 * 1024 * 1024, 0x61) });
    const started = performance.now();
    await expectRefused(db, source, /^ratings\.csv line 1: the line is longer than/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a 1 MB title is refused by the line limit', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'movies.csv': moviesWith(`9,${'x'.repeat(1 << 20)},Drama`) }),
      /^movies\.csv line 8: the line is longer than/,
    );
  });

  it('a zip entry that inflates far beyond its packed size (a zip bomb) is refused', async () => {
    const db = await fixtureCatalogue();
    const zip = path.join(makeTempDir(), 'ml-25m.zip');
    const entries = Object.entries(fixtureFiles('ml-25m')).map(([name, data]) => ({
      name,
      data: name === 'ratings.csv' ? Buffer.concat([data, Buffer.alloc(4 << 20, 10)]) : data,
    }));
    writeZip(zip, entries);
    await expectRefused(db, zip, /zip entry "ratings\.csv" unpacks to \d+ times its packed size/);
  });

  it('an archive that unpacks to more than the total limit is refused', async () => {
    const zip = path.join(makeTempDir(), 'big.zip');
    writeZip(zip, [
      { name: 'a.csv', data: 'x'.repeat(600) },
      { name: 'b.csv', data: 'y'.repeat(600) },
    ]);
    const error = await openZipSource(zip, { ...ZIP_LIMITS, maxTotalBytes: 1000 }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(
      /big\.zip: the archive unpacks to more than 1000 bytes/,
    );
  });
});

describe('bad data is refused with its file and line (issue 12, item 13)', () => {
  it('a last line cut short (no line end, a timestamp shorter than the line before)', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0,965` }),
      /^ratings\.csv line 3: timestamp 965 is shorter than the line before's .*cut short/,
    );
  });

  it('a last line without a line end but whole is accepted', async () => {
    const db = await fixtureCatalogue();
    const summary = await importRelease(
      db,
      alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0,964982704` }),
    );
    expect(summary.ratings).toBe(2);
  });

  it('a duplicate movieId in movies.csv', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({
        'movies.csv': moviesWith('1,Jumanji (1995),Fantasy'),
      }),
      /^movies\.csv line 8: movieId 1 is listed twice \(first on line 2\)/,
    );
  });

  it('a duplicate MovieID in movies.dat (ml-1m)', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease(
        {
          'movies.dat': `${fixtureFiles('ml-1m')['movies.dat'].toString()}1::Jumanji (1995)::Fantasy\n`,
        },
        'ml-1m',
      ),
      /^movies\.dat line 5: MovieID 1 is listed twice \(first on line 1\)/,
    );
  });

  it.each([['-5'], ['12345678901234567890']])('movieId %s in movies.csv', async (id) => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({
        'movies.csv': moviesWith(`${id},X,Drama`),
      }),
      new RegExp(`^movies\\.csv line 8: movieId ${id} is not an id`),
    );
  });

  it.each([['-5'], ['100000000000000000000']])('rating timestamp %s', async (time) => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'ratings.csv': `${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0,${time}\n` }),
      /^ratings\.csv line 3: timestamp -?\d+ is not a time/,
    );
  });

  it('a tag timestamp of -5', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'tags.csv': 'userId,movieId,tag,timestamp\n2,2571,cyberpunk,-5\n' }),
      /^tags\.csv line 2: timestamp -5 is not a time/,
    );
  });

  it('a title over 1,000 characters', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({
        'movies.csv': moviesWith(`9,${'x'.repeat(2000)},Drama`),
      }),
      /^movies\.csv line 8: the title is 2000 characters long/,
    );
  });

  it('a NUL byte in a title', async () => {
    const db = await fixtureCatalogue();
    await expectRefused(
      db,
      alteredRelease({ 'movies.csv': moviesWith('9,Toy\0Story (1995),Comedy') }),
      /^movies\.csv line 8: the line holds a NUL byte/,
    );
  });
});

async function catalogueWithProfile(): Promise<{ db: Db; profileId: number }> {
  const db = await fixtureCatalogue();
  return { db, profileId: createProfile(db, 'Sam').id };
}

async function expectExportRefused(
  source: string,
  message: RegExp,
  options: { userId?: number } = {},
): Promise<void> {
  const { db, profileId } = await catalogueWithProfile();
  const before = snapshot(db);
  const error = await importPersonalExport(db, profileId, source, 'auto', options).catch(
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
}

const ratingsOf = (db: Db, profileId: number) =>
  Object.fromEntries(listProfileRatings(db, profileId).map((r) => [r.movieId, r.rating]));

describe('a MovieLens release is not a personal export (issue 12, item 3)', () => {
  it('a whole release folder is refused, naming its ratings file', async () => {
    await expectExportRefused(
      path.join(fixtures, 'releases', 'ml-25m'),
      /^ratings\.csv: this is the MovieLens release ml-25m, .*not a personal export/,
    );
  });

  it('a u.data file is refused', async () => {
    const file = path.join(makeTempDir(), 'u.data');
    writeFileSync(file, '1\t1\t5\t881250949\n2\t1\t3\t881250950\n');
    await expectExportRefused(file, /^u\.data: this is a MovieLens release ratings file/);
  });

  it('a ratings.csv with more than one userId is refused at the second person', async () => {
    const dir = writeFiles(makeTempDir(), fixtureFiles('ml-25m'));
    await expectExportRefused(
      path.join(dir, 'ratings.csv'),
      /^ratings\.csv line 5: the file holds more than one person's ratings \(userId 1 on line 2, userId 2 here\)/,
    );
  });

  it('picking one userId imports only that person', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const summary = await importPersonalExport(
      db,
      profileId,
      path.join(fixtures, 'releases', 'ml-25m'),
      'auto',
      { userId: 2 },
    );
    expect(summary).toMatchObject({ rows: 2, matched: 2, skipped: [] });
    expect(ratingsOf(db, profileId)).toEqual({ 1: 3.5, 1214: 0.5 });
  });

  it('a ratings.csv holding one person is taken', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = path.join(makeTempDir(), 'ratings.csv');
    writeFileSync(file, `${RATINGS_HEADER}7,1,4.0,964982703\n7,2571,5.0,964981247\n`);
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary).toMatchObject({ rows: 2, matched: 2 });
  });
});

describe('skipped export rows are counted and named (issue 12, item 5)', () => {
  const header = 'Date,Name,Year,Letterboxd URI,Rating\n';

  /** Imports `text` as a file called `name` into a new profile. */
  async function importText(name: string, text: string) {
    const { db, profileId } = await catalogueWithProfile();
    const file = path.join(makeTempDir(), name);
    writeFileSync(file, text);
    return { db, profileId, summary: await importPersonalExport(db, profileId, file) };
  }

  it('rows without a rating and repeated movies are listed with their lines; the newest rating of a movie is kept', async () => {
    const { db, profileId, summary } = await importText(
      'ratings.csv',
      header +
        '2021-02-01,The Matrix,1999,https://boxd.it/1,4.5\n' +
        '2021-02-02,Alien,1979,https://boxd.it/2,\n' +
        '2021-02-03,The Matrix,1999,https://boxd.it/1,3\n',
    );
    expect(summary).toMatchObject({ rows: 2, matched: 1 });
    expect(summary.skipped).toEqual([
      { file: 'ratings.csv', line: 2, reason: 'the same movie as line 4, rated later' },
      { file: 'ratings.csv', line: 3, reason: 'the row has no rating' },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: 3 });
  });

  it("a diary's rewatch with a new rating wins over the first watch, whatever the order", async () => {
    const { db, profileId, summary } = await importText(
      'diary.csv',
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch\n' +
        '2021-03-01,Alien,1979,https://boxd.it/3,2,Yes\n' +
        '2021-02-01,The Matrix,1999,https://boxd.it/1,5,\n' +
        '2021-02-02,Alien,1979,https://boxd.it/2,4.5,\n' +
        '2021-02-02,Alien,1979,https://boxd.it/4,4,\n' +
        '2021-02-03,The Matrix,1999,https://boxd.it/5,3.5,Yes\n',
    );
    expect(summary).toMatchObject({ rows: 5, matched: 2 });
    expect(summary.skipped).toEqual([
      { file: 'diary.csv', line: 3, reason: 'the same movie as line 6, rated later' },
      { file: 'diary.csv', line: 4, reason: 'the same movie as line 2, rated later' },
      { file: 'diary.csv', line: 5, reason: 'the same movie as line 2, rated later' },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 1214: 2, 2571: 3.5 });
  });

  it('of two rows of a movie dated alike, the one further down is kept', async () => {
    const { db, profileId, summary } = await importText(
      'ratings.csv',
      header +
        '2021-02-01,The Matrix,1999,https://boxd.it/1,4.5\n' +
        '2021-02-01,The Matrix,1999,https://boxd.it/1,2.5\n',
    );
    expect(summary.skipped).toEqual([
      {
        file: 'ratings.csv',
        line: 2,
        reason: 'the same movie as line 3, dated the same, further down',
      },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: 2.5 });
  });

  it('a file with no Rating column is refused (unless named as a watchlist or watched list)', async () => {
    const file = path.join(makeTempDir(), 'films.csv');
    writeFileSync(
      file,
      'Date,Name,Year,Letterboxd URI\n2021-02-01,The Matrix,1999,https://boxd.it/1\n',
    );
    await expectExportRefused(file, /^films\.csv line 1: the header .* has no rating column/);
  });

  it('an export with no usable rows is refused', async () => {
    const file = path.join(makeTempDir(), 'ratings.csv');
    writeFileSync(file, `${header}2021-02-01,The Matrix,1999,https://boxd.it/1,\n`);
    await expectExportRefused(file, /^ratings\.csv: no rows with a rating \(1 row skipped\)/);
  });

  it('a header-only export is refused', async () => {
    const file = path.join(makeTempDir(), 'ratings.csv');
    writeFileSync(file, header);
    await expectExportRefused(file, /^ratings\.csv: no rows with a rating/);
  });

  it('an export date of 1e20 seconds is refused', async () => {
    const file = path.join(makeTempDir(), 'ratings.csv');
    writeFileSync(file, `${header}100000000000000000000,The Matrix,1999,https://boxd.it/1,4\n`);
    await expectExportRefused(file, /^ratings\.csv line 2: the date 1\d+ is not a time/);
  });
});
