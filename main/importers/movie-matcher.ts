import type { Db } from '../catalogue/db';
import { splitAlternates, titleKey } from '../catalogue/titles';

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
 * the only movie with that title when no year is given). A title matches a movie's main title
 * or any of its alternative titles: "Se7en" finds "Seven (a.k.a. Se7en)".
 */
export class MovieMatcher {
  private readonly byImdb;
  private readonly byTmdb;
  private readonly byKey;
  private readonly db: Db;
  /** titleKey() of alternative titles -> movies, read on the first title not found by its key. */
  private alternates: Map<string, Candidate[]> | null = null;

  constructor(db: Db) {
    this.db = db;
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
    let candidates = this.byKey.all(query.key) as Candidate[];
    if (candidates.length === 0) candidates = this.alternateTitles().get(query.key) ?? [];
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

  private alternateTitles(): Map<string, Candidate[]> {
    if (this.alternates) return this.alternates;
    const rows = this.db
      .prepare(
        `SELECT id, title, year, rating_count AS popularity FROM movies
         WHERE local_release_id IS NULL AND title LIKE '%)'`,
      )
      .all() as (Candidate & { title: string })[];
    const byKey = new Map<string, Candidate[]>();
    for (const { title, ...movie } of rows) {
      for (const alternate of splitAlternates(title).alternates) {
        const key = titleKey(alternate);
        if (key) byKey.set(key, [...(byKey.get(key) ?? []), movie]);
      }
    }
    return (this.alternates = byKey);
  }
}

interface Candidate {
  id: number;
  year: number | null;
  popularity: number;
}
