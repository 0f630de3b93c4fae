import { describe, expect, test } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { refreshMovieStatistics } from '../../main/importers/release-writer';

describe("the movies' rating totals over every release", () => {
  test('sums each movie over the releases, zeroes one no release rates, and leaves the rest', () => {
    const db = openCatalogue(':memory:');
    db.exec(`
      INSERT INTO releases (id, format, source, fingerprint, real_movie_ids, rating_scale_min,
        rating_scale_max, movies, ratings, users, imported_at)
        VALUES (1, 'a', 'x', 'f', 1, 0.5, 5, 0, 0, 0, 0), (2, 'b', 'x', 'f', 1, 0.5, 5, 0, 0, 0, 0);
      INSERT INTO movies (id, title, title_key, rating_count, rating_sum_half) VALUES
        (1, 'In both', 'in both', 3, 24),
        (2, 'In one', 'in one', 0, 0),
        (3, 'In none any more', 'in none any more', 5, 40),
        (4, 'Up to date', 'up to date', 2, 18);
      INSERT INTO release_movie_stats (release_id, movie_id, count, sum_half) VALUES
        (1, 1, 3, 24), (2, 1, 2, 10), (2, 2, 1, 9), (1, 4, 2, 18);`);
    const changed: number[] = [];
    db.function('changed', (id: number) => (changed.push(id), 0));
    db.exec('CREATE TEMP TRIGGER seen AFTER UPDATE ON movies BEGIN SELECT changed(new.id); END');
    refreshMovieStatistics(db);
    expect(
      db.prepare('SELECT id, rating_count, rating_sum_half FROM movies ORDER BY id').raw().all(),
    ).toEqual([
      [1, 5, 34],
      [2, 1, 9],
      [3, 0, 0],
      [4, 2, 18],
    ]);
    expect(changed.sort()).toEqual([1, 2, 3]);
    refreshMovieStatistics(db); // nothing left to change
    expect(changed).toHaveLength(3);
    db.close();
  });
});
