import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../main/service/create-service';
import { call, callError, openTestService, writeTinyRelease } from '../helpers/service-fixture';
import { repoRoot } from '../helpers/repo-paths';

/** recommend.together through the one dispatch, on the shipped model and a tiny catalogue. */
describe('watch together through the API table', () => {
  let service: Service;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = openTestService({ modelsDir: path.join(repoRoot, 'models') });
    service = opened.service;
    close = opened.close;
    await call(service, service.newSession(), 'catalogue.import', {
      source: writeTinyRelease(opened.dir),
      jobId: 'tiny',
    });
  });
  afterAll(() => close());

  it('refuses a group with a locked member the session has not unlocked', async () => {
    const owner = service.newSession();
    const ann = await call(service, owner, 'profiles.create', { name: 'Ann' });
    const ben = await call(service, owner, 'profiles.create', { name: 'Ben' });
    const dee = await call(service, owner, 'profiles.create', {
      name: 'Dee',
      passphrase: 'open sesame',
    });
    await call(service, owner, 'ratings.set', { profileId: ann.id, movieId: 1, rating: 5 });
    await call(service, owner, 'ratings.set', { profileId: ben.id, movieId: 2, rating: 4 });
    await call(service, owner, 'ratings.set', { profileId: dee.id, movieId: 4, rating: 1 });

    const other = service.newSession();
    const refused = await callError(service, other, 'recommend.together', {
      profileIds: [ann.id, dee.id],
    });
    expect(refused.code).toBe('locked');
    expect(refused.message).toMatch(/Dee.*locked/);

    const open = await call(service, other, 'recommend.together', {
      profileIds: [ann.id, ben.id],
    });
    // One rating each says nothing yet of whether their stars run low or high.
    expect(open.members).toEqual([
      { profileId: ann.id, name: 'Ann', starsRun: null },
      { profileId: ben.id, name: 'Ben', starsRun: null },
    ]);
    for (const item of open.items) {
      expect([1, 2]).not.toContain(item.movie.id);
      expect(item.members.map((m) => m.profileId)).toEqual([ann.id, ben.id]);
      expect(item.reason.because).toEqual([]);
    }

    // The session that created Dee knows her passphrase; another one must unlock her first.
    const withDee = await call(service, owner, 'recommend.together', {
      profileIds: [ann.id, ben.id, dee.id],
    });
    expect(withDee.members.map((m) => m.name)).toEqual(['Ann', 'Ben', 'Dee']);
    for (const item of withDee.items) expect([1, 2, 4]).not.toContain(item.movie.id);
    await call(service, other, 'profiles.unlock', { profileId: dee.id, passphrase: 'open sesame' });
    await call(service, other, 'recommend.together', { profileIds: [ann.id, dee.id] });
  });

  it('needs two to six different profiles that exist', async () => {
    const session = service.newSession();
    const eve = await call(service, session, 'profiles.create', { name: 'Eve' });
    for (const profileIds of [[eve.id], [eve.id, eve.id], [1, 2, 3, 4, 5, 6, 7]]) {
      expect((await callError(service, session, 'recommend.together', { profileIds })).code).toBe(
        'bad-request',
      );
    }
    expect(
      (await callError(service, session, 'recommend.together', { profileIds: [eve.id, 999] })).code,
    ).toBe('not-found');
  });
});
