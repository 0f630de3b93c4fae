import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  EngineDataset,
  MovieFeatures,
  UserDemographics,
} from '../../main/core/engine-dataset';
import { datasetsDir } from './repo-paths';

/**
 * A small direct loader of the two MovieLens releases into an EngineDataset, for tests and
 * benchmarks that should not depend on the importer. The app's own path is importer → SQLite →
 * loadEngineDataset; this one exists so evaluation code can be tested on its own.
 */

export function datasetDir(name: string): string {
  return path.join(datasetsDir, name);
}

interface RawRating {
  userId: number;
  movieId: number;
  rating: number;
  time: number;
}

/** Splits one CSV line, honouring double-quoted fields. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function yearOf(title: string): number | null {
  const m = /\((\d{4})\)\s*$/.exec(title.trim());
  return m ? Number(m[1]) : null;
}

function build(
  name: string,
  raw: RawRating[],
  movies: Map<number, MovieFeatures>,
  scale: { min: number; max: number },
  demographicsByUser: Map<number, UserDemographics> | null,
): EngineDataset {
  for (const r of raw) {
    if (!movies.has(r.movieId)) {
      movies.set(r.movieId, {
        title: `#${r.movieId}`,
        year: null,
        genres: [],
        tags: [],
        people: [],
      });
    }
  }
  const movieIds = Int32Array.from([...movies.keys()].sort((a, b) => a - b));
  const itemOf = new Map<number, number>();
  movieIds.forEach((id, i) => itemOf.set(id, i));
  const userKeys = Int32Array.from([...new Set(raw.map((r) => r.userId))].sort((a, b) => a - b));
  const userOf = new Map<number, number>();
  userKeys.forEach((id, u) => userOf.set(id, u));
  const n = raw.length;
  const ratings = {
    user: new Int32Array(n),
    item: new Int32Array(n),
    rating: new Float32Array(n),
    time: new Float64Array(n),
  };
  const hash = createHash('sha256');
  raw.forEach((r, k) => {
    ratings.user[k] = userOf.get(r.userId)!;
    ratings.item[k] = itemOf.get(r.movieId)!;
    ratings.rating[k] = r.rating;
    ratings.time[k] = r.time;
  });
  hash.update(Buffer.from(ratings.user.buffer)).update(Buffer.from(ratings.item.buffer));
  hash.update(Buffer.from(ratings.rating.buffer)).update(Buffer.from(movieIds.buffer));
  return {
    name,
    fingerprint: hash.digest('hex').slice(0, 16),
    ratings,
    nUsers: userKeys.length,
    nItems: movieIds.length,
    movieIds,
    userKeys,
    movies: [...movieIds].map((id) => movies.get(id)!),
    demographics: demographicsByUser
      ? [...userKeys].map(
          (k) => demographicsByUser.get(k) ?? { age: null, gender: null, occupation: null },
        )
      : null,
    scale,
  };
}

export function loadMlLatestSmall(dir = datasetDir('ml-latest-small')): EngineDataset {
  const movies = new Map<number, MovieFeatures>();
  const movieLines = readFileSync(path.join(dir, 'movies.csv'), 'utf8').split('\n').slice(1);
  for (const line of movieLines) {
    if (!line.trim()) continue;
    const [id, title, genres] = splitCsvLine(line.replace(/\r$/, ''));
    const g = genres === '(no genres listed)' ? [] : genres.split('|');
    movies.set(Number(id), { title, year: yearOf(title), genres: g, tags: [], people: [] });
  }
  const raw: RawRating[] = [];
  const lines = readFileSync(path.join(dir, 'ratings.csv'), 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const [u, m, r, t] = line.split(',');
    raw.push({ userId: Number(u), movieId: Number(m), rating: Number(r), time: Number(t) });
  }
  return build('ml-latest-small', raw, movies, { min: 0.5, max: 5 }, null);
}

export function loadMl100k(dir = datasetDir('ml-100k')): EngineDataset {
  const genreNames = readFileSync(path.join(dir, 'u.genre'), 'latin1')
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((l) => l.split('|')[0]);
  const movies = new Map<number, MovieFeatures>();
  for (const line of readFileSync(path.join(dir, 'u.item'), 'latin1').split('\n')) {
    if (!line.trim()) continue;
    const f = line.split('|');
    const flags = f.slice(5);
    const genres = genreNames.filter((g, k) => flags[k] === '1' && g !== 'unknown');
    movies.set(Number(f[0]), { title: f[1], year: yearOf(f[1]), genres, tags: [], people: [] });
  }
  const demographics = new Map<number, UserDemographics>();
  for (const line of readFileSync(path.join(dir, 'u.user'), 'latin1').split('\n')) {
    if (!line.trim()) continue;
    const [id, age, gender, occupation] = line.split('|');
    demographics.set(Number(id), {
      age: Number(age),
      gender: gender === 'F' ? 'F' : 'M',
      occupation,
    });
  }
  const raw: RawRating[] = [];
  for (const line of readFileSync(path.join(dir, 'u.data'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [u, m, r, t] = line.split('\t');
    raw.push({ userId: Number(u), movieId: Number(m), rating: Number(r), time: Number(t) });
  }
  const dataset = build('ml-100k', raw, movies, { min: 1, max: 5 }, demographics);
  return { ...dataset, sameFilms: sameFilms(movies) };
}

/** Items u.item lists under one title twice (18 films), as the catalogue groups them. */
function sameFilms(movies: Map<number, MovieFeatures>): number[][] {
  const byTitle = new Map<string, number[]>();
  for (const [id, m] of movies) byTitle.set(m.title, [...(byTitle.get(m.title) ?? []), id]);
  return [...byTitle.values()].filter((ids) => ids.length > 1);
}

export function loadDatasetByName(name: string): EngineDataset {
  if (name === 'ml-latest-small') return loadMlLatestSmall();
  if (name === 'ml-100k') return loadMl100k();
  throw new Error(`unknown dataset ${name}`);
}
