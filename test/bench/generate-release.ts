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
 * links.csv, tags.csv) with a known taste structure, so recommender quality can be checked at
 * scale:
 * - movie popularity follows a power law over a shuffled movie order, cut off in the far tail so
 *   that, as in the real releases, the top 1% of movies hold over a quarter of the ratings and
 *   half the catalogue is rarely rated;
 * - per-user activity is heavy-tailed like the real releases (every user has at least 20
 *   ratings, most 20–100, a few thousands);
 * - K latent taste clusters: each movie has a home cluster, and its genres and year lean to the
 *   cluster's; each user belongs mostly to a main cluster, partly to a second one, and their
 *   choices mix global popularity with their clusters' movies;
 * - ratings are higher for movies of the user's clusters, plus a movie quality term and a user
 *   bias, rounded to half stars (mostly whole stars, as people rate) in 0.5–5;
 * - timestamps increase along each user's sequence of choices, across a span of years, and a
 *   user's late choices drift towards another cluster, so sequence order carries signal.
 * Lines are ordered by user then movie like the real files (so a user's timestamps are not in
 * file order: sort by timestamp for the sequence). Titles are made from the words of real
 * MovieLens titles so search sees a realistic vocabulary. Movie ids start at 300,000 so they
 * never collide with real MovieLens ids. Generation streams: memory is bounded by the movie and
 * user counts, never by the number of ratings.
 *
 * Besides the release, the folder holds generated.json (this result, with the structure's
 * parameters), structure-movies.csv (movieId,cluster,popularityRank,quality) and
 * structure-users.csv (each user's clusters and parameters), so a bench can check what a model
 * learned; the importers ignore these files. The result is cached under os.tmpdir() and reused
 * while its parameters (and STRUCTURE_VERSION) are unchanged.
 */
export interface GenerateOptions {
  ratings: number;
  movies: number;
  users?: number;
  /** A movies.csv of real titles to take words from. */
  titleSource?: string;
  seed?: number;
  /** Latent taste clusters; by default movies / 150, between 2 and 32. */
  clusters?: number;
  /** Write here instead of the cache under os.tmpdir(); the release is then always written. */
  dir?: string;
}

/** The parameters of the planted structure, as written to generated.json. */
export interface ReleaseStructure {
  version: number;
  seed: number;
  clusters: number;
  /** Movie popularity weight rank^-popularityExponent · exp(-popularityCutoff · rank / movies):
   * a power law, cut off in the tail so that, as in the real releases, most of the catalogue is
   * rarely rated. */
  popularityExponent: number;
  popularityCutoff: number;
  minRatingsPerUser: number;
  maxRatingsPerUser: number;
  /** Ratings per user are min + a lognormal share of the rest with this sigma. */
  activitySigma: number;
  /** Each user's share of choices from their clusters (the rest by global popularity). */
  tasteShare: [number, number];
  /** A user's second-cluster share (single-cluster users have secondShareSingle). */
  secondShare: [number, number];
  singleClusterUsers: number;
  secondShareSingle: number;
  /** The share of a user's choices from their drift cluster grows linearly to this at the end. */
  driftShare: [number, number];
  /** Of a movie's genres, the share taken from its cluster's signature genres. */
  clusterGenreShare: number;
  rating: {
    mean: number;
    userBiasSd: number;
    qualitySd: number;
    /** Added per unit of affinity: 1 for the main cluster, `second` for the second one. */
    affinityWeight: number;
    affinityCentre: number;
    second: number;
    /** Affinity to the drift cluster grows linearly to this along the sequence. */
    drift: number;
    noiseSd: number;
    /** Share of ratings rounded to whole stars; the rest go to the nearest half star, so about
     * 70% are whole stars, as in ml-25m. */
    wholeStars: number;
  };
  time: { start: number; end: number; medianUserDays: number };
  files: { movies: string; users: string };
}

export interface GeneratedRelease {
  dir: string;
  ratings: number;
  movies: number;
  users: number;
  bytes: number;
  cached: boolean;
  seconds: number;
  structure: ReleaseStructure;
}

export const FIRST_SYNTHETIC_ID = 300_000;
/** Part of the cache name: bump it whenever the generated content changes. */
export const STRUCTURE_VERSION = 2;
export const MIN_RATINGS_PER_USER = 20;

const DAY = 86_400;

export function generateRelease(options: GenerateOptions): GeneratedRelease {
  const n = Math.max(1, Math.floor(options.movies));
  const total = Math.max(0, Math.floor(options.ratings));
  const seed = options.seed ?? 42;
  const clusters = Math.max(
    1,
    Math.min(n, Math.floor(options.clusters ?? Math.min(32, Math.max(2, Math.round(n / 150))))),
  );
  const minPerUser = Math.min(MIN_RATINGS_PER_USER, n);
  const maxPerUser = n < 2 * minPerUser ? n : Math.floor(n / 2);
  const wanted =
    options.users ?? Math.max(1, Math.round(total / 154), Math.ceil(total / maxPerUser));
  const users = Math.max(1, Math.min(wanted, Math.floor(total / minPerUser)));
  if (total > users * maxPerUser)
    throw new Error(
      `${total} ratings do not fit ${users} users rating at most ${maxPerUser} of ${n} movies each`,
    );

  const name = `ml-synthetic-v${STRUCTURE_VERSION}-${total}-${n}-${users}-k${clusters}-${seed}`;
  const dir = options.dir ?? path.join(os.tmpdir(), 'movie-assistant-bench', name);
  const marker = path.join(dir, 'generated.json');
  if (!options.dir && existsSync(marker))
    return { ...(JSON.parse(readFileSync(marker, 'utf8')) as GeneratedRelease), cached: true };

  const started = performance.now();
  if (!options.dir) rmSync(dir, { recursive: true, force: true });
  else rmSync(marker, { force: true });
  mkdirSync(dir, { recursive: true });

  const structure: ReleaseStructure = {
    version: STRUCTURE_VERSION,
    seed,
    clusters,
    popularityExponent: 0.9,
    popularityCutoff: 6,
    minRatingsPerUser: minPerUser,
    maxRatingsPerUser: maxPerUser,
    activitySigma: 1.4,
    tasteShare: [0.6, 0.9],
    secondShare: [0.15, 0.45],
    singleClusterUsers: 0.35,
    secondShareSingle: 0.05,
    driftShare: [0.1, 0.35],
    clusterGenreShare: 0.8,
    rating: {
      mean: 3.22,
      userBiasSd: 0.45,
      qualitySd: 0.4,
      affinityWeight: 1.2,
      affinityCentre: 0.35,
      second: 0.6,
      drift: 0.8,
      noiseSd: 0.75,
      wholeStars: 0.4,
    },
    // The span of ml-25m: 1995-01-09 to 2019-11-21.
    time: { start: 789_652_009, end: 1_574_327_703, medianUserDays: 30 },
    files: { movies: 'structure-movies.csv', users: 'structure-users.csv' },
  };

  const movies = plantMovies(n, structure, mulberry32(seed));
  writeMovies(
    dir,
    movies,
    users,
    structure,
    titleWords(options.titleSource),
    mulberry32(seed ^ 0x51ed270b),
  );
  const counts = activity(total, users, structure, mulberry32(seed ^ 0x2545f491));
  const bytes = writeRatings(dir, movies, counts, structure, mulberry32(seed ^ 0x6c8e9cf5));
  const result: GeneratedRelease = {
    dir,
    ratings: total,
    movies: n,
    users,
    bytes,
    cached: false,
    seconds: (performance.now() - started) / 1000,
    structure,
  };
  writeFileSync(marker, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

interface PlantedMovies {
  ids: Int32Array;
  cluster: Int32Array;
  /** Popularity rank, 0 the most popular. */
  rank: Int32Array;
  quality: Float64Array;
  /** Cumulative popularity weight by rank, and the movie of each rank. */
  cumulative: Float64Array;
  byRank: Int32Array;
  /** The movies of each cluster (in rank order) at clusterStart[c]..clusterStart[c + 1], with
   * cumulative popularity weights within the cluster. */
  clusterMovies: Int32Array;
  clusterCumulative: Float64Array;
  clusterStart: Int32Array;
  /** Relative cluster sizes, also the chance of a user's main cluster. */
  clusterWeight: Float64Array;
  /** Each movie's position in clusterMovies. */
  clusterPosition: Int32Array;
}

function plantMovies(n: number, s: ReleaseStructure, random: () => number): PlantedMovies {
  const k = s.clusters;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = FIRST_SYNTHETIC_ID + i * 3 + Math.floor(random() * 3);
  const clusterWeight = new Float64Array(k);
  for (let c = 0; c < k; c++) clusterWeight[c] = 0.5 + random();
  const clusterCum = cumulate(clusterWeight);
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) cluster[i] = lowerBound(clusterCum, random() * clusterCum[k - 1]);

  const byRank = new Int32Array(n);
  for (let i = 0; i < n; i++) byRank[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = byRank[i];
    byRank[i] = byRank[j];
    byRank[j] = t;
  }
  const rank = new Int32Array(n);
  const weight = new Float64Array(n);
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    rank[byRank[r]] = r;
    weight[r] = Math.exp((-s.popularityCutoff * r) / n) / Math.pow(r + 1, s.popularityExponent);
    cumulative[r] = sum += weight[r];
  }
  // Popular movies are a little better liked, as in the real releases.
  const quality = new Float64Array(n);
  for (let i = 0; i < n; i++)
    quality[i] = s.rating.qualitySd * normal(random) + 0.3 * (0.5 - rank[i] / n);

  const clusterStart = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) clusterStart[cluster[i] + 1]++;
  for (let c = 0; c < k; c++) clusterStart[c + 1] += clusterStart[c];
  const fill = clusterStart.slice(0, k);
  const clusterMovies = new Int32Array(n);
  const clusterCumulative = new Float64Array(n);
  const clusterPosition = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const movie = byRank[r];
    const at = fill[cluster[movie]]++;
    clusterPosition[movie] = at;
    clusterMovies[at] = movie;
    clusterCumulative[at] =
      (at > clusterStart[cluster[movie]] ? clusterCumulative[at - 1] : 0) + weight[r];
  }
  return {
    ids,
    cluster,
    rank,
    quality,
    cumulative,
    byRank,
    clusterMovies,
    clusterCumulative,
    clusterStart,
    clusterWeight,
    clusterPosition,
  };
}

/** How often each genre appears in ml-25m, roughly, for genres not taken from the cluster. */
const GENRE_WEIGHT: Record<string, number> = {
  Drama: 25,
  Comedy: 17,
  Thriller: 9,
  Romance: 8,
  Action: 8,
  Horror: 6,
  Documentary: 5,
  Crime: 5,
  Adventure: 4,
  'Sci-Fi': 4,
  Children: 3,
  Animation: 3,
  Mystery: 3,
  Fantasy: 3,
  War: 2,
  Western: 1,
  Musical: 1,
  'Film-Noir': 0.5,
};

function writeMovies(
  dir: string,
  m: PlantedMovies,
  users: number,
  s: ReleaseStructure,
  words: string[],
  random: () => number,
): void {
  const k = m.clusterWeight.length;
  const genreCum = cumulate(Float64Array.from(GENRES, (g) => GENRE_WEIGHT[g] ?? 1));
  const anyGenre = () => GENRES[lowerBound(genreCum, random() * genreCum[genreCum.length - 1])];
  // Each cluster has 2–3 signature genres and an era.
  const signature: string[][] = [];
  const era: number[] = [];
  for (let c = 0; c < k; c++) {
    const own = new Set<string>();
    const size = 2 + Math.floor(random() * 2);
    while (own.size < Math.min(size, GENRES.length)) own.add(anyGenre());
    signature.push([...own]);
    era.push(1945 + Math.floor(random() * 70));
  }
  const movies = ['movieId,title,genres'];
  const links = ['movieId,imdbId,tmdbId'];
  const tags = ['userId,movieId,tag,timestamp'];
  const sidecar = ['movieId,cluster,popularityRank,quality'];
  m.ids.forEach((id, i) => {
    const c = m.cluster[i];
    const length = 1 + Math.floor(random() * random() * 5);
    const title = Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(
      ' ',
    );
    const year = Math.max(1902, Math.min(2019, Math.round(era[c] + 12 * normal(random))));
    const genres = new Set<string>();
    const count = 1 + Math.floor(random() * random() * 3.5);
    for (let g = 0; g < count; g++)
      genres.add(
        random() < s.clusterGenreShare
          ? signature[c][Math.floor(random() * signature[c].length)]
          : anyGenre(),
      );
    movies.push(`${id},"${title.replace(/"/g, '""')} (${year})",${[...genres].join('|')}`);
    links.push(`${id},${String(5_000_000 + i).padStart(7, '0')},${900_000 + i}`);
    if (i % 20 === 0) tags.push(`${1 + (i % users)},${id},"${words[i % words.length]}",1500000000`);
    sidecar.push(`${id},${c},${m.rank[i]},${m.quality[i].toFixed(3)}`);
  });
  writeFileSync(path.join(dir, 'movies.csv'), `${movies.join('\n')}\n`);
  writeFileSync(path.join(dir, 'links.csv'), `${links.join('\n')}\n`);
  writeFileSync(path.join(dir, 'tags.csv'), `${tags.join('\n')}\n`);
  writeFileSync(path.join(dir, 'structure-movies.csv'), `${sidecar.join('\n')}\n`);
}

/**
 * Ratings per user: the minimum plus a lognormal share of the rest, capped at the maximum, summing
 * exactly to the total.
 */
function activity(
  total: number,
  users: number,
  s: ReleaseStructure,
  random: () => number,
): Int32Array {
  const min = s.minRatingsPerUser;
  const max = s.maxRatingsPerUser;
  const counts = new Int32Array(users);
  if (users === 1) {
    counts[0] = total;
    return counts;
  }
  const weight = new Float64Array(users);
  for (let u = 0; u < users; u++) weight[u] = Math.exp(s.activitySigma * normal(random));
  counts.fill(min);
  let left = total - min * users;
  // Share the rest by weight among users below the cap, again while the cap leaves some over.
  for (let pass = 0; pass < 8 && left > 0; pass++) {
    let sum = 0;
    for (let u = 0; u < users; u++) if (counts[u] < max) sum += weight[u];
    if (sum === 0) break;
    const share = left;
    for (let u = 0; u < users && left > 0; u++) {
      if (counts[u] >= max) continue;
      const add = Math.min(max - counts[u], Math.floor((share * weight[u]) / sum), left);
      counts[u] += add;
      left -= add;
    }
  }
  for (let u = 0; left > 0; u = (u + 1) % users) {
    if (counts[u] < max) {
      counts[u]++;
      left--;
    }
  }
  return counts;
}

/** Ratings by user then movie, each user's choices and ratings following their clusters. */
function writeRatings(
  dir: string,
  m: PlantedMovies,
  counts: Int32Array,
  s: ReleaseStructure,
  random: () => number,
): number {
  const n = m.ids.length;
  const k = m.clusterWeight.length;
  const users = counts.length;
  const clusterCum = cumulate(m.clusterWeight);
  const takenBy = new Int32Array(n);
  const timeOf = new Int32Array(n);
  const halfOf = new Uint8Array(n);
  let maxCount = 0;
  for (let u = 0; u < users; u++) maxCount = Math.max(maxCount, counts[u]);
  const picks = new Int32Array(maxCount);
  const r = s.rating;
  const span = s.time.end - s.time.start;

  const fd = openSync(path.join(dir, 'ratings.csv'), 'w');
  const out = Buffer.allocUnsafe(1 << 22);
  let pos = out.write('userId,movieId,rating,timestamp\n', 0, 'latin1');
  let bytes = 0;
  const sidecar = new TextSink(path.join(dir, s.files.users));
  sidecar.line(
    'userId,ratings,mainCluster,secondCluster,secondShare,driftCluster,driftShare,tasteShare,bias',
  );

  // For each taken movie, a later position in the same list that may be free: skipping runs of
  // taken movies keeps choices fast for users who rate most of a cluster or half the catalogue.
  const rankNext = new Int32Array(n);
  const clusterNext = new Int32Array(n);
  let user = 0;
  /** The first movie at or after position i of a list not yet taken by the user (hi if none). */
  const firstFree = (list: Int32Array, next: Int32Array, i: number, hi: number) => {
    while (i < hi && takenBy[list[i]] === user) {
      const after = next[i];
      if (after < hi && takenBy[list[after]] === user) next[i] = next[after];
      i = after;
    }
    return i;
  };
  /**
   * A position in list[lo, hi) drawn by the cumulative popularity weights among the movies the
   * user has not taken: a few draws, then the first free movie after the last draw (wrapping), so
   * a user who took the most popular movies moves down the list. -1 when all are taken.
   */
  const draw = (
    list: Int32Array,
    weights: Float64Array,
    next: Int32Array,
    lo: number,
    hi: number,
  ): number => {
    if (hi <= lo) return -1;
    const sum = weights[hi - 1];
    let at = lo;
    for (let tries = 0; tries < 8; tries++) {
      at = lowerBoundIn(weights, lo, hi - 1, random() * sum);
      if (takenBy[list[at]] !== user) return at;
    }
    at = firstFree(list, next, at, hi);
    if (at >= hi) at = firstFree(list, next, lo, hi);
    return at < hi ? at : -1;
  };

  const pickCluster = () => lowerBound(clusterCum, random() * clusterCum[k - 1]);
  const between = ([lo, hi]: [number, number]) => lo + (hi - lo) * random();
  for (let u = 0; u < users; u++) {
    user = u + 1;
    const count = counts[u];
    const main = pickCluster();
    let second = main;
    for (let t = 0; t < 8 && k > 1 && second === main; t++) second = pickCluster();
    const single = k === 1 || second === main || random() < s.singleClusterUsers;
    const secondShare = single ? s.secondShareSingle : between(s.secondShare);
    if (k > 1 && second === main) second = (main + 1) % k;
    let drift = main;
    while (k > 1 && drift === main) drift = Math.floor(random() * k);
    const driftShare = k > 1 ? between(s.driftShare) : 0;
    const tasteShare = between(s.tasteShare);
    const bias = r.userBiasSd * normal(random);

    // The user's active period: lognormal, median a month, at most the whole span.
    const days = s.time.medianUserDays * Math.exp(2.2 * normal(random));
    const duration = Math.min(Math.max(days * DAY, count * 60), (span - count) / 2);
    let time = s.time.start + Math.floor(random() * (span - count - 2 * duration));
    const step = (2 * duration) / count;

    for (let j = 0; j < count; j++) {
      const t = count > 1 ? j / (count - 1) : 0;
      let movie = -1;
      if (random() < tasteShare) {
        const x = random();
        const c = x < driftShare * t ? drift : random() < secondShare ? second : main;
        const at = draw(
          m.clusterMovies,
          m.clusterCumulative,
          clusterNext,
          m.clusterStart[c],
          m.clusterStart[c + 1],
        );
        if (at >= 0) movie = m.clusterMovies[at];
      }
      if (movie < 0) movie = m.byRank[draw(m.byRank, m.cumulative, rankNext, 0, n)];
      takenBy[movie] = user;
      rankNext[m.rank[movie]] = m.rank[movie] + 1;
      clusterNext[m.clusterPosition[movie]] = m.clusterPosition[movie] + 1;
      picks[j] = movie;
      timeOf[movie] = time += 1 + Math.floor(random() * step);

      const c = m.cluster[movie];
      let affinity = c === main ? 1 : c === second ? r.second : 0;
      if (c === drift) affinity = Math.max(affinity, r.drift * t);
      const score =
        r.mean +
        bias +
        m.quality[movie] +
        r.affinityWeight * (affinity - r.affinityCentre) +
        r.noiseSd * normal(random);
      halfOf[movie] =
        random() < r.wholeStars
          ? 2 * Math.min(5, Math.max(1, Math.round(score)))
          : Math.min(10, Math.max(1, Math.round(2 * score)));
    }

    const mine = picks.subarray(0, count).sort();
    for (let j = 0; j < count; j++) {
      if (pos > out.length - 64) {
        writeSync(fd, out, 0, pos);
        bytes += pos;
        pos = 0;
      }
      const movie = mine[j];
      const half = halfOf[movie];
      pos = writeInt(out, pos, user);
      out[pos++] = 44;
      pos = writeInt(out, pos, m.ids[movie]);
      out[pos++] = 44;
      pos = writeInt(out, pos, half >> 1);
      out[pos++] = 46;
      out[pos++] = half & 1 ? 53 : 48;
      out[pos++] = 44;
      pos = writeInt(out, pos, timeOf[movie]);
      out[pos++] = 10;
    }
    sidecar.line(
      `${user},${count},${main},${second},${secondShare.toFixed(3)},${drift},${driftShare.toFixed(3)},${tasteShare.toFixed(3)},${bias.toFixed(3)}`,
    );
  }
  writeSync(fd, out, 0, pos);
  closeSync(fd);
  sidecar.close();
  return bytes + pos;
}

/** Appends lines to a file through a buffer. */
class TextSink {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  line(text: string): void {
    this.chunks.push(text);
    this.size += text.length + 1;
    if (this.size > 1 << 20) this.flush();
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  private flush(): void {
    if (this.chunks.length > 0) writeSync(this.fd, `${this.chunks.join('\n')}\n`);
    this.chunks = [];
    this.size = 0;
  }
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

function cumulate(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i];
  return out;
}

function lowerBound(sorted: Float64Array, x: number): number {
  return lowerBoundIn(sorted, 0, sorted.length - 1, x);
}

/** The first index in lo..hi whose value is at least x (hi when none is). */
function lowerBoundIn(sorted: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
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
