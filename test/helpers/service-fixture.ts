import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { ApiError, type Channel, type Request, type Response } from '../../shared/api';
import type { Session } from '../../main/api/session';
import { createService } from '../../main/service';
import type { Service, ServiceOptions } from '../../main/service/create-service';
import { datasetsDir } from './repo-paths';

/** A MovieLens release in the shared datasets folder. */
export function sharedDatasetDir(name: string): string {
  return path.join(datasetsDir, name);
}

export function tempDir(prefix = 'movie-assistant-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real service over a fresh SQLite file (and models folder) in a temp folder. */
export function openTestService(options: Partial<ServiceOptions> = {}): {
  service: Service;
  dir: string;
  close(): Promise<void>;
} {
  const temp = tempDir();
  const service = createService({
    dbFile: path.join(temp.dir, 'catalogue.db'),
    modelsDir: path.join(temp.dir, 'models'),
    autoPretrain: false,
    starterCatalogue: false,
    ...options,
  });
  return {
    service,
    dir: temp.dir,
    async close() {
      await service.close();
      temp.remove();
    },
  };
}

/**
 * For a suite: opens test services, each with a session of its own, and closes every one after
 * each test.
 */
export function servicesClosedAfterEach(): (options?: Partial<ServiceOptions>) => {
  service: Service;
  session: Session;
  dir: string;
} {
  let closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers) await close();
    closers = [];
  });
  return (options = {}) => {
    const opened = openTestService(options);
    closers.push(opened.close);
    return { service: opened.service, session: opened.service.newSession(), dir: opened.dir };
  };
}

/** Calls through the one dispatch and throws the ApiError it answered with. */
export async function call<C extends Channel>(
  service: Service,
  session: Session,
  channel: C,
  request: Request<C>,
): Promise<Response<C>> {
  const result = await service.dispatch(channel, request, session);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.response as Response<C>;
}

/** The error a call answers with (fails the test when it succeeds). */
export async function callError(
  service: Service,
  session: Session,
  channel: string,
  request: unknown,
): Promise<{ code: string; message: string }> {
  const result = await service.dispatch(channel, request, session);
  if (result.ok) throw new Error(`${channel} succeeded but was expected to fail`);
  return result.error;
}

/** A release folder `name` under `dir` in the ml-latest-small layout: each file's lines. */
function writeRelease(dir: string, name: string, files: Record<string, string[]>): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, lines] of Object.entries(files))
    writeFileSync(path.join(folder, file), lines.join('\n') + '\n');
  return folder;
}

/** A tiny release in the ml-latest-small layout, written by hand. */
export function writeTinyRelease(dir: string): string {
  return writeRelease(dir, 'tiny-ml-latest-small', {
    'movies.csv': [
      'movieId,title,genres',
      '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
      '2,Jumanji (1995),Adventure|Children|Fantasy',
      '3,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",Comedy|Romance',
      '4,Alien (1979),Horror|Sci-Fi',
    ],
    'ratings.csv': [
      'userId,movieId,rating,timestamp',
      '1,1,4.0,964982703',
      '1,2,3.5,964981247',
      '2,1,5.0,964982224',
      '2,3,4.5,964983815',
      '3,4,2.0,964982931',
    ],
    'links.csv': [
      'movieId,imdbId,tmdbId',
      '1,0114709,862',
      '2,0113497,8844',
      '3,0211915,194',
      '4,0078748,348',
    ],
    'tags.csv': ['userId,movieId,tag,timestamp', '2,3,whimsical,1445714994'],
  });
}

/**
 * The tiny release's movies under other movieIds (as a catalogue built from other data would
 * number them): Toy Story and Amélie keep their IMDb ids, Alien has no links (title and year only).
 */
export function writeRenumberedRelease(dir: string): string {
  return writeRelease(dir, 'renumbered-ml-latest-small', {
    'movies.csv': [
      'movieId,title,genres',
      '101,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
      '103,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",Comedy|Romance',
      '104,Alien (1979),Horror|Sci-Fi',
      '105,Heat (1995),Action|Crime|Thriller',
    ],
    'ratings.csv': [
      'userId,movieId,rating,timestamp',
      '1,101,4.0,964982703',
      '2,104,2.0,964982931',
    ],
    'links.csv': ['movieId,imdbId,tmdbId', '101,0114709,', '103,0211915,', '105,0113277,949'],
  });
}
