import type { Db } from '../catalogue/db';

export interface MovieQuery {
  /** titleKey() of the title. */
  key: string;
  year: number | null;
  imdbId?: string | null;
  tmdbId?: number | null;
}

/**
 * Finds catalogue movies (with real MovieLens ids) for rows from elsewhere: by IMDb or TMDB id
 * through links first, then by normalised title and year (exact year, else one year off, else
 * the only movie with that title when no year is given).
 */
export class MovieMatcher {
  private readonly byImdb;
  private readonly byTmdb;
  private readonly byKey;

  constructor(db: Db) {
    this.byImdb = db
      .prepare('SELECT id FROM movies WHERE imdb_id = ? AND local_release_id IS NULL LIMIT 1')
      .pluck();
    this.byTmdb = db
      .prepare('SELECT id FROM movies WHERE tmdb_id = ? AND local_release_id IS NULL LIMIT 1')
      .pluck();
    this.byKey = db.prepare(
      'SELECT id, year, rating_count AS popularity FROM movies WHERE title_key = ? AND local_release_id IS NULL',
    );
  }

  match(query: MovieQuery): number | undefined {
    if (query.imdbId) {
      const id = this.byImdb.get(query.imdbId) as number | undefined;
      if (id !== undefined) return id;
    }
    if (query.tmdbId) {
      const id = this.byTmdb.get(query.tmdbId) as number | undefined;
      if (id !== undefined) return id;
    }
    if (!query.key) return undefined;
    const candidates = this.byKey.all(query.key) as {
      id: number;
      year: number | null;
      popularity: number;
    }[];
    if (candidates.length === 0) return undefined;
    if (query.year === null) return candidates.length === 1 ? candidates[0].id : undefined;
    const exact = candidates.filter((c) => c.year === query.year);
    const near =
      exact.length > 0
        ? exact
        : candidates.filter((c) => c.year !== null && Math.abs(c.year - query.year!) === 1);
    if (near.length === 0) return undefined;
    return near.reduce((best, c) => (c.popularity > best.popularity ? c : best)).id;
  }
}
