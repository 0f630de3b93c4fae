import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../main/api/session';
import type { Service } from '../../main/service/create-service';
import {
  call,
  servicesClosedAfterEach,
  writeRenumberedRelease,
  writeTinyRelease,
} from '../helpers/service-fixture';

/**
 * A watchlist and the films marked seen leave the app as CSV files in IMDb's list layout, and
 * importing them into a new profile, here or in a catalogue that numbers the movies otherwise,
 * gives the same marks at the same times.
 */
describe('marks.export → catalogue.importExport', () => {
  const open = servicesClosedAfterEach();

  async function marksOf(service: Service, session: Session, profileId: number) {
    return (await call(service, session, 'marks.list', { profileId }))
      .map((m) => ({ title: m.movie.title, mark: m.mark, markedAt: m.markedAt }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  /** A profile with two films on its watchlist, one seen, one seen and rated since. */
  async function markedProfile(service: Service, session: Session, dir: string) {
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'release',
    });
    const profile = await call(service, session, 'profiles.create', { name: 'Origin' });
    const profileId = profile.id;
    const at = (iso: string) => Date.parse(iso);
    await call(service, session, 'marks.set', {
      profileId,
      movieId: 1,
      mark: 'watchlist',
      markedAt: at('2021-02-03T04:05:06.789Z'),
    });
    await call(service, session, 'marks.set', {
      profileId,
      movieId: 3,
      mark: 'watchlist',
      markedAt: at('2022-07-08T09:10:11.012Z'),
    });
    await call(service, session, 'marks.set', {
      profileId,
      movieId: 4,
      mark: 'seen',
      markedAt: at('2023-12-31T23:59:59.999Z'),
    });
    await call(service, session, 'marks.set', { profileId, movieId: 2, mark: 'seen' });
    await call(service, session, 'ratings.set', { profileId, movieId: 2, rating: 3 });
    return { profileId, marks: await marksOf(service, session, profileId) };
  }

  /** Both exports, under the names the app saves them by, in a folder of their own. */
  async function exportFolder(service: Service, session: Session, profileId: number, dir: string) {
    const folder = path.join(dir, 'exported');
    mkdirSync(folder, { recursive: true });
    const watchlist = await call(service, session, 'marks.export', {
      profileId,
      mark: 'watchlist',
    });
    const seen = await call(service, session, 'marks.export', { profileId, mark: 'seen' });
    writeFileSync(path.join(folder, 'movie-assistant-watchlist.csv'), watchlist.csv);
    writeFileSync(path.join(folder, 'movie-assistant-watched.csv'), seen.csv);
    return { folder, watchlist: watchlist.csv, seen: seen.csv };
  }

  it('writes the watchlist and the seen films not rated since, oldest first', async () => {
    const { service, session, dir } = open();
    const { profileId } = await markedProfile(service, session, dir);
    const { watchlist, seen } = await exportFolder(service, session, profileId, dir);
    expect(watchlist.split('\n')).toEqual([
      'Const,Created,Title,Year,tmdbID',
      'tt0114709,2021-02-03T04:05:06.789Z,Toy Story,1995,862',
      'tt0211915,2022-07-08T09:10:11.012Z,"Amélie (Fabuleux destin d\'Amélie Poulain, Le)",2001,194',
      '',
    ]);
    // Jumanji, rated since it was marked seen, is in the ratings export instead.
    expect(seen.split('\n')).toEqual([
      'Const,Created,Title,Year,tmdbID',
      expect.stringMatching(/^[^,]*,2023-12-31T23:59:59\.999Z,Alien,1979,/),
      '',
    ]);
  });

  it('gives the same marks at the same times in a new profile', async () => {
    const { service, session, dir } = open();
    const { profileId, marks } = await markedProfile(service, session, dir);
    const { folder } = await exportFolder(service, session, profileId, dir);
    const copy = await call(service, session, 'profiles.create', { name: 'Copy' });
    const summary = await call(service, session, 'catalogue.importExport', {
      profileId: copy.id,
      source: folder,
      jobId: 'copy',
    });
    expect(summary.watchlist).toMatchObject({ added: 2, unmatched: [] });
    expect(summary.seen).toMatchObject({ added: 1, unmatched: [] });
    // The seen-and-rated Jumanji stays with the ratings.
    expect(await marksOf(service, session, copy.id)).toEqual(
      marks.filter((m) => m.title !== 'Jumanji'),
    );
  });

  it('is matched by IMDb id or title and year where the movies have other ids', async () => {
    const first = open();
    const { profileId, marks } = await markedProfile(first.service, first.session, first.dir);
    const { watchlist, seen } = await exportFolder(
      first.service,
      first.session,
      profileId,
      first.dir,
    );
    const second = open();
    await call(second.service, second.session, 'catalogue.import', {
      source: writeRenumberedRelease(second.dir),
      jobId: 'release',
    });
    const folder = path.join(second.dir, 'moved');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'movie-assistant-watchlist.csv'), watchlist);
    writeFileSync(path.join(folder, 'movie-assistant-watched.csv'), seen);
    const moved = await call(second.service, second.session, 'profiles.create', { name: 'Moved' });
    await call(second.service, second.session, 'catalogue.importExport', {
      profileId: moved.id,
      source: folder,
      jobId: 'moved',
    });
    expect(await marksOf(second.service, second.session, moved.id)).toEqual(
      marks.filter((m) => m.title !== 'Jumanji'),
    );
  });
});
