import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures } from '../fixtures/catalogue-helpers';
import { call, openTestService } from '../helpers/service-fixture';

/**
 * A watchlist import stays undoable when a release renumbers its movies: the switch fixtures'
 * ml-latest gives Jumanji movieId 102 (2 in ml-latest-small), Fargo 107 (7), and the journal
 * follows the marks (on the watchlist, seen).
 */
describe('a watchlist import across a release switch', () => {
  const opened = openTestService();
  const { service } = opened;
  const session = service.newSession();
  afterAll(() => opened.close());
  const release = (name: string) => path.join(fixtures, 'releases', 'switch', name);

  it('takes the movie off the watchlist, and the seen mark off, under their new movieIds', async () => {
    await call(service, session, 'catalogue.import', {
      source: release('ml-latest-small'),
      jobId: 'small',
    });
    const profileId = (await call(service, session, 'profiles.create', { name: 'Bea' })).id;
    const folder = path.join(opened.dir, 'letterboxd');
    mkdirSync(folder);
    const header = 'Date,Name,Year,Letterboxd URI\n';
    writeFileSync(path.join(folder, 'watchlist.csv'), `${header}2023-05-01,Jumanji,1995,u\n`);
    writeFileSync(path.join(folder, 'watched.csv'), `${header}2023-04-01,Fargo,1996,u\n`);
    const imported = await call(service, session, 'catalogue.importExport', {
      profileId,
      source: folder,
      jobId: 'watchlist',
    });
    expect(imported.watchlist).toMatchObject({ added: 1 });
    expect(imported.seen).toMatchObject({ added: 1 });
    const marks = async () =>
      (await call(service, session, 'marks.list', { profileId }))
        .map((m) => [m.movieId, m.mark])
        .sort();
    expect(await marks()).toEqual([
      [2, 'watchlist'],
      [7, 'seen'],
    ]);

    await call(service, session, 'catalogue.import', {
      source: release('ml-latest'),
      jobId: 'latest',
    });
    expect(await marks()).toEqual([
      [102, 'watchlist'],
      [107, 'seen'],
    ]);
    const undone = await call(service, session, 'catalogue.undoImport', {
      profileId,
      importId: imported.importId!,
    });
    expect(undone).toMatchObject({ watchlistRemoved: 1, seenRemoved: 1 });
    expect(await marks()).toEqual([]);
  });
});
