import type { Db } from '../catalogue/db';
import { splitAlternates, titleKey } from '../catalogue/titles';

export interface MovieQuery {
  /** titleKey() of the title. */
  key: string;
  year: number | null;
  imdbId?: string | null;
  tmdbId?: number | null;
  /** The title as written, whose own parts may match ("Star Trek: The Wrath of Khan"). */
  title?: string;
}

/**
 * Finds catalogue movies (with real MovieLens ids) for rows from elsewhere: by IMDb or TMDB id
 * through links first, then by normalised title and year (exact year, else one year off, else
 * the only movie with that title when no year is given). A title matches a movie's main title
 * or any of its alternative titles: "Se7en" finds "Seven (a.k.a. Se7en)". Failing that, a title
 * matches the part before or after a ": " or " - " of the only movie of that very year with such
 * a part: "Star Wars" (1977) finds "Star Wars: Episode IV - A New Hope", "Return of the Jedi"
 * (1983) its Episode VI, "The Professional" (1994) "Léon: The Professional" (ml-100k's and
 * Letterboxd's titles); so does a title's own subtitle: "Star Trek: The Wrath of Khan" (1982)
 * finds "Star Trek II: The Wrath of Khan".
 */
export class MovieMatcher {
  private readonly byImdb;
  private readonly byTmdb;
  private readonly byKey;
  private readonly db: Db;
  /** titleKey() of alternative titles -> movies, read on the first title not found by its key. */
  private alternates: Map<string, Candidate[]> | null = null;
  /** titleKey() of the parts of titles around ": " and " - " -> movies, read on first use. */
  private parts: Map<string, Candidate[]> | null = null;

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
    // A title that names other movies of other years ("The Professional", 1981) may still be an
    // alternative title or a title part of this year's movie ("Léon: The Professional", 1994).
    for (const candidates of [
      () => this.byKey.all(query.key) as Candidate[],
      () => this.alternateTitles().get(query.key) ?? [],
    ]) {
      const found = candidates();
      if (found.length === 0) continue;
      const id = pickByYear(found, query.year);
      if (id !== undefined || query.year === null) return id;
    }
    return this.matchPart(query);
  }

  /**
   * The one movie of the query's very year one of whose title parts is the query's title, else
   * the query's subtitle ("The Wrath of Khan" of "Star Trek: …" and of "Star Trek II: …"). Not
   * the query's franchise ("Star Trek"): an absent film would take its sibling of the same year.
   */
  private matchPart(query: MovieQuery): number | undefined {
    if (query.year === null) return undefined;
    const parts = this.titleParts();
    const onlyOne = (keys: string[]) => {
      const ids = new Set(
        keys.flatMap((key) =>
          (parts.get(key) ?? []).filter((c) => c.year === query.year).map((c) => c.id),
        ),
      );
      return ids.size === 1 ? [...ids][0] : undefined;
    };
    return (
      onlyOne([query.key]) ??
      (query.title ? onlyOne([titleKey(subtitleOf(query.title))].filter(Boolean)) : undefined)
    );
  }

  private titleParts(): Map<string, Candidate[]> {
    if (this.parts) return this.parts;
    const parts = new Map<string, Candidate[]>();
    for (const { title, ...movie } of this.titledMovies()) {
      const { main, alternates } = splitAlternates(title);
      for (const whole of [main, ...alternates]) {
        for (const part of titlePartsOf(whole)) {
          const key = titleKey(part);
          if (key) parts.set(key, [...(parts.get(key) ?? []), movie]);
        }
      }
    }
    return (this.parts = parts);
  }

  private titledMovies(): (Candidate & { title: string })[] {
    return this.db
      .prepare(
        `SELECT id, title, year, rating_count AS popularity FROM movies WHERE local_release_id IS NULL`,
      )
      .all() as (Candidate & { title: string })[];
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

/** Exact year, else one year off (the most rated); without a year, the only candidate. */
function pickByYear(candidates: Candidate[], year: number | null): number | undefined {
  if (year === null) return candidates.length === 1 ? candidates[0].id : undefined;
  const exact = candidates.filter((c) => c.year === year);
  const near =
    exact.length > 0
      ? exact
      : candidates.filter((c) => c.year !== null && Math.abs(c.year - year) === 1);
  if (near.length === 0) return undefined;
  return near.reduce((best, c) => (c.popularity > best.popularity ? c : best)).id;
}

interface Candidate {
  id: number;
  year: number | null;
  popularity: number;
}

/**
 * The parts of a title before and after each ": " or " - " in it: "Star Wars: Episode IV - A New
 * Hope" gives "Star Wars", "Star Wars: Episode IV", "Episode IV - A New Hope" and "A New Hope".
 */
export function titlePartsOf(title: string): string[] {
  const parts: string[] = [];
  for (const cut of title.matchAll(/: | - /g)) {
    parts.push(title.slice(0, cut.index).trim(), title.slice(cut.index + cut[0].length).trim());
  }
  return parts.filter((p) => p.length > 0);
}

/** The part after a title's last ": " or " - " ("The Wrath of Khan"), or "" when it has none. */
function subtitleOf(title: string): string {
  const cuts = [...title.matchAll(/: | - /g)];
  const last = cuts[cuts.length - 1];
  return last ? title.slice(last.index + last[0].length).trim() : '';
}
