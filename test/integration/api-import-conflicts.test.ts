import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../main/api/session';
import type { Service } from '../../main/service/create-service';
import { call, callError, openTestService, writeTinyRelease } from '../helpers/service-fixture';

/**
 * Issue 12, item 4: a personal import never silently overwrites the profile's own newer
 * ratings. A preview counts new, same, conflicting, unmatched and skipped rows; conflicts are
 * settled by keep-mine, take-theirs or newest-wins (the default); every import is journaled
 * and undo puts back exactly what it changed. Locked profiles stay closed to all of it.
 */
describe('personal imports: preview, conflicts and undo through the API', () => {
  let service: Service;
  let dir: string;
  let session: Session;
  let close: () => Promise<void>;
  const ALIEN = 4;
  const TOY_STORY = 1;

  beforeAll(async () => {
    const opened = openTestService();
    ({ service, dir, close } = opened);
    session = service.newSession();
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'release',
    });
  });
  afterAll(() => close());

  /**
   * A Letterboxd ratings.csv: Alien 4.0 from 2023, Toy Story, an unknown film, an older rating of
   * Alien (skipped: the newer one is kept), no rating.
   */
  function letterboxdFile(name: string, alienRating = '4.0', alienDate = '2023-03-04'): string {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      [
        'Date,Name,Year,Letterboxd URI,Rating',
        `${alienDate},Alien,1979,https://boxd.it/a,${alienRating}`,
        '2023-03-05,Toy Story,1995,https://boxd.it/b,3.5',
        '2023-03-06,A Film Nobody Has,2031,https://boxd.it/c,2.0',
        '2023-01-07,Alien,1979,https://boxd.it/a,1.0',
        '2023-03-08,Jumanji,1995,https://boxd.it/d,',
      ].join('\n') + '\n',
    );
    return file;
  }

  const ratingsOf = async (profileId: number) =>
    (await call(service, session, 'ratings.list', { profileId }))
      .map((r) => ({ movieId: r.movieId, rating: r.rating, ratedAt: r.ratedAt }))
      .sort((a, b) => a.movieId - b.movieId);

  it('keeps the profile’s newer rating by default, after a preview that writes nothing', async () => {
    const profile = await call(service, session, 'profiles.create', { name: 'Neo' });
    await call(service, session, 'ratings.set', {
      profileId: profile.id,
      movieId: ALIEN,
      rating: 5,
    });
    const before = await ratingsOf(profile.id);
    const file = letterboxdFile('defaults.csv');

    const preview = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: file,
      dryRun: true,
      jobId: 'preview',
    });
    expect(preview).toMatchObject({
      dryRun: true,
      conflictPolicy: 'newest-wins',
      counts: { new: 1, same: 0, conflicting: 1, conflictingNewer: 0, unmatched: 1, skipped: 2 },
      written: 0,
      importId: null,
    });
    expect(preview.conflicts).toEqual([
      expect.objectContaining({ movieId: ALIEN, title: 'Alien', mine: 5, theirs: 4 }),
    ]);
    expect(await ratingsOf(profile.id)).toEqual(before);
    expect(
      await call(service, session, 'catalogue.importHistory', { profileId: profile.id }),
    ).toEqual([]);

    const imported = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: file,
      jobId: 'import',
    });
    expect(imported).toMatchObject({ dryRun: false, written: 1, importId: expect.any(Number) });
    const after = await ratingsOf(profile.id);
    // The Matrix-from-today case: the profile's own 5.0 (rated now) beats the 2023 row's 4.0.
    expect(after.find((r) => r.movieId === ALIEN)).toEqual(before[0]);
    expect(after.find((r) => r.movieId === TOY_STORY)).toMatchObject({ rating: 3.5 });
  });

  it('takes theirs or keeps mine when asked, and undo restores exactly', async () => {
    const profile = await call(service, session, 'profiles.create', { name: 'Trinity' });
    await call(service, session, 'ratings.set', {
      profileId: profile.id,
      movieId: ALIEN,
      rating: 5,
    });
    const original = await ratingsOf(profile.id);

    const keep = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      // newer than the rating just given: tomorrow, as an export made where it is already so
      source: letterboxdFile(
        'keep.csv',
        '2.0',
        new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      ),
      conflicts: 'keep-mine',
      jobId: 'keep',
    });
    expect(keep).toMatchObject({
      conflictPolicy: 'keep-mine',
      counts: { conflicting: 1, conflictingNewer: 1 },
      written: 1,
    });
    expect((await ratingsOf(profile.id)).find((r) => r.movieId === ALIEN)).toEqual(original[0]);

    const take = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: letterboxdFile('take.csv'),
      conflicts: 'take-theirs',
      jobId: 'take',
    });
    expect(take).toMatchObject({
      counts: { new: 0, same: 1, conflicting: 1 },
      written: 1,
    });
    expect((await ratingsOf(profile.id)).find((r) => r.movieId === ALIEN)).toMatchObject({
      rating: 4,
      ratedAt: Date.parse('2023-03-04'),
    });

    const history = await call(service, session, 'catalogue.importHistory', {
      profileId: profile.id,
    });
    expect(history.map((h) => [h.importId, h.written, h.undoneAt])).toEqual([
      [take.importId, 1, null],
      [keep.importId, 1, null],
    ]);

    const undoTake = await call(service, session, 'catalogue.undoImport', {
      profileId: profile.id,
      importId: take.importId!,
    });
    expect(undoTake).toEqual({
      importId: take.importId,
      restored: 1,
      changedSince: 0,
      watchlistRemoved: 0,
      seenRemoved: 0,
    });
    await call(service, session, 'catalogue.undoImport', {
      profileId: profile.id,
      importId: keep.importId!,
    });
    expect(await ratingsOf(profile.id)).toEqual(original);

    const again = await callError(service, session, 'catalogue.undoImport', {
      profileId: profile.id,
      importId: keep.importId!,
    });
    expect(again.code).toBe('conflict');
    const history2 = await call(service, session, 'catalogue.importHistory', {
      profileId: profile.id,
    });
    expect(history2.every((h) => h.undoneAt !== null)).toBe(true);
  });

  it('leaves a rating changed since the import when undoing it', async () => {
    const profile = await call(service, session, 'profiles.create', { name: 'Morpheus' });
    const imported = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: letterboxdFile('since.csv'),
      jobId: 'since',
    });
    expect(imported.written).toBe(2);
    await call(service, session, 'ratings.set', {
      profileId: profile.id,
      movieId: TOY_STORY,
      rating: 1,
    });
    const undo = await call(service, session, 'catalogue.undoImport', {
      profileId: profile.id,
      importId: imported.importId!,
    });
    expect(undo).toMatchObject({ restored: 1, changedSince: 1 });
    expect(await ratingsOf(profile.id)).toEqual([
      expect.objectContaining({ movieId: TOY_STORY, rating: 1 }),
    ]);
  });

  it('refuses previews, history and undo of a locked profile to a session that has not opened it', async () => {
    const profile = await call(service, session, 'profiles.create', {
      name: 'Cypher',
      passphrase: 'steak tastes good',
    });
    const imported = await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: letterboxdFile('locked.csv'),
      jobId: 'locked',
    });
    const other = service.newSession();
    const requests: [string, Record<string, unknown>][] = [
      [
        'catalogue.importExport',
        { profileId: profile.id, source: letterboxdFile('locked2.csv'), dryRun: true, jobId: 'x' },
      ],
      ['catalogue.importHistory', { profileId: profile.id }],
      ['catalogue.undoImport', { profileId: profile.id, importId: imported.importId }],
    ];
    for (const [channel, request] of requests) {
      expect((await callError(service, other, channel, request)).code).toBe('locked');
    }
    // Someone else's import id names nothing in this profile.
    const mine = await call(service, session, 'profiles.create', { name: 'Switch' });
    const foreign = await callError(service, session, 'catalogue.undoImport', {
      profileId: mine.id,
      importId: imported.importId,
    });
    expect(foreign.code).toBe('not-found');
    expect((await ratingsOf(profile.id)).length).toBe(2);
  });
});
