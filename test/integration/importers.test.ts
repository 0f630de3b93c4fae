import path from 'node:path';
import { datasetUser, datasetUserRatings } from '../../main/catalogue/dataset-users';
import type { Db } from '../../main/catalogue/db';
import { getMovieDetails } from '../../main/catalogue/movies';
import { findReleaseByFormat, listReleases } from '../../main/catalogue/releases';
import { loadEngineDataset, loadReleaseRatings } from '../../main/catalogue/training-data';
import { createProfile } from '../../main/catalogue/profiles';
import { setProfileRating } from '../../main/catalogue/profile-ratings';
import { searchMovies } from '../../main/catalogue/search';
import { importRelease } from '../../main/importers/import-release';
import type { ImportProgress } from '../../main/importers/progress';
import { leftOutText } from '../../shared/release-left-out';
import { LOCAL_MOVIE_ID_BASE } from '../../main/importers/release-writer';
import {
  datasets,
  fixtureFiles,
  fixtures,
  freshCatalogue,
  makeTempDir,
  removeTempDirs,
  snapshot,
  writeFiles,
} from '../fixtures/catalogue-helpers';
import { writeZip } from '../fixtures/zip-writer';

afterAll(removeTempDirs);

const count = (db: Db, sql: string, ...args: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

/** A movie's ratings per half star counted straight from dataset_ratings, 0.5★ first. */
function countedSpread(db: Db, movieId: number, releaseId: number): number[] {
  const spread = new Array<number>(10).fill(0);
  const rows = db
    .prepare(
      `SELECT rating_half AS half, COUNT(*) AS n FROM dataset_ratings
       WHERE movie_id = ? AND release_id = ? GROUP BY rating_half`,
    )
    .all(movieId, releaseId) as { half: number; n: number }[];
  for (const { half, n } of rows) spread[half - 1] = n;
  return spread;
}

describe('ml-latest-small (real data)', () => {
  let db: Db;
  const progress: ImportProgress[] = [];
  beforeAll(async () => {
    db = freshCatalogue().db;
    const summary = await importRelease(db, path.join(datasets, 'ml-latest-small'), {
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({
      format: 'ml-latest-small',
      movies: 9742,
      ratings: 100836,
      users: 610,
      tags: 3683,
      links: 9742,
    });
  });

  it('stores every movie, rating, user and tag', () => {
    expect(count(db, 'SELECT COUNT(*) FROM movies')).toBe(9742);
    expect(count(db, 'SELECT COUNT(*) FROM dataset_ratings')).toBe(100836);
    expect(count(db, 'SELECT COUNT(*) FROM dataset_users')).toBe(610);
    expect(count(db, 'SELECT COUNT(*) FROM tags')).toBe(3683);
    expect(count(db, 'SELECT COUNT(*) FROM movies WHERE imdb_id IS NOT NULL')).toBe(9742);
  });

  it('knows Toy Story, its links, genres, tags and rating statistics', () => {
    const toyStory = getMovieDetails(db, 1)!;
    expect(toyStory).toMatchObject({
      title: 'Toy Story',
      year: 1995,
      imdbId: 'tt0114709',
      tmdbId: 862,
      ratingCount: 215,
    });
    expect(toyStory.genres).toEqual(['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy']);
    expect(toyStory.tags).toContain('pixar');
    expect(toyStory.averageRating).toBeCloseTo(3.92, 2);
    expect(toyStory.ratingSpread).toEqual(countedSpread(db, 1, listReleases(db)[0].id));
    expect(toyStory.ratingSpread.reduce((a, b) => a + b)).toBe(215);
    expect(toyStory.ratingSpread[7]).toBeGreaterThan(toyStory.ratingSpread[1]); // 4★ over 1★
    expect(getMovieDetails(db, 2571)!.title).toBe('The Matrix');
  });

  it("shows a movie's tags calmly, and not those that repeat its genres", () => {
    // Aliens was tagged "SPACE TRAVEL", and "action", "horror" and "sci-fi" beside those genres.
    const aliens = getMovieDetails(db, 1200)!;
    expect(aliens.genres).toEqual(expect.arrayContaining(['Action', 'Horror', 'Sci-Fi']));
    expect(aliens.tags).toContain('space travel');
    expect(aliens.tags).toContain('aliens');
    expect(aliens.tags).not.toContain('SPACE TRAVEL');
    for (const genre of ['action', 'horror', 'sci-fi']) expect(aliens.tags).not.toContain(genre);
    // Crumb's one tag is a viewer's "In Netflix queue", which says nothing about the film
    expect(getMovieDetails(db, 162)!.tags).toEqual([]);
    expect(getMovieDetails(db, 1)!.tags).toContain('pixar');
  });

  it('keeps ratings as half stars with their time', () => {
    const user1 = datasetUserRatings(db, findReleaseByFormat(db, 'ml-latest-small')!.id, 1);
    expect(user1).toHaveLength(232);
    expect(user1[0]).toEqual({ movieId: 1, rating: 4, ratedAt: 964982703 });
    expect(count(db, 'SELECT COUNT(*) FROM dataset_ratings WHERE rating_half = 1')).toBe(1370);
  });

  it('reports progress with rows and bytes, ending at the total', () => {
    expect(progress.length).toBeGreaterThan(2);
    const last = progress[progress.length - 1];
    expect(last.totalBytes).toBeGreaterThan(3_000_000);
    expect(last.bytes).toBe(last.totalBytes);
    expect(last.rows).toBeGreaterThanOrEqual(100836);
  });

  it('loads the engine dataset quickly as typed arrays with a stable fingerprint', () => {
    const started = performance.now();
    const data = loadEngineDataset(db);
    const ms = performance.now() - started;
    expect(data.name).toBe('ml-latest-small');
    expect(data.nUsers).toBe(610);
    expect(data.nItems).toBe(9724);
    expect(data.ratings.rating.length).toBe(100836);
    expect(data.ratings.user).toBeInstanceOf(Int32Array);
    expect(data.movieIds[data.ratings.item[0]]).toBe(1);
    expect(data.userKeys[data.ratings.user[0]]).toBe(1);
    expect(data.movies[0]).toMatchObject({ title: 'Toy Story', year: 1995 });
    expect(data.demographics).toBeNull();
    expect(data.scale).toEqual({ min: 0.5, max: 5 });
    expect(loadEngineDataset(db).fingerprint).toBe(data.fingerprint);
    expect(ms).toBeLessThan(5000); // generous: the 2-core machine is shared; the bench measures speed
  });

  it('replaces the release cleanly when it is imported again', async () => {
    const before = snapshot(db) as { counts: Record<string, number> };
    const id = findReleaseByFormat(db, 'ml-latest-small')!.id;
    await importRelease(db, path.join(datasets, 'ml-latest-small'));
    const after = snapshot(db) as { counts: Record<string, number> };
    expect(after.counts).toEqual(before.counts);
    // The new import is swapped in under a new release id; the previous one's rows are gone.
    expect(findReleaseByFormat(db, 'ml-latest-small')!.id).not.toBe(id);
    expect(
      db.prepare('SELECT COUNT(*) FROM dataset_ratings WHERE release_id = ?').pluck().get(id),
    ).toBe(0);
    expect(getMovieDetails(db, 1)!.ratingCount).toBe(215);
  });

  it('maps most ml-100k movies onto catalogue movies by title and year', async () => {
    const summary = await importRelease(db, path.join(datasets, 'ml-100k'));
    expect(summary).toMatchObject({ movies: 1682, ratings: 100000, users: 943 });
    const release = findReleaseByFormat(db, 'ml-100k')!;
    const mapped = count(
      db,
      'SELECT COUNT(*) FROM release_items WHERE release_id = ? AND movie_id < ?',
      release.id,
      LOCAL_MOVIE_ID_BASE,
    );
    expect(mapped / 1682).toBeGreaterThan(0.7);
    // u.item 1 is Toy Story (1995), MovieLens movieId 1; 50 is Star Wars (1977).
    expect(
      count(
        db,
        'SELECT movie_id FROM release_items WHERE release_id = ? AND item_key = 1',
        release.id,
      ),
    ).toBe(1);
    // Its most rated movies are under other titles there: "Star Wars (1977)" is Episode IV,
    // "Return of the Jedi (1983)" Episode VI, "Professional, The (1994)" is Léon, "Star Trek: The
    // Wrath of Khan (1982)" is "Star Trek II: …".
    const movieOfItem = (item: number) =>
      count(
        db,
        'SELECT movie_id FROM release_items WHERE release_id = ? AND item_key = ?',
        release.id,
        item,
      );
    expect([50, 172, 181, 55, 228].map(movieOfItem)).toEqual([260, 1196, 1210, 293, 1374]);
    // The app still learns from ml-latest-small (real movieIds come first), and a movie's
    // ratings are that release's: ml-100k's 452 of Toy Story are not added to its 215.
    const toyStory = getMovieDetails(db, 1)!;
    expect(toyStory.ratingCount).toBe(215);
    const small = findReleaseByFormat(db, 'ml-latest-small')!;
    expect(toyStory.ratingSpread).toEqual(countedSpread(db, 1, small.id));
    expect(toyStory.ratingSpread.reduce((a, b) => a + b)).toBe(215);
    expect(count(db, 'SELECT COUNT(*) FROM dataset_ratings WHERE release_id = ?', release.id)).toBe(
      100000,
    );
    const ml100k = loadEngineDataset(db, release.id, { idSpace: 'release' });
    expect(ml100k.nItems).toBe(1682);
    expect(Math.max(...ml100k.movieIds)).toBe(1682);
    expect(loadEngineDataset(db).name).toBe('ml-latest-small');
  });

  it('reads back every rating as stored, movie ids past a billion included', () => {
    const release = findReleaseByFormat(db, 'ml-100k')!;
    const full = loadEngineDataset(db, release.id);
    const stored = db
      .prepare(
        'SELECT user_key, movie_id, rating_half, rated_at FROM dataset_ratings WHERE release_id = ? ORDER BY user_key, movie_id',
      )
      .raw()
      .all(release.id) as number[][];
    expect(Math.max(...full.movieIds)).toBeGreaterThan(LOCAL_MOVIE_ID_BASE);
    const r = full.ratings;
    const read = Array.from(r.user, (u, k) => [
      full.userKeys[u],
      full.movieIds[r.item[k]],
      r.rating[k] * 2,
      r.time[k],
    ]);
    expect(read).toEqual(stored);
    // what the lists count: the same rows without their times
    const forLists = loadReleaseRatings(db, release.id);
    expect(forLists.userKeys).toEqual(full.userKeys);
    expect(forLists.movieIds).toEqual(full.movieIds);
    expect(forLists.ratings).toEqual({
      user: r.user,
      item: r.item,
      halfStars: Uint8Array.from(r.rating, (stars) => stars * 2),
    });
  });
});

describe('ml-100k on its own (real data)', () => {
  it('keeps its own item ids, demographics and whole-star scale', async () => {
    const { db } = freshCatalogue();
    const summary = await importRelease(db, path.join(datasets, 'ml-100k'));
    expect(summary).toMatchObject({
      format: 'ml-100k',
      movies: 1682,
      ratings: 100000,
      users: 943,
      tags: 0,
    });
    const release = listReleases(db)[0];
    expect(release.realMovieIds).toBe(false);
    expect(datasetUser(db, release.id, 1)).toMatchObject({
      age: 24,
      gender: 'M',
      occupation: 'technician',
      ratingCount: 272,
    });
    expect(
      count(
        db,
        'SELECT COUNT(*) FROM release_items WHERE movie_id = item_key + ?',
        LOCAL_MOVIE_ID_BASE,
      ),
    ).toBe(1682);
    expect(getMovieDetails(db, LOCAL_MOVIE_ID_BASE + 1)).toMatchObject({
      title: 'Toy Story',
      year: 1995,
    });
    const toyStory = getMovieDetails(db, LOCAL_MOVIE_ID_BASE + 1)!;
    expect(toyStory.genres).toEqual(['Animation', 'Children', 'Comedy']);
    expect(toyStory.ratingSpread.reduce((a, b) => a + b)).toBe(452);
    expect(toyStory.ratingSpread.filter((_, k) => k % 2 === 0)).toEqual([0, 0, 0, 0, 0]);
    // item 267, "unknown" with no date, is a film the release could not name, not one called so
    expect(getMovieDetails(db, LOCAL_MOVIE_ID_BASE + 267)).toMatchObject({
      title: 'Unnamed film, ml-100k item 267',
      year: null,
    });
    const data = loadEngineDataset(db, undefined, { idSpace: 'release' });
    expect(data.scale).toEqual({ min: 1, max: 5 });
    expect(data.demographics).toHaveLength(943);
    expect(data.demographics![0]).toEqual({ age: 24, gender: 'M', occupation: 'technician' });
    expect(data.movieIds[0]).toBe(1);
  });
});

describe('ml-100k first, a release with real movieIds after', () => {
  it('moves ml-100k movies (ratings, profile ratings) onto the real movies that now match', async () => {
    const { db } = freshCatalogue();
    await importRelease(db, path.join(datasets, 'ml-100k'));
    const profile = createProfile(db, 'Early');
    setProfileRating(db, profile.id, LOCAL_MOVIE_ID_BASE + 1, 4.5); // ml-100k's Toy Story
    await importRelease(db, path.join(datasets, 'ml-latest-small'));
    const ml100k = findReleaseByFormat(db, 'ml-100k')!;
    const local = count(db, 'SELECT COUNT(*) FROM movies WHERE local_release_id IS NOT NULL');
    expect(local).toBeLessThan(1682 * 0.3);
    expect(
      count(
        db,
        'SELECT movie_id FROM release_items WHERE release_id = ? AND item_key = 1',
        ml100k.id,
      ),
    ).toBe(1);
    expect(getMovieDetails(db, LOCAL_MOVIE_ID_BASE + 1)).toBeNull();
    // Also by a part of the title, the title's own parts included.
    const movieOfItem = (item: number) =>
      count(
        db,
        'SELECT movie_id FROM release_items WHERE release_id = ? AND item_key = ?',
        ml100k.id,
        item,
      );
    expect([50, 228].map(movieOfItem)).toEqual([260, 1374]);
    expect(getMovieDetails(db, 1, profile.id)).toMatchObject({
      ratingCount: 215,
      yourRating: 4.5,
    });
    expect(count(db, 'SELECT COUNT(*) FROM dataset_ratings WHERE release_id = ?', ml100k.id)).toBe(
      100000,
    );
    expect(count(db, 'SELECT COUNT(*) FROM movies')).toBe(9742 + local);
    expect(searchMovies(db, 'toy story 1995').map((m) => m.id)).toEqual([1]);
    const data = loadEngineDataset(db, ml100k.id, { idSpace: 'release' });
    expect(data.nItems).toBe(1682);
    expect([...data.movieIds].sort((a, b) => a - b)[1681]).toBe(1682);
  });
});

describe('hand-written releases in every layout', () => {
  it('imports ml-1m: "::" fields, Latin-1 titles, users with age codes', async () => {
    const { db } = freshCatalogue();
    const summary = await importRelease(db, path.join(fixtures, 'releases', 'ml-1m'));
    expect(summary).toMatchObject({ format: 'ml-1m', movies: 4, ratings: 7, users: 3 });
    expect(getMovieDetails(db, 3)!.title).toBe('La Cité des enfants perdus');
    expect(getMovieDetails(db, 1)!.genres).toContain('Children');
    const release = listReleases(db)[0];
    expect(datasetUser(db, release.id, 2)).toMatchObject({
      gender: 'M',
      age: 60,
      occupation: 'self-employed',
    });
  });

  it('imports ml-10m: half stars and tags.dat', async () => {
    const { db } = freshCatalogue();
    const summary = await importRelease(db, path.join(fixtures, 'releases', 'ml-10m'));
    expect(summary).toMatchObject({ format: 'ml-10m', movies: 3, ratings: 4, users: 2, tags: 2 });
    expect(
      count(db, 'SELECT rating_half FROM dataset_ratings WHERE user_key = 2 AND movie_id = 2'),
    ).toBe(1);
    expect(getMovieDetails(db, 2571)!.tags).toEqual(['cyberpunk']);
  });

  it('keeps a .dat title or tag holding "::" whole, and its genres or time where they belong', async () => {
    const { db } = freshCatalogue();
    const files = fixtureFiles('ml-10m');
    const dir = writeFiles(path.join(makeTempDir(), 'ml-10m'), {
      ...files,
      'movies.dat': `${files['movies.dat'].toString('utf8')}424242::Alien::Director's Cut (2003)::Horror|Sci-Fi\n`,
      'tags.dat': `${files['tags.dat'].toString('utf8')}1::424242::the::cut::1139045765\n`,
    });
    await importRelease(db, dir);
    const movie = getMovieDetails(db, 424242)!;
    expect(movie.title).toBe("Alien::Director's Cut");
    expect(movie.year).toBe(2003);
    expect(movie.genres).toEqual(['Horror', 'Sci-Fi']);
    expect(movie.tags).toEqual(['the::cut']);
  });

  it('imports the ml-25m layout: BOM, CRLF, quoted titles, empty tmdbId, genome files ignored', async () => {
    const { db } = freshCatalogue();
    const summary = await importRelease(db, path.join(fixtures, 'releases', 'ml-25m'));
    expect(summary).toMatchObject({
      format: 'ml-25m',
      movies: 6,
      ratings: 7,
      users: 3,
      tags: 2,
      links: 6,
    });
    expect(getMovieDetails(db, 11)!.title).toBe('The American President');
    expect(getMovieDetails(db, 5000)).toMatchObject({
      title: 'Say "Hello"',
      year: 2003,
      genres: [],
      tmdbId: null,
      imdbId: 'tt0300000',
    });
    expect(getMovieDetails(db, 2571)!.tags).toContain('philosophy, sort of');
  });

  it('counts the tags and links of movies the release does not list, and says it left them out', async () => {
    const { db } = freshCatalogue();
    const files = fixtureFiles('ml-25m');
    const dir = writeFiles(path.join(makeTempDir(), 'ml-25m'), {
      ...files,
      'tags.csv': `${files['tags.csv'].toString('utf8')}2,424242,unlisted,1445714997\n`,
      'links.csv': `${files['links.csv'].toString('utf8')}424242,0424242,424242\n424243,0424243,\n`,
    });
    const summary = await importRelease(db, dir);
    expect(summary).toMatchObject({ tags: 2, links: 6, leftOut: { tags: 1, links: 2 } });
    expect(leftOutText(summary.leftOut)).toBe(
      "1 tag and 2 links of movies the release's movie list does not have were left out",
    );
    expect(count(db, 'SELECT COUNT(*) FROM tags WHERE movie_id = 424242')).toBe(0);
    // A release whose tags and links are all of its movies says nothing of them.
    const clean = await importRelease(
      freshCatalogue().db,
      path.join(fixtures, 'releases', 'ml-25m'),
    );
    expect(clean.leftOut).toBeUndefined();
    expect(leftOutText(clean.leftOut)).toBeNull();
    expect(leftOutText({ tags: 0, links: 1 })).toBe(
      "1 link of movies the release's movie list does not have was left out",
    );
  });

  it('reads a release from a .zip with a top folder, without unpacking it', async () => {
    const dir = makeTempDir();
    const zip = path.join(dir, 'ml-25m.zip');
    writeZip(
      zip,
      Object.entries(fixtureFiles('ml-25m')).map(([name, data]) => ({
        name: `ml-25m/${name}`,
        data,
      })),
    );
    const { db } = freshCatalogue();
    const summary = await importRelease(db, zip);
    expect(summary).toMatchObject({ format: 'ml-25m', movies: 6, ratings: 7, users: 3, tags: 2 });
  });

  it('reads ml-100k from a zip of the real files', async () => {
    const fs = await import('node:fs');
    const dir = makeTempDir();
    const zip = path.join(dir, 'ml-100k.zip');
    const names = ['u.data', 'u.item', 'u.user', 'README'];
    writeZip(
      zip,
      names.map((name) => ({
        name: `ml-100k/${name}`,
        data: fs.readFileSync(path.join(datasets, 'ml-100k', name)),
      })),
    );
    const { db } = freshCatalogue();
    expect(await importRelease(db, zip)).toMatchObject({
      format: 'ml-100k',
      movies: 1682,
      ratings: 100000,
      users: 943,
    });
  });
});
