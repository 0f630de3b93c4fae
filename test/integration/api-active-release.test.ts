import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../main/api/session';
import { openCatalogue } from '../../main/catalogue/db';
import { backupPort } from '../../main/service/backup-port';
import { cataloguePort } from '../../main/service/catalogue-port';
import { createServiceFromPorts, type Service } from '../../main/service/create-service';
import { evalPort } from '../../main/service/engine-port';
import { importPort } from '../../main/service/import-port';
import { fixtures } from '../fixtures/catalogue-helpers';
import { recordingEngine } from '../helpers/recording-engine';
import { call, callError, tempDir } from '../helpers/service-fixture';

/**
 * Issue 11: choosing the release the app learns from, also an older, smaller one, through the
 * API. The fixtures are release-switch.test.ts's: ml-latest-small; ml-latest, with more
 * ratings, where Jumanji, Heat and Fargo have other movieIds and Little Odessa is missing;
 * ml-32m, with the most, where Little Odessa is back under another movieId.
 */
const release = (name: string) => path.join(fixtures, 'releases', 'switch', name);

describe('catalogue.setActiveRelease', () => {
  const temp = tempDir();
  const dbFile = path.join(temp.dir, 'catalogue.db');
  const engine = recordingEngine();
  const changes: string[] = [];
  let service: Service;
  let session: Session;
  let ann: number;
  let bo: number;

  beforeAll(async () => {
    const db = openCatalogue(dbFile);
    service = createServiceFromPorts(
      {
        catalogue: cataloguePort(db, dbFile),
        backups: backupPort(db, dbFile, { rolling: false }),
        importer: importPort(dbFile),
        engine,
        evaluation: evalPort(path.join(temp.dir, 'models')),
      },
      { dbFile },
    );
    service.onEvent((event, payload) => {
      if (event === 'catalogue.changed') changes.push((payload as { reason: string }).reason);
    });
    session = service.newSession();

    await importRelease('ml-latest-small');
    ann = (await call(service, session, 'profiles.create', { name: 'Ann' })).id;
    bo = (await call(service, session, 'profiles.create', { name: 'Bo' })).id;
    const annRates: [number, number][] = [
      [1, 5],
      [2, 4],
      [3, 3.5],
      [4, 2],
      [5, 4.5],
    ];
    for (const [movieId, rating] of annRates)
      await call(service, session, 'ratings.set', { profileId: ann, movieId, rating });
    await call(service, session, 'marks.set', { profileId: ann, movieId: 7, mark: 'watchlist' });
    // Bo rates only films with the same movieId in every release.
    await call(service, session, 'ratings.set', { profileId: bo, movieId: 1, rating: 3 });
    await call(service, session, 'ratings.set', { profileId: bo, movieId: 4, rating: 4.5 });
    // The larger release becomes the active one by itself, and Ann's ratings follow it.
    await importRelease('ml-latest');
  });
  afterAll(async () => {
    await service?.close();
    temp.remove();
  });

  async function importRelease(name: string) {
    return call(service, session, 'catalogue.import', { source: release(name), jobId: name });
  }
  async function releases() {
    const info = await call(service, session, 'app.info', {});
    return info.catalogue.releases;
  }
  const idOf = async (format: string) => (await releases()).find((r) => r.format === format)!.id;
  const activeFormat = async () => (await releases()).find((r) => r.active)?.format;
  async function ratingsOf(profileId: number): Promise<string[]> {
    const ratings = await call(service, session, 'ratings.list', { profileId });
    return ratings.map((r) => `${r.movie.title}: ${r.rating} @ ${r.movieId}`).sort();
  }
  async function marksOf(profileId: number): Promise<string[]> {
    const marks = await call(service, session, 'marks.list', { profileId });
    return marks.map((m) => `${m.movie.title}: ${m.mark} @ ${m.movieId}`).sort();
  }

  it('lists the releases with the one the app learns from marked', async () => {
    expect((await releases()).map((r) => [r.format, r.active])).toEqual([
      ['ml-latest-small', false],
      ['ml-latest', true],
    ]);
    const about = await call(service, session, 'app.about', {});
    expect(about.releases.filter((r) => r.active).map((r) => r.format)).toEqual(['ml-latest']);
    expect(await ratingsOf(ann)).toContain('Jumanji: 4 @ 102');
  });

  /** Toy Story's count, average and spread as its page shows them. */
  async function toyStory() {
    const movie = await call(service, session, 'movies.get', { movieId: 1 });
    return [movie.ratingCount, movie.averageRating, movie.ratingSpread.join('')];
  }

  it("counts a movie's ratings in the release the app learns from, also after another is chosen", async () => {
    // ml-latest-small rates Toy Story once (4★), ml-latest twice (3★ and 4★): a sum over both
    // would show 3 ratings on a page whose list learns from two.
    expect(await toyStory()).toEqual([2, 3.5, '0000010100']);
    const small = await idOf('ml-latest-small');
    await call(service, session, 'catalogue.setActiveRelease', { releaseId: small });
    expect(await toyStory()).toEqual([1, 4, '0000000100']);
    await call(service, session, 'catalogue.setActiveRelease', {
      releaseId: await idOf('ml-latest'),
    });
    expect(await toyStory()).toEqual([2, 3.5, '0000010100']);
  });

  it('goes back to the smaller release, every profile rating kept on its film', async () => {
    const annBefore = await ratingsOf(ann);
    const boBefore = await ratingsOf(bo);
    engine.refitted.length = 0;
    engine.catalogueChanges = 0;
    changes.length = 0;

    const small = await idOf('ml-latest-small');
    const chosen = await call(service, session, 'catalogue.setActiveRelease', {
      releaseId: small,
    });
    expect(chosen).toMatchObject({
      id: small,
      format: 'ml-latest-small',
      active: true,
      profileRatings: { relinked: 2, unmatched: 0 },
    });
    expect(await activeFormat()).toBe('ml-latest-small');
    // Jumanji and Heat move back onto ml-latest-small's movies; nothing is lost or replaced.
    expect(await ratingsOf(ann)).toEqual([
      'Alien: 2 @ 4',
      'Heat: 3.5 @ 3',
      'Jumanji: 4 @ 2',
      'Little Odessa: 4.5 @ 5',
      'Toy Story: 5 @ 1',
    ]);
    expect((await ratingsOf(ann)).length).toBe(annBefore.length);
    expect(await marksOf(ann)).toEqual(['Fargo: watchlist @ 7']);
    expect(await ratingsOf(bo)).toEqual(boBefore);
    // As after an import: the engine reloads, and the profile whose ratings moved refits.
    expect(engine.catalogueChanges).toBe(1);
    expect(engine.refitted).toEqual([ann]);
    expect(changes).toEqual(['chose ml-latest-small to learn from']);
  });

  it('keeps the choice through the import of a larger release', async () => {
    engine.refitted.length = 0;
    const summary = await importRelease('ml-32m');
    expect(summary.profileRatings).toEqual({ relinked: 0, unmatched: 0 });
    expect(await activeFormat()).toBe('ml-latest-small');
    expect(await ratingsOf(ann)).toContain('Little Odessa: 4.5 @ 5');
    expect(engine.refitted).toEqual([]);
  });

  it('switches to another release, matching the ratings onto it', async () => {
    engine.refitted.length = 0;
    const chosen = await call(service, session, 'catalogue.setActiveRelease', {
      releaseId: await idOf('ml-32m'),
    });
    expect(chosen.profileRatings).toEqual({ relinked: 3, unmatched: 0 });
    expect(await activeFormat()).toBe('ml-32m');
    expect(await ratingsOf(ann)).toEqual([
      'Alien: 2 @ 4',
      'Heat: 3.5 @ 103',
      'Jumanji: 4 @ 102',
      'Little Odessa: 4.5 @ 205',
      'Toy Story: 5 @ 1',
    ]);
    expect(await marksOf(ann)).toEqual(['Fargo: watchlist @ 107']);
    expect(engine.refitted).toEqual([ann]);
  });

  it('choosing the active release again changes nothing', async () => {
    engine.refitted.length = 0;
    engine.catalogueChanges = 0;
    changes.length = 0;
    const chosen = await call(service, session, 'catalogue.setActiveRelease', {
      releaseId: await idOf('ml-32m'),
    });
    expect(chosen.profileRatings).toEqual({ relinked: 0, unmatched: 0 });
    expect(engine.catalogueChanges).toBe(0);
    expect(engine.refitted).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('refuses an unknown release with a clear error, changing nothing', async () => {
    const error = await callError(service, session, 'catalogue.setActiveRelease', {
      releaseId: 999,
    });
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/No release with id 999/);
    expect(error.message).toMatch(/ml-latest-small/);
    expect(await activeFormat()).toBe('ml-32m');
    const bad = await callError(service, session, 'catalogue.setActiveRelease', {
      releaseId: 'ml-latest',
    });
    expect(bad.code).toBe('bad-request');
  });
});
