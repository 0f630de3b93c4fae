import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitCsvLine } from '../../main/importers/fields';
import { MOVIELENS_GENRES as GENRES } from '../../main/importers/movielens-genres';

/**
 * Writes a synthetic MovieLens release in the ml-25m layout (movies.csv, ratings.csv,
 * links.csv, tags.csv): users rate a popularity-skewed (Zipf) choice of movies, ratings lean
 * towards 3–4 stars, lines are ordered by user then movie like the real files. Titles are made
 * from the words of real MovieLens titles so search sees a realistic vocabulary. Movie ids start
 * at 300,000 so they never collide with real MovieLens ids. The result is cached under
 * os.tmpdir() and reused while its parameters are unchanged.
 */
export interface GenerateOptions {
  ratings: number;
  movies: number;
  users?: number;
  /** A movies.csv of real titles to take words from. */
  titleSource?: string;
  seed?: number;
}

export interface GeneratedRelease {
  dir: string;
  ratings: number;
  movies: number;
  users: number;
  bytes: number;
  cached: boolean;
  seconds: number;
}

export const FIRST_SYNTHETIC_ID = 300_000;

export function generateRelease(options: GenerateOptions): GeneratedRelease {
  const users = options.users ?? Math.max(1, Math.round(options.ratings / 154));
  const seed = options.seed ?? 42;
  const name = `ml-synthetic-${options.ratings}-${options.movies}-${users}-${seed}`;
  const dir = path.join(os.tmpdir(), 'movie-assistant-bench', name);
  const marker = path.join(dir, 'generated.json');
  if (existsSync(marker))
    return { ...(JSON.parse(readFileSync(marker, 'utf8')) as GeneratedRelease), cached: true };

  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(seed);
  const words = titleWords(options.titleSource);
  const movieIds = new Int32Array(options.movies);
  for (let i = 0; i < options.movies; i++)
    movieIds[i] = FIRST_SYNTHETIC_ID + i * 3 + Math.floor(random() * 3);

  writeMovies(dir, movieIds, words, random);
  const bytes = writeRatings(dir, movieIds, options.ratings, users, random);
  const result: GeneratedRelease = {
    dir,
    ratings: options.ratings,
    movies: options.movies,
    users,
    bytes,
    cached: false,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(marker, JSON.stringify(result));
  return result;
}

function writeMovies(dir: string, ids: Int32Array, words: string[], random: () => number): void {
  const movies = ['movieId,title,genres'];
  const links = ['movieId,imdbId,tmdbId'];
  const tags = ['userId,movieId,tag,timestamp'];
  ids.forEach((id, i) => {
    const length = 1 + Math.floor(random() * random() * 5);
    const title = Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(
      ' ',
    );
    const year = 1920 + Math.floor(random() * 100);
    const genres = Array.from(
      new Set(
        Array.from(
          { length: 1 + Math.floor(random() * 3) },
          () => GENRES[Math.floor(random() * GENRES.length)],
        ),
      ),
    );
    movies.push(`${id},"${title.replace(/"/g, '""')} (${year})",${genres.join('|')}`);
    links.push(`${id},${String(5_000_000 + i).padStart(7, '0')},${900_000 + i}`);
    if (i % 20 === 0) tags.push(`${1 + (i % 1000)},${id},"${words[i % words.length]}",1500000000`);
  });
  writeFileSync(path.join(dir, 'movies.csv'), `${movies.join('\n')}\n`);
  writeFileSync(path.join(dir, 'links.csv'), `${links.join('\n')}\n`);
  writeFileSync(path.join(dir, 'tags.csv'), `${tags.join('\n')}\n`);
}

/** Ratings by user then movie; popularity follows a Zipf law over a shuffled movie order. */
function writeRatings(
  dir: string,
  ids: Int32Array,
  total: number,
  users: number,
  random: () => number,
): number {
  const n = ids.length;
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = sum += 1 / Math.pow(rank + 1, 0.9);
  const byRank = Int32Array.from(ids);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byRank[i], byRank[j]] = [byRank[j], byRank[i]];
  }
  const takenBy = new Int32Array(n).fill(-1);
  const fd = openSync(path.join(dir, 'ratings.csv'), 'w');
  const out = Buffer.allocUnsafe(1 << 22);
  let pos = out.write('userId,movieId,rating,timestamp\n', 0, 'latin1');
  let bytes = 0;
  let written = 0;
  const picks = new Int32Array(n);
  const halfStars = [1, 2, 3, 4, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 10, 10];
  for (let user = 1; user <= users && written < total; user++) {
    const remainingUsers = users - user + 1;
    const mean = (total - written) / remainingUsers;
    let count = user === users ? total - written : Math.round(mean * (0.2 + 1.6 * random()));
    count = Math.max(1, Math.min(count, total - written, Math.floor(n / 2)));
    let picked = 0;
    while (picked < count) {
      const rank = lowerBound(cumulative, random() * sum);
      if (takenBy[rank] === user) continue;
      takenBy[rank] = user;
      picks[picked++] = byRank[rank];
    }
    const mine = picks.subarray(0, picked).sort();
    let time = 1_000_000_000 + Math.floor(random() * 500_000_000);
    for (let k = 0; k < picked; k++) {
      if (pos > out.length - 64) {
        writeSync(fd, out, 0, pos);
        bytes += pos;
        pos = 0;
      }
      const half = halfStars[Math.floor(random() * halfStars.length)];
      pos = writeInt(out, pos, user);
      out[pos++] = 44;
      pos = writeInt(out, pos, mine[k]);
      out[pos++] = 44;
      pos = writeInt(out, pos, half >> 1);
      out[pos++] = 46;
      out[pos++] = half & 1 ? 53 : 48;
      out[pos++] = 44;
      pos = writeInt(out, pos, (time += 1 + Math.floor(random() * 1000)));
      out[pos++] = 10;
    }
    written += picked;
  }
  writeSync(fd, out, 0, pos);
  closeSync(fd);
  return bytes + pos;
}

function writeInt(buf: Buffer, pos: number, value: number): number {
  if (value === 0) {
    buf[pos] = 48;
    return pos + 1;
  }
  let digits = 0;
  for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
  for (let i = pos + digits - 1, v = value; i >= pos; i--, v = Math.floor(v / 10))
    buf[i] = 48 + (v % 10);
  return pos + digits;
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function titleWords(source?: string): string[] {
  if (!source || !existsSync(source)) {
    return [
      'night',
      'love',
      'dark',
      'city',
      'story',
      'man',
      'woman',
      'war',
      'life',
      'death',
      'dream',
      'house',
      'Amélie',
      'king',
    ];
  }
  const words = new Set<string>();
  for (const line of readFileSync(source, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const title = splitCsvLine(line)[1] ?? '';
    for (const w of title.replace(/\(\d{4}\)/g, '').split(/[^\p{L}\p{N}'’]+/u))
      if (w.length > 1) words.add(w);
  }
  return [...words];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
