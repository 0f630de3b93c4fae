import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { Db } from '../../main/catalogue/db';
import { getMovieDetails } from '../../main/catalogue/movies';
import { createProfile } from '../../main/catalogue/profiles';
import { listProfileRatings, setProfileRating } from '../../main/catalogue/profile-ratings';
import { listMovieMarks, setMovieMark } from '../../main/catalogue/movie-marks';
import { importHistory, undoImport } from '../../main/catalogue/import-journal';
import { ImportError } from '../../main/importers/errors';
import { importPersonalExport } from '../../main/importers/import-export';
import {
  fixtureCatalogue,
  fixtures,
  makeTempDir,
  removeTempDirs,
  snapshot,
  writeFiles,
} from '../fixtures/catalogue-helpers';
import { writeZip } from '../fixtures/zip-writer';

afterAll(removeTempDirs);

const exportFile = (name: string) => path.join(fixtures, 'exports', name);

async function catalogueWithProfile(): Promise<{ db: Db; profileId: number }> {
  const db = await fixtureCatalogue();
  return { db, profileId: createProfile(db, 'Sam').id };
}

const ratingsOf = (db: Db, profileId: number) =>
  Object.fromEntries(listProfileRatings(db, profileId).map((r) => [r.movieId, r.rating]));

/** Every mark of the profile as stored (a seen mark on a rated movie too), by movie. */
const storedMarks = (db: Db, profileId: number) =>
  Object.fromEntries(
    (
      db
        .prepare('SELECT movie_id, mark FROM profile_movie_marks WHERE profile_id = ?')
        .all(profileId) as { movie_id: number; mark: string }[]
    ).map((m) => [m.movie_id, m.mark]),
  );

const markedAt = (db: Db, profileId: number, movieId: number) =>
  db
    .prepare('SELECT marked_at FROM profile_movie_marks WHERE profile_id = ? AND movie_id = ?')
    .pluck()
    .get(profileId, movieId);

const letterboxdListHeader = 'Date,Name,Year,Letterboxd URI\n';

describe('personal exports into a profile', () => {
  it('movielens.org: matches by movie id and lists what did not match', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const summary = await importPersonalExport(db, profileId, exportFile('movielens-ratings.csv'));
    expect(summary).toMatchObject({ format: 'movielens', rows: 2, matched: 1 });
    expect(summary.unmatched).toEqual([
      { line: 3, title: 'Not In Catalogue', year: 2010, rating: 3 },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: 5 });
  });

  it('IMDb: 1–10 becomes half stars, by IMDb id through links, else by title and year', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const summary = await importPersonalExport(db, profileId, exportFile('imdb-ratings.csv'));
    expect(summary).toMatchObject({ format: 'imdb', rows: 3, matched: 2 });
    // a TV series is still looked for (MovieLens lists some); unmatched, it says what it is
    expect(summary.unmatched).toEqual([
      { line: 3, title: 'Some Show', year: 2015, rating: 3, kind: 'TV series' },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 1214: 4.5, 11: 3.5 });
    expect(listProfileRatings(db, profileId).find((r) => r.movieId === 1214)!.ratedAt).toBe(
      Date.parse('2020-01-03'),
    );
    expect(db.prepare('SELECT people FROM movies WHERE id = 1214').pluck().get()).toBe(
      'Ridley Scott',
    );
  });

  it('its last progress report is the whole file, however fast it was read', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const reports: { phase: string; bytes: number; totalBytes: number | null }[] = [];
    await importPersonalExport(db, profileId, exportFile('imdb-ratings.csv'), 'auto', {
      onProgress: (p) => reports.push(p),
    });
    const last = reports.at(-1)!;
    expect(last.phase).toBe('done');
    expect(last.bytes).toBe(last.totalBytes);
  });

  it('Letterboxd: natural titles ("The Matrix", "Amélie") match MovieLens ones by title and year', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const summary = await importPersonalExport(db, profileId, exportFile('letterboxd-ratings.csv'));
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 4, matched: 3 });
    expect(summary.unmatched).toEqual([
      { line: 5, title: 'Unknown Film', year: 2020, rating: 2.5 },
    ]);
    expect(ratingsOf(db, profileId)).toEqual({ 2571: 4.5, 4973: 5, 1: 3 });
    expect(getMovieDetails(db, 4973, profileId)!.yourRating).toBe(5);
  });

  it('Letterboxd: reads ratings.csv out of the export zip', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const zip = path.join(makeTempDir(), 'letterboxd-export.zip');
    const fs = await import('node:fs');
    writeZip(zip, [
      { name: 'watched.csv', data: 'Date,Name,Year,Letterboxd URI\n' },
      { name: 'ratings.csv', data: fs.readFileSync(exportFile('letterboxd-ratings.csv')) },
      { name: 'likes/films.csv', data: 'Date,Name,Year,Letterboxd URI\n' },
      {
        name: 'diary.csv',
        data: 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n',
      },
      { name: 'deleted/ratings.csv', data: 'Date,Name,Year,Letterboxd URI,Rating\n' },
      { name: 'profile.json', data: '{}' },
    ]);
    expect(await importPersonalExport(db, profileId, zip)).toMatchObject({
      format: 'letterboxd',
      matched: 3,
      seen: { file: 'watched.csv', rows: 0, added: 0 },
      // Said, so nobody thinks their likes came in; what Letterboxd keeps deleted is no one's loss.
      notRead: ['diary.csv', 'likes/films.csv'],
    });
  });

  it("Letterboxd: the zip's watched.csv marks seen what was watched but not rated, never over a rating, a mark or the watchlist", async () => {
    const { db, profileId } = await catalogueWithProfile();
    setMovieMark(db, profileId, 1214, 'not-interested', 1000); // Alien
    const zip = path.join(makeTempDir(), 'letterboxd-export.zip');
    const fs = await import('node:fs');
    writeZip(zip, [
      // The Matrix, Amélie and Toy Story, rated
      { name: 'ratings.csv', data: fs.readFileSync(exportFile('letterboxd-ratings.csv')) },
      {
        name: 'watchlist.csv',
        data: letterboxdListHeader + '2023-05-01,The American President,1995,https://boxd.it/a\n',
      },
      {
        name: 'watched.csv',
        data:
          letterboxdListHeader +
          '2021-02-01,The Matrix,1999,https://boxd.it/1\n' + // rated by the same import
          '2022-07-09,"Say ""Hello""",2003,https://boxd.it/c\n' + // watched, not rated: seen
          '2022-07-10,The American President,1995,https://boxd.it/a\n' + // to rewatch: stays on the watchlist
          '2022-07-11,Alien,1979,https://boxd.it/b\n' + // not interested: stays
          '2022-07-12,No Such Film,2031,https://boxd.it/e\n',
      },
      { name: 'deleted/watched.csv', data: letterboxdListHeader },
    ]);
    const preview = await importPersonalExport(db, profileId, zip, 'auto', { dryRun: true });
    expect(preview.seen).toMatchObject({ added: 1, rated: 1, alreadyOn: 1, notInterested: 1 });
    expect(storedMarks(db, profileId)).toEqual({ 1214: 'not-interested' });

    const summary = await importPersonalExport(db, profileId, zip);
    expect(summary).toMatchObject({ format: 'letterboxd', matched: 3, written: 3 });
    expect(summary.watchlist).toMatchObject({ added: 1 });
    expect(summary.seen).toEqual({
      file: 'watched.csv',
      rows: 5,
      added: 1,
      alreadyOn: 1,
      notInterested: 1,
      alreadySeen: 0,
      rated: 1,
      unmatched: [{ line: 6, title: 'No Such Film', year: 2031, rating: null }],
    });
    expect(storedMarks(db, profileId)).toEqual({
      11: 'watchlist',
      5000: 'seen',
      1214: 'not-interested',
    });
    // marked seen on the day it was logged
    expect(markedAt(db, profileId, 5000)).toBe(Date.parse('2022-07-09'));
    expect(ratingsOf(db, profileId)).toEqual({ 2571: 4.5, 4973: 5, 1: 3 });
    expect(importHistory(db, profileId)[0]).toMatchObject({
      written: 3,
      watchlisted: 1,
      markedSeen: 1,
    });
    // Undo takes off what the import marked, and only that.
    expect(undoImport(db, profileId, summary.importId!)).toMatchObject({
      restored: 3,
      watchlistRemoved: 1,
      seenRemoved: 1,
    });
    expect(storedMarks(db, profileId)).toEqual({ 1214: 'not-interested' });
  });

  it('Letterboxd: a watched.csv alone marks seen, leaves your own marks, and its undo leaves a movie marked since', async () => {
    const { db, profileId } = await catalogueWithProfile();
    setProfileRating(db, profileId, 1, 4); // Toy Story
    setMovieMark(db, profileId, 5000, 'seen', 1000); // Say "Hello"
    setMovieMark(db, profileId, 2571, 'watchlist', 2000); // The Matrix
    const dir = makeTempDir();
    writeFiles(dir, {
      'watched.csv':
        letterboxdListHeader +
        '2022-01-01,Toy Story,1995,u\n' + // rated
        '2022-01-02,"Say ""Hello""",2003,u\n' + // seen already
        '2022-01-03,The Matrix,1999,u\n' + // on the watchlist
        '2022-01-04,Alien,1979,u\n' +
        '2022-01-05,The American President,1995,u\n' +
        '2022-01-06,Amélie,2001,u\n' +
        '2022-01-07,Heat,1995,u\n', // not in the catalogue
    });
    const reports: { phase: string; rows: number }[] = [];
    const summary = await importPersonalExport(
      db,
      profileId,
      path.join(dir, 'watched.csv'),
      'auto',
      {
        onProgress: (p) => reports.push(p),
      },
    );
    // Its progress counts the list's rows (not the ratings it has none of).
    expect(reports.at(-1)).toMatchObject({ phase: 'done', rows: 7 });
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 0, written: 0 });
    expect(summary.importId).not.toBeNull();
    expect(summary.watchlist).toBeUndefined();
    expect(summary.seen).toEqual({
      file: 'watched.csv',
      rows: 7,
      added: 3,
      alreadyOn: 1,
      notInterested: 0,
      alreadySeen: 1,
      rated: 1,
      unmatched: [{ line: 8, title: 'Heat', year: 1995, rating: null }],
    });
    expect(storedMarks(db, profileId)).toEqual({
      5000: 'seen',
      2571: 'watchlist',
      1214: 'seen',
      11: 'seen',
      4973: 'seen',
    });
    expect(markedAt(db, profileId, 5000)).toBe(1000);
    expect(ratingsOf(db, profileId)).toEqual({ 1: 4 });

    // A watchlist brought later leaves a movie marked seen as it is.
    writeFiles(dir, { 'watchlist.csv': letterboxdListHeader + '2023-01-01,Alien,1979,u\n' });
    const listed = await importPersonalExport(db, profileId, path.join(dir, 'watchlist.csv'));
    expect(listed.watchlist).toMatchObject({ added: 0, alreadySeen: 1 });
    expect(listed.importId).toBeNull();

    // Since the import, Alien was marked seen again and The American President put on the
    // watchlist: undo takes off only Amélie's mark, still as the import set it.
    setMovieMark(db, profileId, 1214, 'seen', Date.parse('2024-01-01'));
    setMovieMark(db, profileId, 11, 'watchlist', Date.parse('2024-01-02'));
    expect(undoImport(db, profileId, summary.importId!)).toEqual({
      importId: summary.importId,
      restored: 0,
      changedSince: 0,
      watchlistRemoved: 0,
      seenRemoved: 1,
    });
    expect(storedMarks(db, profileId)).toEqual({
      5000: 'seen',
      2571: 'watchlist',
      1214: 'seen',
      11: 'watchlist',
    });

    // An empty watched.csv, or one of no known export, is refused, naming the file.
    writeFiles(dir, { 'empty/watched.csv': '', 'odd/watched.csv': 'a,b\n1,2\n' });
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'empty', 'watched.csv')),
    ).rejects.toThrow(/^watched\.csv: the file is empty/);
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'odd', 'watched.csv')),
    ).rejects.toThrow(/^watched\.csv line 1: not a known watched list: the header is "a,b"/);
  });

  it("Letterboxd: the zip's watchlist.csv fills the watchlist, never over a mark or a rating", async () => {
    const { db, profileId } = await catalogueWithProfile();
    setMovieMark(db, profileId, 1214, 'not-interested', 1000); // Alien
    setMovieMark(db, profileId, 5000, 'watchlist', 2000);
    const zip = path.join(makeTempDir(), 'letterboxd-export.zip');
    const fs = await import('node:fs');
    writeZip(zip, [
      { name: 'ratings.csv', data: fs.readFileSync(exportFile('letterboxd-ratings.csv')) },
      {
        name: 'watchlist.csv',
        data:
          'Date,Name,Year,Letterboxd URI\n' +
          '2023-05-01,The American President,1995,https://boxd.it/a\n' + // new
          '2023-05-02,Alien,1979,https://boxd.it/b\n' + // not interested: stays
          '2023-05-03,"Say ""Hello""",2003,https://boxd.it/c\n' + // on the watchlist already
          '2023-05-04,Toy Story,1995,https://boxd.it/d\n' + // rated by the same import
          '2023-05-05,No Such Film,2031,https://boxd.it/e\n',
      },
      { name: 'deleted/watchlist.csv', data: 'Date,Name,Year,Letterboxd URI\n' },
    ]);
    const preview = await importPersonalExport(db, profileId, zip, 'auto', { dryRun: true });
    expect(preview.watchlist).toMatchObject({ added: 1, notInterested: 1, alreadyOn: 1, rated: 1 });
    expect(listMovieMarks(db, profileId)).toHaveLength(2);

    const summary = await importPersonalExport(db, profileId, zip);
    expect(summary).toMatchObject({ format: 'letterboxd', matched: 3, written: 3 });
    expect(summary.watchlist).toEqual({
      file: 'watchlist.csv',
      rows: 5,
      added: 1,
      alreadyOn: 1,
      notInterested: 1,
      alreadySeen: 0,
      rated: 1,
      unmatched: [{ line: 6, title: 'No Such Film', year: 2031, rating: null }],
    });
    const marks = () =>
      Object.fromEntries(listMovieMarks(db, profileId).map((m) => [m.movieId, m.mark]));
    expect(marks()).toEqual({ 11: 'watchlist', 5000: 'watchlist', 1214: 'not-interested' });
    expect(listMovieMarks(db, profileId).find((m) => m.movieId === 11)!.markedAt).toBe(
      Date.parse('2023-05-01'),
    );
    expect(importHistory(db, profileId)[0]).toMatchObject({ written: 3, watchlisted: 1 });
    // Undo takes off what the import put there, and only that.
    expect(undoImport(db, profileId, summary.importId!)).toMatchObject({
      restored: 3,
      watchlistRemoved: 1,
    });
    expect(marks()).toEqual({ 5000: 'watchlist', 1214: 'not-interested' });
    expect(ratingsOf(db, profileId)).toEqual({});
  });

  it('IMDb: a WATCHLIST.csv alone is a watchlist, matched by IMDb id', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const dir = makeTempDir();
    writeFiles(dir, {
      'WATCHLIST.csv':
        'Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated\n' +
        '1,tt0078748,2022-01-02,2022-01-02,,Alien,https://www.imdb.com/title/tt0078748/,Movie,8.5,117,1979,Horror,900000,1979-05-25,Ridley Scott,,\n' +
        '2,tt9999999,2022-01-03,2022-01-03,,Some Show,https://www.imdb.com/title/tt9999999/,TV Series,7.0,50,2015,Drama,1000,2015-01-01,,,\n' +
        // rated on IMDb while on the list: seen, so not for the watchlist
        '3,tt0000001,2022-01-04,2022-01-04,,The American President,https://www.imdb.com/title/tt0000001/,Movie,6.8,114,1995,Comedy,50000,1995-11-17,Rob Reiner,7,2022-02-01\n',
    });
    const summary = await importPersonalExport(db, profileId, path.join(dir, 'WATCHLIST.csv'));
    expect(summary).toMatchObject({ format: 'imdb', rows: 0, written: 0 });
    expect(summary.importId).not.toBeNull();
    expect(summary.watchlist).toMatchObject({
      rows: 3,
      added: 1,
      rated: 1,
      unmatched: [{ line: 3, title: 'Some Show', year: 2015, rating: null, kind: 'TV series' }],
    });
    expect(listMovieMarks(db, profileId).map((m) => [m.movieId, m.mark])).toEqual([
      [1214, 'watchlist'],
    ]);
    // An empty watchlist, or one of no known export, is refused, naming the file.
    writeFiles(dir, { 'empty/watchlist.csv': '', 'odd/watchlist.csv': 'a,b\n1,2\n' });
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'empty', 'watchlist.csv')),
    ).rejects.toThrow(/watchlist\.csv: the file is empty/);
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'odd', 'watchlist.csv')),
    ).rejects.toThrow(/watchlist\.csv line 1: not a known watchlist: the header is "a,b"/);
    // A list of some other kind without ratings (Letterboxd's likes) is still refused, naming
    // its file and line.
    writeFiles(dir, { 'films.csv': 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,x\n' });
    await expect(importPersonalExport(db, profileId, path.join(dir, 'films.csv'))).rejects.toThrow(
      /films\.csv line 1: .*has no rating column.*watchlist\.csv.*watched\.csv/,
    );
    // So is Movie Assistant's own list export under a name of the person's choosing: it says
    // how to name it, not that it is no known export.
    writeFiles(dir, {
      'to-see.csv': 'Const,Created,Title,Year,tmdbID\ntt0078748,2024-01-01,Alien,1979,348\n',
    });
    await expect(importPersonalExport(db, profileId, path.join(dir, 'to-see.csv'))).rejects.toThrow(
      /to-see\.csv line 1: the header "Const,Created,Title,Year,tmdbID" has no rating column; .*"watchlist" in it.*watched\.csv/,
    );
  });

  it('refuses an unknown export, a bad rating, and an unknown profile, writing nothing', async () => {
    const { db, profileId } = await catalogueWithProfile();
    const before = snapshot(db);
    const dir = makeTempDir();
    writeFiles(dir, {
      'other.csv': 'a,b,c\n1,2,3\n',
      'bad-imdb.csv':
        'Const,Your Rating,Title,Year\ntt0078748,9,Alien,1979\ntt0133093,11,The Matrix,1999\n',
      'worded.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,4.5\n2024-01-02,Alien,1979,https://boxd.it/y,five\n',
      'between-stars.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,4.5\n2024-01-02,Alien,1979,https://boxd.it/y,3.7\n',
      'watchlist.csv':
        letterboxdListHeader + '2024-01-01,Crouching Tiger, Hidden Dragon,2000,https://boxd.it/z\n',
      'future.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,4.5\n2031-01-01,Alien,1979,https://boxd.it/y,5\n',
      'between-imdb.csv':
        'Const,Your Rating,Title,Year\ntt0078748,9,Alien,1979\ntt0133093,7.5,The Matrix,1999\n',
      'decimal-comma.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,4.5,\n2024-01-02,Alien,1979,https://boxd.it/y,4,5\n',
    });
    // Read as 4, its ",5" dropped, Alien would take a rating its viewer never gave.
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'decimal-comma.csv')),
    ).rejects.toThrow(
      'decimal-comma.csv line 3: 6 fields where the header names 5: a value with a comma in it must be in double quotes (a rating is written 4.5, not 4,5)',
    );
    await expect(importPersonalExport(db, profileId, path.join(dir, 'worded.csv'))).rejects.toThrow(
      'worded.csv line 3: rating "five" is not a number (half stars from 0.5 to 5)',
    );
    await expect(importPersonalExport(db, profileId, path.join(dir, 'other.csv'))).rejects.toThrow(
      /other\.csv line 1: not a known ratings export.*Known exports/,
    );
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'bad-imdb.csv')),
    ).rejects.toThrow(
      /bad-imdb\.csv line 3: rating 11 is outside the scale \(whole numbers from 1 to 10\)/,
    );
    // A rating dated after today would win every newest-wins conflict for years.
    await expect(importPersonalExport(db, profileId, path.join(dir, 'future.csv'))).rejects.toThrow(
      'future.csv line 3: the date "2031-01-01" is after today: a rating cannot have been given then (is this computer\'s clock right?)',
    );
    // A list without ratings is not told how ratings are written.
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'watchlist.csv')),
    ).rejects.toThrow(
      /^watchlist\.csv line 2: 5 fields where the header names 4: a value with a comma in it must be in double quotes$/,
    );
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'between-stars.csv')),
    ).rejects.toThrow(
      "between-stars.csv line 3: rating 3.7 is between the scale's steps (half stars from 0.5 to 5)",
    );
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'between-imdb.csv')),
    ).rejects.toThrow(
      "between-imdb.csv line 3: rating 7.5 is between the scale's steps (whole numbers from 1 to 10)",
    );
    await expect(
      importPersonalExport(db, profileId, exportFile('imdb-ratings.csv'), 'letterboxd'),
    ).rejects.toBeInstanceOf(ImportError);
    await expect(
      importPersonalExport(db, 999, exportFile('imdb-ratings.csv')),
    ).rejects.toBeInstanceOf(ApiError);
    expect(snapshot(db)).toEqual(before);
  });
});
