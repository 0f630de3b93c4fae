import { ApiError } from '../../shared/api';
import { Profile, ProfileRating, TasteSummary } from '../../shared/domain';
import type { Db } from '../../main/catalogue/db';
import { getMovieDetails } from '../../main/catalogue/movies';
import {
  checkProfilePassphrase,
  createProfileWithPassphrase,
  removeProfileLock,
  setProfilePassphrase,
} from '../../main/catalogue/profile-locks';
import {
  createProfile,
  deleteProfile,
  listProfiles,
  renameProfile,
} from '../../main/catalogue/profiles';
import {
  clearProfileRating,
  listProfileRatings,
  setProfileRating,
} from '../../main/catalogue/profile-ratings';
import { exportProfileRatingsCsv } from '../../main/catalogue/ratings-export';
import { activeRelease } from '../../main/catalogue/releases';
import { tasteSummary } from '../../main/catalogue/taste';
import { fixtureCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';

let db: Db;
beforeAll(async () => {
  db = await fixtureCatalogue();
});
afterAll(removeTempDirs);

describe('profiles', () => {
  it('creates, renames and lists profiles, refusing duplicate names', () => {
    const ana = createProfile(db, '  Ana ');
    expect(Profile.parse(ana)).toMatchObject({ name: 'Ana', locked: false, ratingCount: 0 });
    expect(renameProfile(db, ana.id, 'Ana B').name).toBe('Ana B');
    expect(() => createProfile(db, 'ana b')).toThrow(ApiError);
    // The clash names the profile there is, as it is written.
    expect(() => createProfile(db, 'ana b')).toThrow('There is already a profile called "Ana B".');
    expect(listProfiles(db).map((p) => p.name)).toContain('Ana B');
    expect(() => renameProfile(db, 9999, 'x')).toThrow(/no profile 9999/);
  });

  it('stores a passphrase lock only as a salted scrypt hash', async () => {
    const locked = await createProfileWithPassphrase(db, 'Locked', 'open sesame');
    expect(locked.locked).toBe(true);
    const stored = db
      .prepare('SELECT lock_hash FROM profiles WHERE id = ?')
      .pluck()
      .get(locked.id) as string;
    expect(stored).not.toContain('open sesame');
    expect(stored).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const other = await createProfileWithPassphrase(db, 'Other', 'open sesame');
    expect(
      db.prepare('SELECT lock_hash FROM profiles WHERE id = ?').pluck().get(other.id),
    ).not.toBe(stored);
    expect(await checkProfilePassphrase(db, locked.id, 'open sesame')).toBe(true);
    expect(await checkProfilePassphrase(db, locked.id, 'open sesame!')).toBe(false);
    await expect(removeProfileLock(db, locked.id, 'wrong')).rejects.toThrow(ApiError);
    expect((await removeProfileLock(db, locked.id, 'open sesame')).locked).toBe(false);
    expect((await setProfilePassphrase(db, locked.id, 'new words')).locked).toBe(true);
    await expect(setProfilePassphrase(db, locked.id, 'abc')).rejects.toThrow(/at least 4/);
    expect(await checkProfilePassphrase(db, locked.id, 'new words')).toBe(true);
  });
});

describe('profile ratings', () => {
  it('sets, changes, clears and lists half-star ratings with their time', () => {
    const p = createProfile(db, 'Rater');
    setProfileRating(db, p.id, 2571, 4.5, 1_000_000);
    setProfileRating(db, p.id, 1, 3, 2_000_000);
    setProfileRating(db, p.id, 2571, 5, 3_000_000);
    const list = listProfileRatings(db, p.id);
    expect(list.map((r) => ProfileRating.parse(r))).toHaveLength(2);
    expect(list[0]).toMatchObject({
      movieId: 2571,
      rating: 5,
      ratedAt: 3_000_000,
      movie: { title: 'The Matrix' },
    });
    expect(() => setProfileRating(db, p.id, 1, 5.5)).toThrow(/half stars/);
    expect(() => setProfileRating(db, p.id, 1, 3.3)).toThrow(ApiError);
    expect(() => setProfileRating(db, p.id, 424242, 3)).toThrow(/no movie 424242/);
    expect(clearProfileRating(db, p.id, 1)).toBe(true);
    expect(clearProfileRating(db, p.id, 1)).toBe(false);
    expect(listProfileRatings(db, p.id)).toHaveLength(1);
  });

  it('keeps one profile’s ratings invisible to another', () => {
    const a = createProfile(db, 'Alice');
    const b = createProfile(db, 'Bob');
    setProfileRating(db, a.id, 1214, 5);
    expect(listProfileRatings(db, b.id)).toEqual([]);
    expect(getMovieDetails(db, 1214, b.id)!.yourRating).toBeNull();
    expect(getMovieDetails(db, 1214, a.id)!.yourRating).toBe(5);
    expect(tasteSummary(db, b.id).genres).toEqual([]);
  });

  it('deleting a profile deletes its ratings', () => {
    const p = createProfile(db, 'Temporary');
    setProfileRating(db, p.id, 1, 4);
    setProfileRating(db, p.id, 11, 2);
    deleteProfile(db, p.id);
    expect(
      db.prepare('SELECT COUNT(*) FROM profile_ratings WHERE profile_id = ?').pluck().get(p.id),
    ).toBe(0);
    expect(() => deleteProfile(db, p.id)).toThrow(ApiError);
  });

  it('exports in the movielens.org layout with ids, title, year and the full time', () => {
    const p = createProfile(db, 'Exporter');
    setProfileRating(db, p.id, 2571, 4.5, 1_600_000_000_123);
    setProfileRating(db, p.id, 1, 3, 1_600_000_100_000);
    const lines = exportProfileRatingsCsv(db, p.id).trimEnd().split('\n');
    expect(lines[0]).toBe('movie_id,imdb_id,tmdb_id,rating,average_rating,title,genres,created_at');
    expect(lines[1]).toMatch(
      /^2571,tt0133093,603,4\.5,[\d.]*,The Matrix \(1999\),[^,]*,2020-09-13T12:26:40\.123Z$/,
    );
    expect(lines[2]).toMatch(
      /^1,tt0114709,862,3\.0,.*Toy Story \(1995\).*,2020-09-13T12:28:20\.000Z$/,
    );
  });

  it('summarises taste: rating spread, genres and decades', () => {
    const p = createProfile(db, 'Taster');
    setProfileRating(db, p.id, 2571, 5);
    setProfileRating(db, p.id, 1214, 4);
    setProfileRating(db, p.id, 1, 3);
    const taste = TasteSummary.parse(tasteSummary(db, p.id));
    expect(taste.ratingDistribution).toHaveLength(10);
    expect(taste.ratingDistribution.find((r) => r.rating === 5)!.count).toBe(1);
    expect(taste.genres.find((g) => g.genre === 'Sci-Fi')).toEqual({
      genre: 'Sci-Fi',
      count: 2,
      averageRating: 4.5,
    });
    expect(taste.decades).toEqual([
      { decade: 1970, count: 1, averageRating: 4 },
      { decade: 1990, count: 2, averageRating: 4 },
    ]);
    // Beside it, how everyone rates in the release the app learns from, from its ratings.
    const release = activeRelease(db)!;
    const everyone = db
      .prepare(
        'SELECT rating_half AS half, COUNT(*) AS n FROM dataset_ratings WHERE release_id = ? GROUP BY rating_half',
      )
      .all(release.id) as { half: number; n: number }[];
    const total = everyone.reduce((a, r) => a + r.n, 0);
    expect(taste.everyone!.release).toBe(release.format);
    expect(taste.everyone!.ratingDistribution.map((r) => r.count)).toEqual(
      Array.from({ length: 10 }, (_, k) => everyone.find((r) => r.half === k + 1)?.n ?? 0),
    );
    expect(taste.everyone!.averageRating).toBeCloseTo(
      everyone.reduce((a, r) => a + (r.half / 2) * r.n, 0) / total,
      2,
    );
    const sciFi = db
      .prepare(
        `SELECT AVG(r.rating_half) / 2.0 FROM dataset_ratings r
         JOIN movie_genres g ON g.movie_id = r.movie_id
         WHERE r.release_id = ? AND g.genre = 'Sci-Fi'`,
      )
      .pluck()
      .get(release.id) as number;
    expect(taste.everyone!.genres.find((g) => g.genre === 'Sci-Fi')!.averageRating).toBeCloseTo(
      sciFi,
      2,
    );
  });
});
