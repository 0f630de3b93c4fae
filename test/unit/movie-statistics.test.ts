import { describe, expect, test } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { refreshMovieStatistics } from '../../main/catalogue/movie-statistics';
import { movieRatingSpread } from '../../main/catalogue/rating-spread';
import { chooseActiveRelease } from '../../main/catalogue/releases';

describe("the movies' rating totals: the release the app learns from", () => {
  function catalogue() {
    const db = openCatalogue(':memory:');
    // Release 1 has the most ratings, so the app learns from it until another is chosen.
    db.exec(`
      INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
        rating_scale_max, movies, ratings, users, imported_at)
        VALUES (1, 'a', 'x', 'f', 1, 0.5, 5, 2, 5, 2, 0), (2, 'b', 'x', 'f', 1, 0.5, 5, 2, 3, 2, 0);
      INSERT INTO movies (id, title, title_key, rating_count, rating_sum_half) VALUES
        (1, 'In both', 'in both', 3, 24),
        (2, 'In the other one', 'in the other one', 1, 9),
        (3, 'In none any more', 'in none any more', 5, 40),
        (4, 'Up to date', 'up to date', 2, 18);
      INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half, spread) VALUES
        (1, 1, 3, 24, '0,0,0,0,0,0,0,3,0,0'), (2, 1, 2, 10, '0,0,0,0,2,0,0,0,0,0'),
        (2, 2, 1, 9, '0,0,0,0,0,0,0,0,1,0'), (1, 4, 2, 18, '0,0,0,0,0,0,0,0,2,0');`);
    const changed: number[] = [];
    db.function('changed', (id: number) => (changed.push(id), 0));
    db.exec('CREATE TEMP TRIGGER seen AFTER UPDATE ON movies BEGIN SELECT changed(new.id); END');
    const totals = () =>
      db.prepare('SELECT id, rating_count, rating_sum_half FROM movies ORDER BY id').raw().all();
    return { db, changed, totals };
  }

  test("counts only the active release's ratings, not a sum that counts a rating twice where releases overlap", () => {
    const { db, changed, totals } = catalogue();
    refreshMovieStatistics(db);
    expect(totals()).toEqual([
      [1, 3, 24],
      [2, 0, 0],
      [3, 0, 0],
      [4, 2, 18],
    ]);
    expect(changed.sort()).toEqual([2, 3]);
    refreshMovieStatistics(db); // nothing left to change
    expect(changed).toHaveLength(2);
    expect(movieRatingSpread(db, 1)).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 0, 0]);
    db.close();
  });

  test('follows the release chosen to learn from, its spread with it', () => {
    const { db, totals } = catalogue();
    chooseActiveRelease(db, 2);
    refreshMovieStatistics(db);
    expect(totals()).toEqual([
      [1, 2, 10],
      [2, 1, 9],
      [3, 0, 0],
      [4, 0, 0],
    ]);
    expect(movieRatingSpread(db, 1)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
    expect(movieRatingSpread(db, 4)).toEqual(new Array(10).fill(0));
    db.close();
  });

  test('writes in steps of a few hundred movies, so an import can let other writes in between', () => {
    const db = openCatalogue(':memory:');
    db.exec(`
      INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
        rating_scale_max, movies, ratings, users, imported_at)
        VALUES (1, 'a', 'x', 'f', 1, 0.5, 5, 1200, 1200, 1, 0);`);
    const movie = db.prepare("INSERT INTO movies (id, title, title_key) VALUES (?, 'M', 'm')");
    const stats = db.prepare(
      'INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half) VALUES (1, ?, 1, 8)',
    );
    for (let id = 1; id <= 1200; id++) {
      movie.run(id);
      stats.run(id);
    }
    let steps = 0;
    refreshMovieStatistics(db, (step) => {
      do steps++;
      while (step());
    });
    expect(steps).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM movies WHERE rating_count = 1').pluck().get()).toBe(
      1200,
    );
    db.close();
  });
});
