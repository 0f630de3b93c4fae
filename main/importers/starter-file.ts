import { gunzipSync, gzipSync } from 'node:zlib';
import type { MovieFacts } from './release-writer';

/**
 * The starter catalogue as it ships beside the pretrained weights (models/starter/): what the
 * pretrained model was trained on, compactly: the release's movies, every rating (users in runs,
 * movie ids as steps within a user, half-stars as one character each, times as steps), its tags
 * and any demographics. Gzipped JSON; deterministic for the same catalogue.
 */
export const STARTER_FILE_FORMAT = 'movie-assistant-starter/1';

export interface StarterRelease {
  /** The release's name, e.g. "ml-latest-small". */
  format: string;
  scale: { min: number; max: number };
}

export interface StarterRating {
  userKey: number;
  movieId: number;
  half: number;
  ratedAt: number;
}

export interface StarterTag {
  userKey: number;
  movieId: number;
  tag: string;
  taggedAt: number;
}

export interface StarterUser {
  userKey: number;
  age: number | null;
  gender: string | null;
  occupation: string | null;
}

/** The starter catalogue in memory, rows in the order they are written. */
export interface StarterCatalogue {
  release: StarterRelease;
  movies: MovieFacts[];
  /** Ordered by user, then movie. */
  ratings: StarterRating[];
  tags: StarterTag[];
  users: StarterUser[];
}

interface StarterJson {
  format: typeof STARTER_FILE_FORMAT;
  release: StarterRelease;
  movies: {
    idSteps: number[];
    titles: string[];
    titleKeys: string[];
    years: (number | null)[];
    genres: string[];
    imdbIds: (string | null)[];
    tmdbIds: (number | null)[];
    people: string[];
  };
  ratings: {
    users: number[];
    counts: number[];
    movieSteps: number[];
    /** One base-36 digit per rating: 1..a for 1..10 half-stars. */
    halves: string;
    timeSteps: number[];
  };
  tags: { users: number[]; movies: number[]; tags: string[]; times: number[] };
  users: StarterUser[];
}

export function encodeStarter(starter: StarterCatalogue): Buffer {
  const json: StarterJson = {
    format: STARTER_FILE_FORMAT,
    release: starter.release,
    movies: {
      idSteps: steps(starter.movies.map((m) => m.id)),
      titles: starter.movies.map((m) => m.title),
      titleKeys: starter.movies.map((m) => m.titleKey),
      years: starter.movies.map((m) => m.year),
      genres: starter.movies.map((m) => m.genres.join('|')),
      imdbIds: starter.movies.map((m) => m.imdbId),
      tmdbIds: starter.movies.map((m) => m.tmdbId),
      people: starter.movies.map((m) => m.people.join('|')),
    },
    ratings: encodeRatings(starter.ratings),
    tags: {
      users: starter.tags.map((t) => t.userKey),
      movies: starter.tags.map((t) => t.movieId),
      tags: starter.tags.map((t) => t.tag),
      times: starter.tags.map((t) => t.taggedAt),
    },
    users: starter.users,
  };
  return gzipSync(JSON.stringify(json), { level: 9 });
}

export function decodeStarter(gzipped: Buffer): StarterCatalogue {
  const json = JSON.parse(gunzipSync(gzipped).toString('utf8')) as StarterJson;
  if (json.format !== STARTER_FILE_FORMAT)
    throw new Error(`not a starter catalogue of format ${STARTER_FILE_FORMAT}`);
  const m = json.movies;
  const ids = unsteps(m.idSteps);
  const columns = [m.titles, m.titleKeys, m.years, m.genres, m.imdbIds, m.tmdbIds, m.people];
  if (columns.some((column) => column.length !== ids.length))
    throw new Error('the starter catalogue’s movie columns differ in length');
  const movies = ids.map((id, i): MovieFacts => ({
    id,
    title: m.titles[i],
    titleKey: m.titleKeys[i],
    year: m.years[i],
    genres: m.genres[i] ? m.genres[i].split('|') : [],
    imdbId: m.imdbIds[i],
    tmdbId: m.tmdbIds[i],
    people: m.people[i] ? m.people[i].split('|') : [],
  }));
  const t = json.tags;
  const tags = t.users.map((userKey, i) => ({
    userKey,
    movieId: t.movies[i],
    tag: t.tags[i],
    taggedAt: t.times[i],
  }));
  return {
    release: json.release,
    movies,
    ratings: decodeRatings(json.ratings),
    tags,
    users: json.users,
  };
}

function encodeRatings(ratings: StarterRating[]): StarterJson['ratings'] {
  const users: number[] = [];
  const counts: number[] = [];
  const movieSteps: number[] = [];
  const timeSteps: number[] = [];
  let halves = '';
  let lastMovie = 0;
  let lastTime = 0;
  for (const r of ratings) {
    if (users.length === 0 || users[users.length - 1] !== r.userKey) {
      users.push(r.userKey);
      counts.push(0);
      lastMovie = 0;
    }
    counts[counts.length - 1]++;
    movieSteps.push(r.movieId - lastMovie);
    lastMovie = r.movieId;
    timeSteps.push(r.ratedAt - lastTime);
    lastTime = r.ratedAt;
    halves += r.half.toString(36);
  }
  return { users, counts, movieSteps, halves, timeSteps };
}

function decodeRatings(json: StarterJson['ratings']): StarterRating[] {
  const n = json.movieSteps.length;
  if (json.halves.length !== n || json.timeSteps.length !== n)
    throw new Error('the starter catalogue’s rating columns differ in length');
  const ratings: StarterRating[] = new Array<StarterRating>(n);
  let row = 0;
  let lastTime = 0;
  json.users.forEach((userKey, u) => {
    let lastMovie = 0;
    for (let k = 0; k < json.counts[u]; k++, row++) {
      lastMovie += json.movieSteps[row];
      lastTime += json.timeSteps[row];
      ratings[row] = {
        userKey,
        movieId: lastMovie,
        half: parseInt(json.halves[row], 36),
        ratedAt: lastTime,
      };
    }
  });
  if (row !== n) throw new Error('the starter catalogue’s rating runs do not add up');
  return ratings;
}

function steps(values: number[]): number[] {
  return values.map((v, i) => (i === 0 ? v : v - values[i - 1]));
}

function unsteps(values: number[]): number[] {
  let last = 0;
  return values.map((step) => (last += step));
}
