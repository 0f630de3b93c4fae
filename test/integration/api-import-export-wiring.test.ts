import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, openTestService, writeTinyRelease } from '../helpers/service-fixture';

/**
 * Issue 12, item 1: a personal-export import through the API keeps the importer's `skipped`
 * rows in its answer, and `userId` picks one dataset user's rows from a multi-user ratings file.
 */
describe('catalogue.importExport wiring', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('answers the skipped rows and imports only the dataset user named by userId', async () => {
    const opened = openTestService();
    close = opened.close;
    const { service, dir } = opened;
    const session = service.newSession();
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'release',
    });
    const profile = await call(service, session, 'profiles.create', { name: 'Dana' });

    const file = path.join(dir, 'ratings.csv');
    writeFileSync(
      file,
      [
        'userId,movieId,rating,timestamp',
        '1,1,4.0,964982703',
        '2,1,5.0,964982224',
        '2,3,4.5,964983815',
        '2,3,3.0,964983816',
        '3,4,2.0,964982931',
      ].join('\n') + '\n',
    );

    const summary = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: file,
      userId: 2,
      jobId: 'export',
    });
    expect(summary).toMatchObject({ format: 'movielens', rows: 3, matched: 2 });
    expect(summary.skipped).toEqual([
      {
        file: expect.stringMatching(/ratings\.csv$/),
        line: 4,
        reason: 'the same movie as line 5, rated later',
      },
    ]);

    const ratings = await call(service, session, 'ratings.list', { profileId: profile.id });
    expect(ratings.map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [1, 5],
      [3, 3],
    ]);
  });

  it('refuses a multi-user ratings file without userId, and a bad userId at the boundary', async () => {
    const opened = openTestService();
    close = opened.close;
    const { service, dir } = opened;
    const session = service.newSession();
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'release',
    });
    const profile = await call(service, session, 'profiles.create', { name: 'Eli' });
    const file = path.join(dir, 'ratings.csv');
    writeFileSync(file, 'userId,movieId,rating,timestamp\n1,1,4.0,1\n2,2,3.0,2\n');

    const without = await service.dispatch(
      'catalogue.importExport',
      { profileId: profile.id, source: file, jobId: 'a' },
      session,
    );
    expect(without.ok).toBe(false);
    const bad = await service.dispatch(
      'catalogue.importExport',
      { profileId: profile.id, source: file, userId: 0, jobId: 'b' },
      session,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
