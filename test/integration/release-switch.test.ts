import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/domain';
import type { Session } from '../../main/api/session';
import { openCatalogue } from '../../main/catalogue/db';
import { backupPort } from '../../main/service/backup-port';
import { cataloguePort } from '../../main/service/catalogue-port';
import { createServiceFromPorts, type Service } from '../../main/service/create-service';
import { evalPort } from '../../main/service/engine-port';
import { importPort } from '../../main/service/import-port';
import { fixtures } from '../fixtures/catalogue-helpers';
import { recordingEngine } from '../helpers/recording-engine';
import { call, tempDir } from '../helpers/service-fixture';

/**
 * Switching releases keeps every profile's ratings on their films. The fixtures are three small
 * MovieLens releases, each with more ratings than the one before (so each becomes the release
 * the app learns from): ml-latest-small; ml-latest, where Jumanji and Heat have other movieIds
 * (matched through the IMDb id, and for Heat, whose IMDb id is missing, the TMDB id), Fargo too,
 * and Little Odessa is missing; ml-32m, which has Little Odessa again under another movieId.
 */
const release = (name: string) => path.join(fixtures, 'releases', 'switch', name);

describe('switching releases', () => {
  const temp = tempDir();
  const dbFile = path.join(temp.dir, 'catalogue.db');
  const engine = recordingEngine();
  let service: Service;
  let session: Session;
  let ann: number;

  beforeAll(() => {
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
    session = service.newSession();
  });
  afterAll(async () => {
    await service?.close();
    temp.remove();
  });

  const importRelease = (name: string): Promise<ImportSummary> =>
    call(service, session, 'catalogue.import', { source: release(name), jobId: name });

  /** Ann's ratings as "title: stars @ movieId", and her marks likewise. */
  async function annsRatings(): Promise<string[]> {
    const ratings = await call(service, session, 'ratings.list', { profileId: ann });
    return ratings.map((r) => `${r.movie.title}: ${r.rating} @ ${r.movieId}`).sort();
  }
  async function annsMarks(): Promise<string[]> {
    const marks = await call(service, session, 'marks.list', { profileId: ann });
    return marks.map((m) => `${m.movie.title}: ${m.mark} @ ${m.movieId}`).sort();
  }

  it('keeps every rating on its film, through links where the movieIds differ', async () => {
    await importRelease('ml-latest-small');
    ann = (await call(service, session, 'profiles.create', { name: 'Ann' })).id;
    const rated: [number, number][] = [
      [1, 5],
      [2, 4],
      [3, 3.5],
      [4, 2],
      [5, 4.5],
    ];
    for (const [movieId, rating] of rated)
      await call(service, session, 'ratings.set', { profileId: ann, movieId, rating });
    await call(service, session, 'marks.set', { profileId: ann, movieId: 7, mark: 'watchlist' });
    engine.refitted.length = 0;

    const summary = await importRelease('ml-latest');
    expect(summary.profileRatings).toEqual({ relinked: 2, unmatched: 1 });
    expect(await annsRatings()).toEqual([
      'Alien: 2 @ 4',
      'Heat: 3.5 @ 103',
      'Jumanji: 4 @ 102',
      'Little Odessa: 4.5 @ 5',
      'Toy Story: 5 @ 1',
    ]);
    expect(await annsMarks()).toEqual(['Fargo: watchlist @ 107']);
    // Her personal model is refitted on the moved ratings.
    expect(engine.catalogueChanges).toBeGreaterThan(0);
    expect(engine.refitted).toEqual([ann]);
  });

  it('matches a rating kept without a match as soon as a later release has its film', async () => {
    engine.refitted.length = 0;
    const summary = await importRelease('ml-32m');
    expect(summary.profileRatings).toEqual({ relinked: 1, unmatched: 0 });
    expect(await annsRatings()).toEqual([
      'Alien: 2 @ 4',
      'Heat: 3.5 @ 103',
      'Jumanji: 4 @ 102',
      'Little Odessa: 4.5 @ 205',
      'Toy Story: 5 @ 1',
    ]);
    expect(engine.refitted).toEqual([ann]);
  });

  it('moves nothing onto a film the profile rated under its other movieId as well', async () => {
    const bo = (await call(service, session, 'profiles.create', { name: 'Bo' })).id;
    // Jumanji twice: under ml-latest-small's movieId and under the current release's.
    await call(service, session, 'ratings.set', { profileId: bo, movieId: 2, rating: 1 });
    await call(service, session, 'ratings.set', { profileId: bo, movieId: 102, rating: 3 });
    const summary = await importRelease('ml-32m');
    expect(summary.profileRatings).toEqual({ relinked: 0, unmatched: 1 });
    const ratings = await call(service, session, 'ratings.list', { profileId: bo });
    expect(ratings.map((r) => [r.movieId, r.rating]).sort()).toEqual([
      [102, 3],
      [2, 1],
    ]);
  });
});
