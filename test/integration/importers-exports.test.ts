import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { Db } from '../../main/catalogue/db';
import { getMovieDetails } from '../../main/catalogue/movies';
import { createProfile } from '../../main/catalogue/profiles';
import { listProfileRatings } from '../../main/catalogue/profile-ratings';
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
    ]);
    expect(await importPersonalExport(db, profileId, zip)).toMatchObject({
      format: 'letterboxd',
      matched: 3,
    });
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
    });
    await expect(importPersonalExport(db, profileId, path.join(dir, 'worded.csv'))).rejects.toThrow(
      'worded.csv line 3: rating "five" is not a number (half stars from 0.5 to 5)',
    );
    await expect(importPersonalExport(db, profileId, path.join(dir, 'other.csv'))).rejects.toThrow(
      /other\.csv line 1: not a known ratings export.*Known exports/,
    );
    await expect(
      importPersonalExport(db, profileId, path.join(dir, 'bad-imdb.csv')),
    ).rejects.toThrow(/bad-imdb\.csv line 3: rating 11 is outside IMDb's scale/);
    await expect(
      importPersonalExport(db, profileId, exportFile('imdb-ratings.csv'), 'letterboxd'),
    ).rejects.toBeInstanceOf(ImportError);
    await expect(
      importPersonalExport(db, 999, exportFile('imdb-ratings.csv')),
    ).rejects.toBeInstanceOf(ApiError);
    expect(snapshot(db)).toEqual(before);
  });
});
