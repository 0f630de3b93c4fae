import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogue, type Db } from '../../main/catalogue/db';
import {
  activeRelease,
  automaticRelease,
  catalogueCounts,
  chooseActiveRelease,
} from '../../main/catalogue/releases';

/** Issue 11: the release the app learns from is the one chosen, while it is there with ratings. */
describe('the active release', () => {
  let db: Db;
  let nextId = 1;

  /** A `releases` row as an import's swap leaves it (no dataset rows: only the row is read). */
  function release(format: string, ratings: number, realMovieIds = true): number {
    const id = nextId++;
    db.prepare(
      `INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
         rating_scale_max, movies, ratings, users, imported_at)
       VALUES (?, ?, ?, 'f', ?, 0.5, 5, 10, ?, 3, ?)`,
    ).run(id, format, `/data/${format}`, realMovieIds ? 1 : 0, ratings, id);
    return id;
  }
  const active = () => activeRelease(db)?.format ?? null;

  beforeEach(() => {
    db = openCatalogue(':memory:');
    nextId = 1;
  });
  afterEach(() => db.close());

  it('is chosen by itself until a person chooses: real movieIds first, then the most ratings', () => {
    expect(activeRelease(db)).toBeNull();
    release('ml-latest-small', 100);
    release('ml-100k', 5000, false);
    release('ml-25m', 1000);
    expect(active()).toBe('ml-25m');
    expect(automaticRelease(db)?.format).toBe('ml-25m');
  });

  it('is the chosen release, also a smaller one, and the lists mark it', () => {
    const small = release('ml-latest-small', 100);
    const large = release('ml-25m', 1000);
    expect(chooseActiveRelease(db, small)?.format).toBe('ml-latest-small');
    expect(active()).toBe('ml-latest-small');
    expect(automaticRelease(db)?.format).toBe('ml-25m');
    expect(catalogueCounts(db).releases.map((r) => [r.id, r.format, r.active])).toEqual([
      [small, 'ml-latest-small', true],
      [large, 'ml-25m', false],
    ]);
    // A release without MovieLens ids may be chosen too.
    const ml100k = release('ml-100k', 50, false);
    chooseActiveRelease(db, ml100k);
    expect(active()).toBe('ml-100k');
  });

  it('refuses an unknown release or one without ratings, keeping the choice', () => {
    const small = release('ml-latest-small', 100);
    release('ml-25m', 1000);
    chooseActiveRelease(db, small);
    expect(chooseActiveRelease(db, 999)).toBeNull();
    const importing = release('ml-32m (importing)', 0);
    expect(chooseActiveRelease(db, importing)).toBeNull();
    expect(active()).toBe('ml-latest-small');
  });

  it('stays through other imports and a new import of the chosen release', () => {
    const small = release('ml-latest-small', 100);
    release('ml-25m', 1000);
    chooseActiveRelease(db, small);
    release('ml-32m', 2000);
    expect(active()).toBe('ml-latest-small');
    // Importing it again gives it a new id; the choice is kept by its name.
    db.prepare('DELETE FROM releases WHERE id = ?').run(small);
    const again = release('ml-latest-small', 120);
    expect(activeRelease(db)?.id).toBe(again);
  });

  it('falls back to the automatic choice once the chosen release is gone or has no ratings', () => {
    const small = release('ml-latest-small', 100);
    release('ml-25m', 1000);
    chooseActiveRelease(db, small);
    db.prepare('UPDATE releases SET ratings = 0 WHERE id = ?').run(small);
    expect(active()).toBe('ml-25m');
    db.prepare('DELETE FROM releases WHERE id = ?').run(small);
    expect(active()).toBe('ml-25m');
    expect(catalogueCounts(db).releases.map((r) => [r.format, r.active])).toEqual([
      ['ml-25m', true],
    ]);
  });
});
