import { writeFileSync } from 'node:fs';
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
 * Issue 12, item 7: a ratings export is self-sufficient. It is written in the movielens.org
 * layout with the movie's ids, title and year and the full time (milliseconds kept), so that
 * importing it into a new profile gives identical ratings, in this catalogue and in one where
 * the same movies have other ids.
 */
describe('ratings.export → catalogue.importExport', () => {
  const open = servicesClosedAfterEach();

  async function ratingsOf(service: Service, session: Session, profileId: number) {
    return (await call(service, session, 'ratings.list', { profileId }))
      .map((r) => ({ title: r.movie.title, rating: r.rating, ratedAt: r.ratedAt }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  /** A profile holding ratings timed to the millisecond (imported from an IMDb-like file). */
  async function ratedProfile(service: Service, session: Session, dir: string) {
    await call(service, session, 'catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'release',
    });
    const profile = await call(service, session, 'profiles.create', { name: 'Origin' });
    const file = path.join(dir, 'seed.csv');
    writeFileSync(
      file,
      [
        'movie_id,rating,title,created_at',
        '1,4.5,Toy Story (1995),2021-02-03T04:05:06.789Z',
        '3,3.0,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",2022-07-08T09:10:11.012Z',
        '4,0.5,Alien (1979),2023-12-31T23:59:59.999Z',
      ].join('\n') + '\n',
    );
    await call(service, session, 'catalogue.importExport', {
      profileId: profile.id,
      source: file,
      jobId: 'seed',
    });
    const ratings = await ratingsOf(service, session, profile.id);
    expect(ratings.map((r) => r.ratedAt % 1000).sort((a, b) => a - b)).toEqual([12, 789, 999]);
    return { profile, ratings };
  }

  it('gives identical ratings (movie, value, time to the millisecond) in a new profile', async () => {
    const { service, session, dir } = await open();
    const { profile, ratings } = await ratedProfile(service, session, dir);

    const { csv } = await call(service, session, 'ratings.export', { profileId: profile.id });
    const exported = path.join(dir, 'export.csv');
    writeFileSync(exported, csv);
    const copy = await call(service, session, 'profiles.create', { name: 'Copy' });
    const summary = await call(service, session, 'catalogue.importExport', {
      profileId: copy.id,
      source: exported,
      jobId: 'copy',
    });
    expect(summary).toMatchObject({ format: 'movielens', matched: 3, unmatched: [], written: 3 });
    expect(await ratingsOf(service, session, copy.id)).toEqual(ratings);
  });

  it('is matched by IMDb id or title and year in a catalogue where the movies have other ids', async () => {
    const first = await open();
    const { profile, ratings } = await ratedProfile(first.service, first.session, first.dir);
    const { csv } = await call(first.service, first.session, 'ratings.export', {
      profileId: profile.id,
    });

    const second = await open();
    await call(second.service, second.session, 'catalogue.import', {
      source: writeRenumberedRelease(second.dir),
      jobId: 'release',
    });
    const exported = path.join(second.dir, 'export.csv');
    writeFileSync(exported, csv);
    const copy = await call(second.service, second.session, 'profiles.create', { name: 'Moved' });
    const summary = await call(second.service, second.session, 'catalogue.importExport', {
      profileId: copy.id,
      source: exported,
      jobId: 'copy',
    });
    expect(summary.unmatched).toEqual([]);
    expect(await ratingsOf(second.service, second.session, copy.id)).toEqual(ratings);
  });
});
