import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../main/importers/fields';
import { MOVIELENS_GENRES } from '../../main/importers/movielens-genres';
import {
  FIRST_SYNTHETIC_ID,
  generateRelease,
  STRUCTURE_VERSION,
  type GeneratedRelease,
} from '../bench/generate-release';

/** The span of ml-25m's timestamps. */
const ML25M_START = 789_652_009;
const ML25M_END = 1_574_327_703;
const YEAR = 365.25 * 86_400;

const temp = mkdtempSync(path.join(os.tmpdir(), 'movie-assistant-generate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A generated release read back: one entry per rating line, movies as indices into `ids`. */
interface ReadRelease {
  release: GeneratedRelease;
  ids: number[];
  movieCluster: Int32Array;
  userMain: Int32Array;
  userDrift: Int32Array;
  user: Int32Array;
  movie: Int32Array;
  half: Uint8Array;
  time: Float64Array;
  /** Line indices of each user (1-based user id), in file order. */
  start: Int32Array;
  badLines: string[];
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

function readRelease(release: GeneratedRelease): ReadRelease {
  const dir = release.dir;
  const structure = lines(path.join(dir, 'structure-movies.csv')).slice(1);
  const ids = structure.map((line) => Number(line.split(',')[0]));
  const movieCluster = Int32Array.from(structure, (line) => Number(line.split(',')[1]));
  const index = new Map(ids.map((id, i) => [id, i]));
  const users = lines(path.join(dir, 'structure-users.csv')).slice(1);
  const userMain = new Int32Array(users.length + 1).fill(-1);
  const userDrift = new Int32Array(users.length + 1).fill(-1);
  for (const line of users) {
    const f = line.split(',');
    userMain[Number(f[0])] = Number(f[2]);
    userDrift[Number(f[0])] = Number(f[5]);
  }

  const rows = lines(path.join(dir, 'ratings.csv'));
  const n = rows.length - 1;
  const user = new Int32Array(n);
  const movie = new Int32Array(n);
  const half = new Uint8Array(n);
  const time = new Float64Array(n);
  const badLines: string[] = [];
  for (let i = 0; i < n; i++) {
    const line = rows[i + 1];
    const match = /^(\d+),(\d+),([0-5])\.([05]),(\d+)$/.exec(line);
    const m = match ? index.get(Number(match[2])) : undefined;
    if (!match || m === undefined) {
      badLines.push(line);
      continue;
    }
    user[i] = Number(match[1]);
    movie[i] = m;
    half[i] = 2 * Number(match[3]) + (match[4] === '5' ? 1 : 0);
    time[i] = Number(match[5]);
  }
  const start = new Int32Array(release.users + 2).fill(-1);
  for (let i = n - 1; i >= 0; i--) if (user[i] >= 1 && user[i] <= release.users) start[user[i]] = i;
  start[release.users + 1] = n;
  return {
    release,
    ids,
    movieCluster,
    userMain,
    userDrift,
    user,
    movie,
    half,
    time,
    start,
    badLines,
  };
}

/** Line indices of one user's ratings in time order. */
function sequence(r: ReadRelease, u: number): number[] {
  const rows: number[] = [];
  for (let i = r.start[u]; i < r.user.length && r.user[i] === u; i++) rows.push(i);
  return rows.sort((a, b) => r.time[a] - r.time[b]);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

let r: ReadRelease;
beforeAll(() => {
  const release = generateRelease({
    ratings: 200_000,
    movies: 3_000,
    seed: 11,
    dir: path.join(temp, 'main'),
  });
  r = readRelease(release);
});

describe('the synthetic MovieLens release', () => {
  it('is written in the ml-25m layout, ordered by user then movie', () => {
    const dir = r.release.dir;
    const files = readdirSync(dir);
    for (const f of ['movies.csv', 'ratings.csv', 'links.csv', 'tags.csv', 'generated.json'])
      expect(files).toContain(f);
    expect(lines(path.join(dir, 'ratings.csv'))[0]).toBe('userId,movieId,rating,timestamp');
    expect(lines(path.join(dir, 'tags.csv'))[0]).toBe('userId,movieId,tag,timestamp');
    expect(lines(path.join(dir, 'links.csv'))[0]).toBe('movieId,imdbId,tmdbId');

    const movies = lines(path.join(dir, 'movies.csv'));
    expect(movies[0]).toBe('movieId,title,genres');
    expect(movies.length - 1).toBe(3_000);
    let previous = FIRST_SYNTHETIC_ID - 1;
    for (const line of movies.slice(1)) {
      const [id, title, genres] = splitCsvLine(line);
      expect(Number(id)).toBeGreaterThan(previous);
      previous = Number(id);
      expect(title).toMatch(/\S \((19|20)\d\d\)$/);
      for (const g of genres.split('|')) expect(MOVIELENS_GENRES).toContain(g);
    }
    expect(movies.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(r.ids);
    expect(lines(path.join(dir, 'links.csv')).length - 1).toBe(3_000);
    for (const line of lines(path.join(dir, 'tags.csv')).slice(1)) {
      const [userId, movieId] = splitCsvLine(line).map(Number);
      expect(userId).toBeGreaterThanOrEqual(1);
      expect(userId).toBeLessThanOrEqual(r.release.users);
      expect(r.ids).toContain(movieId);
    }

    expect(r.badLines.slice(0, 3)).toEqual([]);
    expect(r.user.length).toBe(200_000);
    expect(r.release.ratings).toBe(200_000);
    let outOfOrder = 0;
    for (let i = 1; i < r.user.length; i++) {
      const before = r.user[i - 1] - r.user[i] || r.movie[i - 1] - r.movie[i];
      if (before >= 0) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
    expect(r.user[0]).toBe(1);
    expect(r.user[r.user.length - 1]).toBe(r.release.users);
    for (let u = 1; u <= r.release.users; u++) expect(r.start[u]).toBeGreaterThanOrEqual(0);
  });

  it('gives every user at least 20 ratings, with a heavy tail of very active users', () => {
    const counts: number[] = [];
    for (let u = 1; u <= r.release.users; u++) counts.push(sequence(r, u).length);
    counts.sort((a, b) => a - b);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200_000);
    expect(counts[0]).toBeGreaterThanOrEqual(20);
    const median = quantile(counts, 0.5);
    expect(median).toBeGreaterThanOrEqual(30);
    expect(median).toBeLessThanOrEqual(100);
    expect(quantile(counts, 0.75)).toBeLessThan(200);
    expect(counts[counts.length - 1]).toBeGreaterThanOrEqual(1_000);
    expect(counts.filter((c) => c <= 100).length / counts.length).toBeGreaterThan(0.5);
  });

  it('rates in half stars from 0.5 to 5, spread like MovieLens', () => {
    const histogram = new Array<number>(11).fill(0);
    for (const h of r.half) histogram[h]++;
    expect(histogram[0]).toBe(0);
    for (let h = 1; h <= 10; h++) expect(histogram[h], `${h / 2} stars`).toBeGreaterThan(0);
    const n = r.half.length;
    const mean = r.half.reduce((a, h) => a + h / 2, 0) / n;
    expect(mean).toBeGreaterThan(3.3);
    expect(mean).toBeLessThan(3.8);
    const whole = histogram.filter((_, h) => h % 2 === 0).reduce((a, b) => a + b, 0) / n;
    expect(whole).toBeGreaterThan(0.6);
    expect(whole).toBeLessThan(0.85);
    // Most ratings are 3 to 4 stars, few are very low, as in every MovieLens release.
    expect((histogram[6] + histogram[7] + histogram[8]) / n).toBeGreaterThan(0.45);
    expect((histogram[1] + histogram[2] + histogram[3]) / n).toBeLessThan(0.1);
    expect(histogram[10] / n).toBeGreaterThan(0.05);
    expect(histogram[10] / n).toBeLessThan(0.25);
  });

  it("orders each user's ratings in time, across years of the ml-25m span", () => {
    let ties = 0;
    let outside = 0;
    const firsts: number[] = [];
    for (let u = 1; u <= r.release.users; u++) {
      const seq = sequence(r, u);
      firsts.push(r.time[seq[0]]);
      for (let j = 0; j < seq.length; j++) {
        if (r.time[seq[j]] < ML25M_START || r.time[seq[j]] > ML25M_END) outside++;
        if (j > 0 && r.time[seq[j]] <= r.time[seq[j - 1]]) ties++;
      }
    }
    expect(ties).toBe(0);
    expect(outside).toBe(0);
    firsts.sort((a, b) => a - b);
    expect((quantile(firsts, 0.9) - quantile(firsts, 0.1)) / YEAR).toBeGreaterThan(15);
  });

  it('skews movie popularity to a heavy head', () => {
    const counts = new Array<number>(3_000).fill(0);
    for (const m of r.movie) counts[m]++;
    counts.sort((a, b) => b - a);
    const share = (from: number, to: number) =>
      counts.slice(from, to).reduce((a, b) => a + b, 0) / r.movie.length;
    // Uniform popularity (taste clusters alone) gives about 6%, 28% and 30% here.
    expect(share(0, 30)).toBeGreaterThan(0.075);
    expect(share(0, 300)).toBeGreaterThan(0.36);
    expect(share(1_500, 3_000)).toBeLessThan(0.2);
  });

  it("plants taste clusters: users choose and like their cluster's movies, and drift late", () => {
    const k = r.release.structure.clusters;
    expect(k).toBeGreaterThanOrEqual(20);
    expect(k).toBeLessThanOrEqual(40);
    let inMain = 0;
    let inMainStars = 0;
    let otherStars = 0;
    const drift = { early: 0, late: 0, earlyN: 0, lateN: 0 };
    for (let u = 1; u <= r.release.users; u++) {
      const seq = sequence(r, u);
      seq.forEach((i, j) => {
        const c = r.movieCluster[r.movie[i]];
        if (c === r.userMain[u]) {
          inMain++;
          inMainStars += r.half[i] / 2;
        } else otherStars += r.half[i] / 2;
        const late = j >= seq.length / 2;
        const inDrift = c === r.userDrift[u] ? 1 : 0;
        if (late) {
          drift.late += inDrift;
          drift.lateN++;
        } else {
          drift.early += inDrift;
          drift.earlyN++;
        }
      });
    }
    const n = r.movie.length;
    expect(inMain / n).toBeGreaterThan(4 / k);
    expect(inMainStars / inMain - otherStars / (n - inMain)).toBeGreaterThan(0.5);
    expect(drift.late / drift.lateN).toBeGreaterThan((1.5 * drift.early) / drift.earlyN);

    // A cluster's movies share genres: their genre mix is far from the catalogue's.
    const genreIndex = new Map(MOVIELENS_GENRES.map((g, i) => [g, i]));
    const byCluster = Array.from({ length: k }, () => new Float64Array(MOVIELENS_GENRES.length));
    const all = new Float64Array(MOVIELENS_GENRES.length);
    lines(path.join(r.release.dir, 'movies.csv'))
      .slice(1)
      .forEach((line, m) => {
        for (const g of splitCsvLine(line)[2].split('|')) {
          byCluster[r.movieCluster[m]][genreIndex.get(g)!]++;
          all[genreIndex.get(g)!]++;
        }
      });
    const total = all.reduce((a, b) => a + b, 0);
    let distance = 0;
    for (const mix of byCluster) {
      const size = mix.reduce((a, b) => a + b, 0);
      distance += mix.reduce((d, x, g) => d + Math.abs(x / size - all[g] / total), 0) / 2 / k;
    }
    expect(distance).toBeGreaterThan(0.4);
  });

  it("is learnable: item co-occurrence beats popularity at a user's last rating", () => {
    const n = r.ids.length;
    const held = new Int32Array(r.release.users + 1).fill(-1);
    for (let u = 2; u <= r.release.users; u += 2) {
      const seq = sequence(r, u);
      held[u] = r.movie[seq[seq.length - 1]];
    }
    // Co-rating counts and popularity from everything but the held-out ratings.
    const co = new Float32Array(n * n);
    const popularity = new Float64Array(n);
    const items: number[][] = [[]];
    for (let u = 1; u <= r.release.users; u++) {
      const mine: number[] = [];
      for (let i = r.start[u]; i < r.user.length && r.user[i] === u; i++)
        if (r.movie[i] !== held[u]) mine.push(r.movie[i]);
      items.push(mine);
      for (const a of mine) {
        popularity[a]++;
        for (const b of mine) co[a * n + b]++;
      }
    }
    const norm = Float64Array.from(popularity, (p) => 1 / Math.sqrt(Math.max(1, p)));
    const hitAt10 = (score: Float64Array, mine: number[], target: number) => {
      const rated = new Set(mine);
      let above = 0;
      for (let m = 0; m < n; m++) if (!rated.has(m) && score[m] > score[target]) above++;
      return above < 10 ? 1 : 0;
    };
    let hits = { cooccurrence: 0, popularity: 0 };
    let users = 0;
    const score = new Float64Array(n);
    for (let u = 2; u <= r.release.users; u += 2) {
      score.fill(0);
      // Co-rating counts with the user's movies, normalised by both movies' popularity
      // (item-item cosine), so the most popular movies do not win every list.
      for (const a of items[u]) {
        const row = a * n;
        for (let b = 0; b < n; b++) score[b] += co[row + b] * norm[a];
      }
      for (let b = 0; b < n; b++) score[b] *= norm[b];
      hits = {
        cooccurrence: hits.cooccurrence + hitAt10(score, items[u], held[u]),
        popularity: hits.popularity + hitAt10(popularity, items[u], held[u]),
      };
      users++;
    }
    const rate = { cooccurrence: hits.cooccurrence / users, popularity: hits.popularity / users };
    console.log(
      `HR@10 of the last rating over ${users} users: co-occurrence ${rate.cooccurrence.toFixed(3)}, popularity ${rate.popularity.toFixed(3)}`,
    );
    expect(rate.popularity).toBeGreaterThan(0.02);
    expect(rate.cooccurrence).toBeGreaterThan(2 * rate.popularity);
    expect(rate.cooccurrence - rate.popularity).toBeGreaterThan(0.1);
  });

  it('is deterministic from the seed and records its structure in generated.json', () => {
    const small = { ratings: 20_000, movies: 500 };
    const a = generateRelease({ ...small, seed: 5, dir: path.join(temp, 'a') });
    const b = generateRelease({ ...small, seed: 5, dir: path.join(temp, 'b') });
    const c = generateRelease({ ...small, seed: 6, dir: path.join(temp, 'c') });
    const hash = (dir: string, file: string) =>
      createHash('sha256')
        .update(readFileSync(path.join(dir, file)))
        .digest('hex');
    for (const file of [
      'movies.csv',
      'ratings.csv',
      'links.csv',
      'tags.csv',
      'structure-movies.csv',
      'structure-users.csv',
    ])
      expect(hash(a.dir, file), file).toBe(hash(b.dir, file));
    expect(hash(a.dir, 'ratings.csv')).not.toBe(hash(c.dir, 'ratings.csv'));

    const recorded = JSON.parse(
      readFileSync(path.join(a.dir, 'generated.json'), 'utf8'),
    ) as GeneratedRelease;
    expect(recorded.ratings).toBe(20_000);
    expect(recorded.structure).toMatchObject({ version: STRUCTURE_VERSION, seed: 5 });
    expect(recorded.structure.clusters).toBe(a.structure.clusters);
    expect(a.structure.clusters).toBeGreaterThanOrEqual(2);
    const withClusters = generateRelease({
      ...small,
      seed: 5,
      clusters: 7,
      dir: path.join(temp, 'd'),
    });
    expect(withClusters.structure.clusters).toBe(7);
    const clusters = new Set(
      lines(path.join(withClusters.dir, 'structure-movies.csv'))
        .slice(1)
        .map((l) => l.split(',')[1]),
    );
    expect(clusters.size).toBe(7);
  });

  it('caches under os.tmpdir() by structure version and parameters', () => {
    const options = { ratings: 2_000, movies: 200, seed: 424_242 };
    const first = generateRelease(options);
    try {
      expect(first.dir.startsWith(os.tmpdir())).toBe(true);
      expect(path.basename(first.dir)).toContain(`v${STRUCTURE_VERSION}`);
      const again = generateRelease(options);
      expect(again.cached).toBe(true);
      expect(again.dir).toBe(first.dir);
      expect(again.structure).toEqual(first.structure);
      expect(existsSync(path.join(first.dir, 'ratings.csv'))).toBe(true);
    } finally {
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
