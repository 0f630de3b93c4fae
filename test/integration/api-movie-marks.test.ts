import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../main/api/session';
import type { Service } from '../../main/service/create-service';
import {
  call,
  callError,
  servicesClosedAfterEach,
  writeTinyRelease,
} from '../helpers/service-fixture';
import { repoRoot } from '../helpers/repo-paths';

/**
 * Issue 12, item 8: a profile's watchlist, "not interested" and "seen" marks, through the one dispatch:
 * set, replace, list (newest first, with movie facts), clear; per profile; not-interested movies
 * left out of the onboarding picks; refused for a movie the catalogue lacks and for a locked
 * profile this connection has not opened.
 */
describe('marks.set / marks.list / marks.clear', () => {
  const openService = servicesClosedAfterEach();

  async function open(): Promise<{ service: Service; session: Session }> {
    const opened = openService();
    const { session } = opened;
    await call(opened.service, session, 'catalogue.import', {
      source: writeTinyRelease(opened.dir),
      jobId: 'release',
    });
    return { service: opened.service, session };
  }

  it('keeps one mark per movie and profile, newest first', async () => {
    const { service, session } = await open();
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    const bob = await call(service, session, 'profiles.create', { name: 'Bob' });
    await call(service, session, 'marks.set', { profileId: ann.id, movieId: 1, mark: 'watchlist' });
    await new Promise((r) => setTimeout(r, 5));
    await call(service, session, 'marks.set', {
      profileId: ann.id,
      movieId: 4,
      mark: 'not-interested',
    });
    let marks = await call(service, session, 'marks.list', { profileId: ann.id });
    expect(marks.map((m) => [m.movieId, m.mark, m.movie.title])).toEqual([
      [4, 'not-interested', 'Alien'],
      [1, 'watchlist', 'Toy Story'],
    ]);
    expect(await call(service, session, 'marks.list', { profileId: bob.id })).toEqual([]);
    // A not-interested movie is not offered to rate first either (to that profile only).
    const picks = async (profileId: number) =>
      (await call(service, session, 'movies.onboarding', { profileId })).map((m) => m.id);
    expect(await picks(ann.id)).not.toContain(4);
    expect(await picks(bob.id)).toContain(4);

    // Setting the other mark replaces the first; clearing removes it.
    await call(service, session, 'marks.set', {
      profileId: ann.id,
      movieId: 1,
      mark: 'not-interested',
    });
    await call(service, session, 'marks.clear', { profileId: ann.id, movieId: 4 });
    marks = await call(service, session, 'marks.list', { profileId: ann.id });
    expect(marks.map((m) => [m.movieId, m.mark])).toEqual([[1, 'not-interested']]);
    // Clearing what is not marked is fine.
    await call(service, session, 'marks.clear', { profileId: ann.id, movieId: 4 });
  });

  it('puts a mark back with the time it was first given, as an undo does, in its place', async () => {
    const { service, session } = await open();
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    await call(service, session, 'marks.set', { profileId: ann.id, movieId: 1, mark: 'watchlist' });
    await new Promise((r) => setTimeout(r, 5));
    await call(service, session, 'marks.set', { profileId: ann.id, movieId: 4, mark: 'watchlist' });
    const before = await call(service, session, 'marks.list', { profileId: ann.id });
    const first = before.find((m) => m.movieId === 1)!;
    await call(service, session, 'marks.clear', { profileId: ann.id, movieId: 1 });
    await call(service, session, 'marks.set', {
      profileId: ann.id,
      movieId: 1,
      mark: 'watchlist',
      markedAt: first.markedAt,
    });
    // back where it was on the newest-first list, not on top
    expect(await call(service, session, 'marks.list', { profileId: ann.id })).toEqual(before);
    const future = await callError(service, session, 'marks.set', {
      profileId: ann.id,
      movieId: 1,
      mark: 'watchlist',
      markedAt: Date.now() + 86_400_000,
    });
    expect(future.code).toBe('bad-request');
  });

  it('lists a seen movie until it is rated, and offers it to rate first', async () => {
    const { service, session } = await open();
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    const picksBefore = (
      await call(service, session, 'movies.onboarding', { profileId: ann.id })
    ).map((m) => m.id);
    const last = picksBefore[picksBefore.length - 1];
    await call(service, session, 'marks.set', { profileId: ann.id, movieId: last, mark: 'seen' });
    const marks = async () =>
      (await call(service, session, 'marks.list', { profileId: ann.id })).map((m) => [
        m.movieId,
        m.mark,
      ]);
    expect(await marks()).toEqual([[last, 'seen']]);
    // Watched: the first movie offered to rate.
    const picks = await call(service, session, 'movies.onboarding', { profileId: ann.id });
    expect(picks[0].id).toBe(last);

    // A rating says more than "seen": the mark is not listed, and comes back with the rating gone.
    await call(service, session, 'ratings.set', { profileId: ann.id, movieId: last, rating: 4 });
    expect(await marks()).toEqual([]);
    await call(service, session, 'ratings.clear', { profileId: ann.id, movieId: last });
    expect(await marks()).toEqual([[last, 'seen']]);
  });

  it('refuses an unknown movie, a bad mark and a locked profile', async () => {
    const { service, session } = await open();
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    expect(
      (
        await callError(service, session, 'marks.set', {
          profileId: ann.id,
          movieId: 999,
          mark: 'watchlist',
        })
      ).code,
    ).toBe('not-found');
    expect(
      (
        await callError(service, session, 'marks.set', {
          profileId: ann.id,
          movieId: 1,
          mark: 'loved',
        })
      ).code,
    ).toBe('bad-request');

    const locked = await call(service, session, 'profiles.create', {
      name: 'Locked',
      passphrase: 'secret words',
    });
    const stranger = service.newSession();
    expect((await callError(service, stranger, 'marks.list', { profileId: locked.id })).code).toBe(
      'locked',
    );
  });

  it('keeps the marks when a release replaces the starter catalogue', async () => {
    const modelsDir = path.join(repoRoot, 'models');
    const { service, session } = openService({ modelsDir, starterCatalogue: true });
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    // Toy Story is in the ml-1m fixture; The Return of the King only in the starter.
    await call(service, session, 'marks.set', { profileId: ann.id, movieId: 1, mark: 'watchlist' });
    await call(service, session, 'marks.set', {
      profileId: ann.id,
      movieId: 7153,
      mark: 'not-interested',
    });
    const fixtureMl1m = path.join(repoRoot, 'test', 'fixtures', 'releases', 'ml-1m');
    await call(service, session, 'catalogue.import', { source: fixtureMl1m, jobId: 'ml-1m' });
    const marks = await call(service, session, 'marks.list', { profileId: ann.id });
    expect(
      marks.map((m) => [m.movieId, m.mark]).sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [1, 'watchlist'],
      [7153, 'not-interested'],
    ]);
  }, 120_000);
});
