import path from 'node:path';
import type { Db } from '../../main/catalogue/db';
import { listGenres, onboardingPicks } from '../../main/catalogue/movies';
import { createProfile } from '../../main/catalogue/profiles';
import { setProfileRating } from '../../main/catalogue/profile-ratings';
import { parseQuery, searchMovies } from '../../main/catalogue/search';
import { importRelease } from '../../main/importers/import-release';
import { datasets, freshCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';

let db: Db;
beforeAll(async () => {
  db = freshCatalogue().db;
  await importRelease(db, path.join(datasets, 'ml-latest-small'));
});
afterAll(removeTempDirs);

const titles = (query: string, genre?: string, limit = 5) =>
  searchMovies(db, query, { genre, limit }).map((m) => `${m.title} (${m.year})`);

describe('search over titles (FTS5)', () => {
  it('is accent- and case-insensitive: amelie finds Amélie', () => {
    expect(titles('amelie')[0]).toBe("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
    expect(titles('AMÉLIE POULAIN')[0]).toMatch(/^Amelie/);
    expect(titles('fabuleux destin')[0]).toMatch(/^Amelie/);
  });

  it('searches as you type: every prefix of "matrix" finds The Matrix', () => {
    for (const typed of ['ma', 'mat', 'matr', 'matri', 'matrix', 'the matr']) {
      expect(titles(typed, undefined, 10)).toContain('The Matrix (1999)');
    }
    expect(titles('matr')[0]).toBe('The Matrix (1999)');
  });

  it('narrows by a trailing year', () => {
    expect(titles('alien 1979')).toEqual(['Alien (1979)']);
    expect(titles('alien (1986)')).toEqual(['Aliens (1986)']);
    expect(parseQuery('blade runner 2049')).toMatchObject({ year: 2049 });
    // No Blade Runner from 2049: the number is then searched as part of the title.
    expect(titles('blade runner 2049')[0]).toBe('Blade Runner 2049 (2017)');
    expect(titles('2001')).toContain('2001: A Space Odyssey (1968)');
  });

  it('ranks the exact title first, then titles starting with the words, then by popularity', () => {
    const alien = searchMovies(db, 'alien', { limit: 10 });
    expect(alien[0].title).toBe('Alien');
    expect(alien[1].title).toBe('Aliens');
    const contains = alien.filter((m) => !/^alien/i.test(m.title));
    for (let i = 1; i < contains.length; i++)
      expect(contains[i - 1].ratingCount).toBeGreaterThanOrEqual(contains[i].ratingCount);
  });

  it('filters by genre, and an empty query with a genre lists its popular movies', () => {
    const horror = searchMovies(db, 'love', { genre: 'Horror', limit: 20 });
    expect(horror.length).toBeGreaterThan(0);
    for (const m of horror) expect(m.genres).toContain('Horror');
    const popularHorror = searchMovies(db, '', { genre: 'Horror', limit: 10 });
    expect(popularHorror).toHaveLength(10);
    expect(popularHorror[0].title).toBe('The Silence of the Lambs');
    for (let i = 1; i < popularHorror.length; i++)
      expect(popularHorror[i - 1].ratingCount).toBeGreaterThanOrEqual(popularHorror[i].ratingCount);
  });

  it('treats FTS syntax in the query as plain text', () => {
    expect(() => searchMovies(db, 'star AND "wars* OR NEAR(')).not.toThrow();
    expect(searchMovies(db, '"";;**', { limit: 3 })).toHaveLength(3);
    expect(searchMovies(db, 'zzzzqqq')).toEqual([]);
  });
});

describe('genres and onboarding', () => {
  it('lists the genres', () => {
    const genres = listGenres(db);
    expect(genres).toContain('Sci-Fi');
    expect(genres).not.toContain('(no genres listed)');
  });

  it('offers well-known movies across genres that the profile has not rated', () => {
    const profile = createProfile(db, 'Newcomer');
    setProfileRating(db, profile.id, 356, 4); // Forrest Gump, the most rated
    const picks = onboardingPicks(db, profile.id, 12);
    expect(picks).toHaveLength(12);
    expect(picks.map((m) => m.id)).not.toContain(356);
    expect(Math.min(...picks.map((m) => m.ratingCount))).toBeGreaterThan(100);
    const mainGenres = new Set(picks.flatMap((m) => m.genres));
    expect(mainGenres.size).toBeGreaterThanOrEqual(8);
  });
});
