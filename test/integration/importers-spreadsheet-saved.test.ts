import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { listProfileRatings, setProfileRating } from '../../main/catalogue/profile-ratings';
import { createProfile } from '../../main/catalogue/profiles';
import { ImportError } from '../../main/importers/errors';
import { importPersonalExport } from '../../main/importers/import-export';
import { writeZip } from '../fixtures/zip-writer';
import {
  fixtureCatalogue,
  makeTempDir,
  removeTempDirs,
  snapshot,
} from '../fixtures/catalogue-helpers';

afterAll(removeTempDirs);

/** A file called `name` holding `text`, in a folder of its own. */
function exportNamed(name: string, text: string): string {
  const file = path.join(makeTempDir(), name);
  writeFileSync(file, text);
  return file;
}

async function catalogueWithProfile() {
  const db = await fixtureCatalogue();
  return { db, profileId: createProfile(db, 'Sam').id };
}

/** Importing `file` is refused with `message`, naming the file, and leaves everything as it was. */
async function expectRefused(file: string, message: RegExp): Promise<void> {
  const { db, profileId } = await catalogueWithProfile();
  const before = snapshot(db);
  await expect(importPersonalExport(db, profileId, file)).rejects.toThrow(message);
  expect(snapshot(db)).toEqual(before);
}

const ratingsOf = (db: Awaited<ReturnType<typeof fixtureCatalogue>>, profileId: number) =>
  Object.fromEntries(
    listProfileRatings(db, profileId).map((r) => [r.movieId, [r.rating, r.ratedAt]]),
  );

describe('an export opened and saved again in a spreadsheet', () => {
  it('is read with its semicolons, decimal commas and day-first dotted dates (as German Excel saves it)', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'ratings.csv',
      '\ufeffDate;Name;Year;Letterboxd URI;Rating\r\n' +
        '02.01.2021;The Matrix;1999;https://boxd.it/1;4,5\r\n' +
        '2021-02-03;"Amélie; or not";2001;https://boxd.it/2;5\r\n' +
        '13.02.2021;Alien;1979;https://boxd.it/3;3\r\n',
    );
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 3, matched: 2 });
    expect(summary.unmatched).toEqual([
      { line: 3, title: 'Amélie; or not', year: 2001, rating: 5 },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({
      2571: [4.5, Date.UTC(2021, 0, 2)],
      1214: [3, Date.UTC(2021, 1, 13)],
    });
  });

  it('a watched list saved with semicolons marks its films seen', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'watched.csv',
      'Date;Name;Year;Letterboxd URI\n09.07.2022;Alien;1979;https://boxd.it/b\n',
    );
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary.seen).toMatchObject({ rows: 1, added: 1 });
  });
});

describe('a date that cannot be read is refused, not guessed', () => {
  const header = 'Date,Name,Year,Letterboxd URI,Rating\n';

  it('dates with slashes that no date of the file tells the order of ("1/2/2021": 2 January or 1 February)', async () => {
    const file = exportNamed(
      'ratings.csv',
      `${header}1/2/2021,The Matrix,1999,x,4\n03/04/2021,Alien,1979,y,3\n`,
    );
    await expectRefused(
      file,
      /^ratings\.csv line 2: the date "1\/2\/2021" could be day first or month first, and no date in the file has a day above 12/,
    );
  });

  it.each([
    ['2021-02-30', 'no such day'],
    ['yesterday', 'no date'],
  ])('"%s" (%s)', async (date) => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'ratings.csv',
      `${header}${date},The Matrix,1999,https://boxd.it/1,4\n`,
    );
    const before = snapshot(db);
    const error = await importPersonalExport(db, profileId, file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(
      new RegExp(`^ratings\\.csv line 2: the date "${date}" cannot be read: .*year first`),
    );
    expect(snapshot(db)).toEqual(before);
  });

  it("an unreadable date never counts as today, so it cannot win over the profile's own newer rating", async () => {
    const { db, profileId } = await catalogueWithProfile();
    const mine = Date.UTC(2024, 5, 1);
    setProfileRating(db, profileId, 2571, 5, mine);
    const file = exportNamed('ratings.csv', `${header}yesterday,The Matrix,1999,x,1\n`);
    await expect(importPersonalExport(db, profileId, file)).rejects.toThrow(/cannot be read/);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: [5, mine] });
  });

  it('dates written year first, with a time, a zone or the month by name, are read', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'ratings.csv',
      header +
        '2021/2/3,The Matrix,1999,https://boxd.it/1,4\n' +
        '2021-02-04T10:00:00Z,Alien,1979,https://boxd.it/3,3\n' +
        '"Feb 5, 2021",Toy Story,1995,https://boxd.it/4,2\n',
    );
    await importPersonalExport(db, profileId, file);
    expect(ratingsOf(db, profileId)).toEqual({
      2571: [4, Date.UTC(2021, 1, 3)],
      1214: [3, Date.UTC(2021, 1, 4, 10)],
      1: [2, Date.parse('Feb 5, 2021')],
    });
  });
});

describe("Letterboxd's import format (what tools write when moving a history between services)", () => {
  const header = 'LetterboxdURI,tmdbID,imdbID,Title,Year,Rating,Rating10,WatchedDate\n';

  it('is read: titles, half stars or tens, watched dates, and ids that match whatever the title says', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'from-imdb.csv',
      header +
        ',,tt0133093,Matrix (Original Cut),1999,,9,2021-03-01\n' + // by its IMDb id
        ',348,,Alien,1979,3.5,,2021-03-02\n' + // by its TMDB id and half stars
        ',,,Toy Story,1995,,4,2021-03-03\n', // by title and year
    );
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 3, matched: 3 });
    expect(ratingsOf(db, profileId)).toEqual({
      2571: [4.5, Date.UTC(2021, 2, 1)],
      1214: [3.5, Date.UTC(2021, 2, 2)],
      1: [2, Date.UTC(2021, 2, 3)],
    });
  });

  it('named as Letterboxd (--format letterboxd), both its export and its import format are read', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const importFormat = exportNamed('from-imdb.csv', `${header},,,Alien,1979,,8,2021-03-02\n`);
    const exported = exportNamed(
      'ratings.csv',
      'Date,Name,Year,Letterboxd URI,Rating\n2021-03-04,Toy Story,1995,x,4\n',
    );
    for (const file of [importFormat, exported])
      expect(await importPersonalExport(db, profileId, file, 'letterboxd')).toMatchObject({
        format: 'letterboxd',
        matched: 1,
      });
    expect(Object.keys(ratingsOf(db, profileId))).toEqual(['1', '1214']);
  });

  it('a Rating10 outside 1–10 is refused with its line', async () => {
    const file = exportNamed('from-imdb.csv', `${header},,,Alien,1979,,11,2021-03-02\n`);
    const { db, profileId } = await catalogueWithProfile();
    await expect(importPersonalExport(db, profileId, file)).rejects.toThrow(
      /^from-imdb\.csv line 2: rating 11 is outside the scale \(whole numbers from 1 to 10\)/,
    );
  });
});

describe('a rating the export gives no date', () => {
  const header = 'Date,Name,Year,Letterboxd URI,Rating\n';

  it("never counts as newer than the profile's own: newest-wins keeps it, and the conflict says undated", async () => {
    const { db, profileId } = await catalogueWithProfile();
    const mine = Date.UTC(2020, 0, 1);
    setProfileRating(db, profileId, 2571, 5, mine);
    const file = exportNamed('undated.csv', `${header},The Matrix,1999,x,1\n,Alien,1979,y,4\n`);
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary.counts).toMatchObject({ new: 1, conflicting: 1, conflictingNewer: 0 });
    expect(summary.conflicts).toEqual([expect.objectContaining({ movieId: 2571, theirsAt: null })]);
    expect(ratingsOf(db, profileId)[2571]).toEqual([5, mine]);
    // a new rating without a date is still imported, as of now
    expect(ratingsOf(db, profileId)[1214][0]).toBe(4);

    const theirs = await importPersonalExport(db, profileId, file, 'auto', {
      conflicts: 'take-theirs',
    });
    expect(theirs.written).toBe(1);
    expect(ratingsOf(db, profileId)[2571][0]).toBe(1);
  });

  it('of a movie rated on a dated and an undated row, the dated one is kept', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'undated.csv',
      `${header}2021-05-01,The Matrix,1999,x,2\n,The Matrix,1999,x,4\n`,
    );
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary.skipped).toEqual([
      { file: 'undated.csv', line: 3, reason: 'the same movie as line 2, rated later' },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: [2, Date.UTC(2021, 4, 1)] });
  });
});

describe('an export saved as a spreadsheet workbook instead of CSV', () => {
  const xml = '<?xml version="1.0"?><x/>';
  it.each([
    [
      'ratings.xlsx',
      [{ name: '[Content_Types].xml' }, { name: 'xl/workbook.xml' }, { name: 'xl/sheet1.xml' }],
      /^ratings\.xlsx: this is an Excel workbook, not a CSV file: .*Save As › CSV UTF-8/,
    ],
    [
      'ratings.ods',
      [{ name: 'mimetype' }, { name: 'content.xml' }, { name: 'META-INF/manifest.xml' }],
      /^ratings\.ods: this is a LibreOffice Calc spreadsheet, not a CSV file: .*Text CSV/,
    ],
    [
      // a workbook whose name says zip: what is inside tells
      'export.zip',
      [{ name: 'Index/Document.iwa' }, { name: 'Metadata/Properties.plist' }],
      /^export\.zip: this is a Numbers spreadsheet, not a CSV file: .*Export To › CSV/,
    ],
  ])('%s is refused with what to do instead, and nothing changes', async (name, entries, says) => {
    const { db, profileId } = await catalogueWithProfile();
    const file = path.join(makeTempDir(), name);
    writeZip(
      file,
      entries.map((e) => ({ ...e, data: xml })),
    );
    const before = snapshot(db);
    const error = await importPersonalExport(db, profileId, file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(says);
    expect(snapshot(db)).toEqual(before);
  });

  it('an Excel 97–2003 workbook (.xls) is told by its first bytes, whatever its name', async () => {
    const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const file = exportNamed('ratings.csv', '');
    writeFileSync(file, Buffer.concat([head, Buffer.alloc(512)]));
    await expectRefused(file, /^ratings\.csv: this is an Excel workbook, not a CSV file/);
  });
});

describe("an export saved in a spreadsheet's own text encoding", () => {
  it('Windows-1252 ("CSV" from Excel on Windows): accented titles are read, and found', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const text =
      'Date,Name,Year,Letterboxd URI,Rating\r\n' +
      "2021-02-03,Le Fabuleux destin d'Amélie Poulain,2001,https://boxd.it/2,4.5\r\n" +
      '2021-02-04,The Matrix,1999,https://boxd.it/1,4\r\n';
    const file = exportNamed('ratings.csv', '');
    // Windows-1252 holds é as the one byte E9, as latin1 does
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const summary = await importPersonalExport(db, profileId, file);
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 2, matched: 2, unmatched: [] });
    expect(ratingsOf(db, profileId)).toEqual({
      4973: [4.5, Date.UTC(2021, 1, 3)],
      2571: [4, Date.UTC(2021, 1, 4)],
    });
  });

  it.each([
    ['UTF-16 little-endian', 'utf16le'],
    ['UTF-16 big-endian', 'utf16be'],
  ])('%s with a byte order mark ("Unicode text", tab-separated) is read', async (_name, order) => {
    const { db, profileId } = await catalogueWithProfile();
    const text =
      '\ufeffConst\tYour Rating\tDate Rated\tTitle\tURL\tTitle Type\tYear\tDirectors\r\n' +
      'tt0133093\t9\t2021-02-03\tThe Matrix\thttps://www.imdb.com/title/tt0133093/\tMovie\t1999\tLana Wachowski\r\n' +
      'tt0211915\t8\t2021-02-04\tAmélie\thttps://www.imdb.com/title/tt0211915/\tMovie\t2001\tJean-Pierre Jeunet\r\n';
    const little = Buffer.from(text, 'utf16le');
    const file = exportNamed('ratings.txt', '');
    const bytes = order === 'utf16le' ? little : Buffer.from(little).swap16();
    writeFileSync(file, bytes);
    const progress: number[] = [];
    const summary = await importPersonalExport(db, profileId, file, 'auto', {
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(summary).toMatchObject({ format: 'imdb', rows: 2, matched: 2, unmatched: [] });
    // progress counts the file's own bytes, so the bar ends full
    expect(Math.max(...progress)).toBe(bytes.length);
    expect(ratingsOf(db, profileId)).toEqual({
      2571: [4.5, Date.UTC(2021, 1, 3)],
      4973: [4, Date.UTC(2021, 1, 4)],
    });
  });
});

describe("an export's dates rewritten with slashes by a spreadsheet", () => {
  const header = 'Date,Name,Year,Letterboxd URI,Rating\n';

  it.each([
    // Excel in Britain: day first; the 13th tells the order of the whole file
    ['day first', '03/02/2021', '13/02/2021 14:05'],
    // Excel in the United States: month first
    ['month first', '2/3/2021', '2/13/2021 14:05'],
  ])('%s, told by a date with a day above 12, are read so', async (_order, early, late) => {
    const { db, profileId } = await catalogueWithProfile();
    const file = exportNamed(
      'ratings.csv',
      `${header}${early},The Matrix,1999,x,4\n${late},Alien,1979,y,3\n`,
    );
    await importPersonalExport(db, profileId, file);
    expect(ratingsOf(db, profileId)).toEqual({
      2571: [4, Date.UTC(2021, 1, 3)],
      1214: [3, Date.UTC(2021, 1, 13, 14, 5)],
    });
  });

  it('a date that the order the file tells makes impossible is refused, naming its line', async () => {
    const file = exportNamed(
      'ratings.csv',
      `${header}13/02/2021,The Matrix,1999,x,4\n02/14/2021,Alien,1979,y,3\n`,
    );
    await expectRefused(
      file,
      /^ratings\.csv line 3: the date "02\/14\/2021" is not a date when read day first/,
    );
  });
});
