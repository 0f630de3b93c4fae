import path from 'node:path';
import type { Db } from '../../main/catalogue/db';
import { createProfile } from '../../main/catalogue/profiles';
import { listProfileRatings } from '../../main/catalogue/profile-ratings';
import { importPersonalExport } from '../../main/importers/import-export';
import { importRelease } from '../../main/importers/import-release';
import { MovieMatcher } from '../../main/importers/movie-matcher';
import { titleKey } from '../../main/catalogue/titles';
import {
  datasets,
  freshCatalogue,
  makeTempDir,
  removeTempDirs,
  writeFiles,
} from '../fixtures/catalogue-helpers';

let db: Db;
beforeAll(async () => {
  db = freshCatalogue().db;
  await importRelease(db, path.join(datasets, 'ml-latest-small'));
});
afterAll(removeTempDirs);

describe('matching exported titles to the catalogue by either title', () => {
  it('finds a movie by its alternative or original title', () => {
    const matcher = new MovieMatcher(db);
    const match = (title: string, year: number | null) =>
      matcher.match({ key: titleKey(title), year });
    expect(match('Se7en', 1995)).toBe(47); // Seven (a.k.a. Se7en) (1995)
    expect(match('Seven', 1995)).toBe(47);
    expect(match('12 Monkeys', 1995)).toBe(32); // Twelve Monkeys (a.k.a. 12 Monkeys)
    expect(match('Il Postino', 1994)).toBe(58); // Postman, The (Postino, Il)
    expect(match("Le Fabuleux destin d'Amélie Poulain", 2001)).toBe(4973);
    expect(match('Amélie', 2001)).toBe(4973);
    expect(match('Se7en', 1970)).toBeUndefined();
  });

  it("finds a movie by the part of its title before or after a colon or dash, that year's only one", () => {
    const matcher = new MovieMatcher(db);
    const match = (title: string, year: number | null) =>
      matcher.match({ key: titleKey(title), year });
    // ml-100k's and Letterboxd's titles of MovieLens' "Star Wars: Episode IV - A New Hope" etc.
    expect(match('Star Wars', 1977)).toBe(260);
    expect(match('The Empire Strikes Back', 1980)).toBe(1196);
    expect(match('Return of the Jedi', 1983)).toBe(1210);
    expect(match('The Wrong Trousers', 1993)).toBe(1148);
    // "The Professional" is also a 1981 film's title: this year's alternative title still counts.
    expect(match('Professional, The', 1994)).toBe(293);
    // A part matches only in its very year, and never without a year.
    expect(match('Star Wars', 1978)).toBeUndefined();
    expect(match('Star Wars', null)).toBeUndefined();
    // Given as written, a title's own part may match one: "Star Trek II: The Wrath of Khan".
    const khan = 'Star Trek: The Wrath of Khan';
    expect(match(khan, 1982)).toBeUndefined();
    expect(matcher.match({ key: titleKey(khan), title: khan, year: 1982 })).toBe(1374);
    expect(matcher.match({ key: titleKey(khan), title: khan, year: 1983 })).toBeUndefined();
    // Its franchise alone is not enough: an absent film would take its sibling of that year.
    const absent = 'Star Wars: A Film MovieLens Lacks';
    expect(matcher.match({ key: titleKey(absent), title: absent, year: 1977 })).toBeUndefined();
  });

  it('imports a Letterboxd export written with the other titles', async () => {
    const profileId = createProfile(db, 'Alternates').id;
    const dir = writeFiles(makeTempDir(), {
      'ratings.csv': [
        'Date,Name,Year,Letterboxd URI,Rating',
        '2021-02-01,Se7en,1995,https://boxd.it/1,4.5',
        '2021-02-02,12 Monkeys,1995,https://boxd.it/2,4',
        '2021-02-03,The Matrix,1999,https://boxd.it/3,5',
        '2021-02-04,La Haine,1995,https://boxd.it/4,3.5',
        '2021-02-05,Star Wars,1977,https://boxd.it/5,5',
      ].join('\n'),
    });
    const summary = await importPersonalExport(db, profileId, path.join(dir, 'ratings.csv'));
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 5, matched: 5, unmatched: [] });
    const rated = Object.fromEntries(
      listProfileRatings(db, profileId).map((r) => [r.movie.title, r.rating]),
    );
    expect(rated).toEqual({
      Seven: 4.5,
      'Twelve Monkeys': 4,
      'The Matrix': 5,
      Hate: 3.5,
      'Star Wars: Episode IV - A New Hope': 5,
    });
  });
});
