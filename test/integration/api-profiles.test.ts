import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../shared/api';
import { handlers } from '../../main/api/handlers';
import type { Service } from '../../main/service/create-service';
import { call, callError, openTestService, writeTinyRelease } from '../helpers/service-fixture';

describe('the API table over a real catalogue file', () => {
  let service: Service;
  let close: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    const opened = openTestService();
    service = opened.service;
    close = opened.close;
    dir = opened.dir;
    const session = service.newSession();
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(opened.dir),
      jobId: 'tiny',
    });
  });
  afterAll(() => close());

  it('has one handler for every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(channels).sort());
  });

  it('creates, lists, renames and deletes profiles', async () => {
    const session = service.newSession();
    const ann = await call(service, session, 'profiles.create', { name: 'Ann' });
    expect(ann).toMatchObject({ name: 'Ann', locked: false, ratingCount: 0 });
    const renamed = await call(service, session, 'profiles.rename', {
      profileId: ann.id,
      name: 'Anna',
    });
    expect(renamed.name).toBe('Anna');
    expect((await call(service, session, 'profiles.list', {})).map((p) => p.name)).toContain(
      'Anna',
    );
    const clash = await callError(service, session, 'profiles.create', { name: 'anna' });
    expect(clash.code).toBe('conflict');
    await call(service, session, 'ratings.set', { profileId: ann.id, movieId: 1, rating: 4 });
    await call(service, session, 'profiles.delete', { profileId: ann.id });
    expect((await call(service, session, 'profiles.list', {})).map((p) => p.id)).not.toContain(
      ann.id,
    );
    expect((await callError(service, session, 'ratings.list', { profileId: ann.id })).code).toBe(
      'not-found',
    );
  });

  it('deletes a profile’s personal model with it, also before the engine has started', async () => {
    const session = service.newSession();
    const dee = await call(service, session, 'profiles.create', { name: 'Dee' });
    const personalModel = path.join(dir, 'personal-models', `profile-${dee.id}.json`);
    mkdirSync(path.dirname(personalModel), { recursive: true });
    writeFileSync(personalModel, '{}');
    await call(service, session, 'profiles.delete', { profileId: dee.id });
    expect(existsSync(personalModel)).toBe(false);
  });

  it('keeps each profile’s ratings to itself', async () => {
    const session = service.newSession();
    const bo = await call(service, session, 'profiles.create', { name: 'Bo' });
    const cy = await call(service, session, 'profiles.create', { name: 'Cy' });
    await call(service, session, 'ratings.set', { profileId: bo.id, movieId: 1, rating: 4.5 });
    await call(service, session, 'ratings.set', { profileId: bo.id, movieId: 3, rating: 2 });
    await call(service, session, 'ratings.set', { profileId: cy.id, movieId: 4, rating: 5 });

    const boRatings = await call(service, session, 'ratings.list', { profileId: bo.id });
    expect(boRatings.map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [1, 4.5],
      [3, 2],
    ]);
    const cyRatings = await call(service, session, 'ratings.list', { profileId: cy.id });
    expect(cyRatings.map((r) => r.movieId)).toEqual([4]);
    expect(
      (await call(service, session, 'movies.get', { movieId: 1, profileId: cy.id })).yourRating,
    ).toBeNull();
    expect(
      (await call(service, session, 'movies.get', { movieId: 1, profileId: bo.id })).yourRating,
    ).toBe(4.5);

    const { csv } = await call(service, session, 'ratings.export', { profileId: bo.id });
    expect(csv.split('\n')[0]).toBe(
      'movie_id,imdb_id,tmdb_id,rating,average_rating,title,genres,created_at',
    );
    expect(csv).toMatch(/^1,tt0114709,862,4\.5,[\d.]*,Toy Story \(1995\),/m);
    expect(csv).not.toMatch(/^4,/m);

    await call(service, session, 'ratings.clear', { profileId: bo.id, movieId: 3 });
    expect((await call(service, session, 'ratings.list', { profileId: bo.id })).length).toBe(1);
  });

  it('puts a rating back with the time it was first given, as an undo does, never a later one', async () => {
    const session = service.newSession();
    const flo = await call(service, session, 'profiles.create', { name: 'Flo' });
    await call(service, session, 'ratings.set', { profileId: flo.id, movieId: 1, rating: 4 });
    const [given] = await call(service, session, 'ratings.list', { profileId: flo.id });
    await call(service, session, 'ratings.clear', { profileId: flo.id, movieId: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await call(service, session, 'ratings.set', {
      profileId: flo.id,
      movieId: 1,
      rating: 4,
      ratedAt: given.ratedAt,
    });
    expect(await call(service, session, 'ratings.list', { profileId: flo.id })).toEqual([given]);
    const future = await callError(service, session, 'ratings.set', {
      profileId: flo.id,
      movieId: 1,
      rating: 4,
      ratedAt: Date.now() + 86_400_000,
    });
    expect(future.code).toBe('bad-request');
    expect(future.message).toMatch(/cannot be given in the future/);
  });

  it('refuses a locked profile to sessions that have not unlocked it', async () => {
    const owner = service.newSession();
    const dee = await call(service, owner, 'profiles.create', {
      name: 'Dee',
      passphrase: 'open sesame',
    });
    expect(dee.locked).toBe(true);
    // The session that created it knows the passphrase.
    await call(service, owner, 'ratings.set', { profileId: dee.id, movieId: 2, rating: 3 });

    const other = service.newSession();
    for (const [channel, request] of [
      ['ratings.list', { profileId: dee.id }],
      ['ratings.set', { profileId: dee.id, movieId: 1, rating: 1 }],
      ['ratings.export', { profileId: dee.id }],
      ['taste.summary', { profileId: dee.id }],
      ['movies.get', { movieId: 2, profileId: dee.id }],
      ['profiles.rename', { profileId: dee.id, name: 'Hacked' }],
      ['profiles.delete', { profileId: dee.id }],
    ] as const) {
      const error = await callError(service, other, channel, request);
      expect(error.code, channel).toBe('locked');
      expect(error.message).toMatch(/Dee.*locked/);
    }

    expect(
      (
        await callError(service, other, 'profiles.unlock', {
          profileId: dee.id,
          passphrase: 'wrong one',
        })
      ).code,
    ).toBe('forbidden');
    await call(service, other, 'profiles.unlock', { profileId: dee.id, passphrase: 'open sesame' });
    expect(
      (await call(service, other, 'ratings.list', { profileId: dee.id })).map((r) => r.movieId),
    ).toEqual([2]);

    await call(service, other, 'profiles.signOut', {});
    expect((await callError(service, other, 'ratings.list', { profileId: dee.id })).code).toBe(
      'locked',
    );

    const removed = await call(service, other, 'profiles.removeLock', {
      profileId: dee.id,
      passphrase: 'open sesame',
    });
    expect(removed.locked).toBe(false);
    expect((await call(service, other, 'ratings.list', { profileId: dee.id })).length).toBe(1);
  });

  it('locks a profile for every other session; the locking session keeps it open', async () => {
    const session = service.newSession();
    const other = service.newSession();
    const eve = await call(service, session, 'profiles.create', { name: 'Eve' });
    const locked = await call(service, session, 'profiles.lock', {
      profileId: eve.id,
      passphrase: 'pass-word',
    });
    expect(locked.locked).toBe(true);
    expect(await call(service, session, 'ratings.list', { profileId: eve.id })).toEqual([]);
    expect((await callError(service, other, 'ratings.list', { profileId: eve.id })).code).toBe(
      'locked',
    );
    await call(service, session, 'profiles.signOut', {});
    expect((await callError(service, session, 'ratings.list', { profileId: eve.id })).code).toBe(
      'locked',
    );
  });

  it('answers bad input with a readable bad-request error', async () => {
    const session = service.newSession();
    const fay = await call(service, session, 'profiles.create', { name: 'Fay' });
    const outOfScale = await callError(service, session, 'ratings.set', {
      profileId: fay.id,
      movieId: 1,
      rating: 7,
    });
    expect(outOfScale.code).toBe('bad-request');
    expect(outOfScale.message).toMatch(/^Bad request to ratings\.set: rating: /);
    const halfStars = await callError(service, session, 'ratings.set', {
      profileId: fay.id,
      movieId: 1,
      rating: 3.3,
    });
    expect(halfStars.message).toMatch(/half stars/);
    const wrongType = await callError(service, session, 'search.movies', { query: 42 });
    expect(wrongType.message).toMatch(/query/);
    expect((await callError(service, session, 'no.such.channel', {})).code).toBe('bad-request');
    const missingMovie = await callError(service, session, 'ratings.set', {
      profileId: fay.id,
      movieId: 999999,
      rating: 3,
    });
    expect(missingMovie.code).toBe('not-found');
  });

  it('searches the catalogue and reports it', async () => {
    const session = service.newSession();
    const found = await call(service, session, 'search.movies', { query: 'amelie' });
    expect(found.movies[0]).toMatchObject({
      id: 3,
      title: 'Amélie',
      originalTitle: "Le Fabuleux destin d'Amélie Poulain",
    });
    expect(found.total).toBe(1);
    const info = await call(service, session, 'app.info', {});
    expect(info.catalogue.movies).toBe(4);
    expect(info.catalogue.ratings).toBe(5);
    expect(await call(service, session, 'movies.genres', {})).toContain('Sci-Fi');
  });
});
