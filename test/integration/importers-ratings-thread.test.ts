import path from 'node:path';
import type { Db } from '../../main/catalogue/db';
import { ImportCancelledError, ImportError } from '../../main/importers/errors';
import { importRelease } from '../../main/importers/import-release';
import type { ImportProgress } from '../../main/importers/progress';
import {
  datasets,
  fixtureFiles,
  freshCatalogue,
  makeTempDir,
  removeTempDirs,
  snapshot,
  writeFiles,
} from '../fixtures/catalogue-helpers';
import { writeZip } from '../fixtures/zip-writer';

afterAll(removeTempDirs);

const RATINGS_HEADER = 'userId,movieId,rating,timestamp\n';
const small = path.join(datasets, 'ml-latest-small');

/** Everything the import derives from the ratings, beyond snapshot(): statistics, users, popularity. */
function derived(db: Db): unknown {
  return {
    stats: db
      .prepare('SELECT TOTAL(movie_id * count + sum_half), COUNT(*) FROM release_movie_stats')
      .raw()
      .get(),
    spread: db.prepare('SELECT movie_id, spread FROM release_movie_stats ORDER BY movie_id').all(),
    users: db.prepare('SELECT TOTAL(user_key), COUNT(*) FROM dataset_users').raw().get(),
    popularity: db
      .prepare('SELECT TOTAL(id * rating_count + rating_sum_half) FROM movies')
      .pluck()
      .get(),
  };
}

/** Without import times and release ids (a re-import is swapped in under a new id). */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) => (k === 'imported_at' || k === 'id' ? 0 : v)),
  );
}

async function expectRejected(source: string, message: RegExp): Promise<void> {
  const { db } = freshCatalogue();
  await importRelease(db, small, { ratingsThread: true });
  const before = snapshot(db);
  const error = await importRelease(db, source, { ratingsThread: true }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
  expect(db.inTransaction).toBe(false);
}

function alteredSmall(ratingsCsv: string): string {
  const dir = path.join(makeTempDir(), 'ml-latest-small');
  return writeFiles(dir, {
    ...fixtureFiles('ml-25m'),
    'ratings.csv': ratingsCsv,
  });
}

describe('ratings parsed on a second thread', () => {
  it('give exactly the catalogue, fingerprint and progress of a single-threaded import', async () => {
    const single = freshCatalogue().db;
    const threaded = freshCatalogue().db;
    await importRelease(single, small, { ratingsThread: false });
    const progress: ImportProgress[] = [];
    const summary = await importRelease(threaded, small, {
      ratingsThread: true,
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({ movies: 9742, ratings: 100836, users: 610 });
    expect(withoutTimes(snapshot(threaded))).toEqual(withoutTimes(snapshot(single)));
    expect(derived(threaded)).toEqual(derived(single));
    const during = progress.filter((p) => p.phase.endsWith('ratings.csv'));
    expect(during.length).toBeGreaterThan(0);
    expect(Math.max(...during.map((p) => p.rows))).toBeGreaterThan(100836);
    const last = progress[progress.length - 1];
    expect(last.bytes).toBe(last.totalBytes);
  });

  it('read ratings from inside a zip, and re-importing replaces the release', async () => {
    const dir = makeTempDir();
    const zip = path.join(dir, 'ml-25m.zip');
    const files = fixtureFiles('ml-25m');
    writeZip(
      zip,
      Object.entries(files).map(([name, data]) => ({ name: `ml-25m/${name}`, data })),
    );
    const { db } = freshCatalogue();
    const first = await importRelease(db, zip, { ratingsThread: true });
    const once = snapshot(db);
    const second = await importRelease(db, zip, { ratingsThread: true });
    expect(second.ratings).toBe(first.ratings);
    expect(withoutTimes(snapshot(db))).toEqual(withoutTimes(once));
  });

  it('report a bad row with its file and line, leaving the catalogue as it was', async () => {
    await expectRejected(
      alteredSmall(`${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,5.0\n`),
      /ratings\.csv line 3: expected 4 fields .*found 3/,
    );
    await expectRejected(
      alteredSmall(`${RATINGS_HEADER}1,1,4.0,964982703\n1,424242,3.0,964981247\n`),
      /ratings\.csv line 3: rating for movie 424242/,
    );
  });

  it('report a duplicate rating at or before its line', async () => {
    await expectRejected(
      alteredSmall(`${RATINGS_HEADER}1,1,4.0,964982703\n1,2571,3.0,964981247\n1,1,5.0,964982704\n`),
      /ratings\.csv.*: the same user rates the same movie twice/,
    );
  });

  it.each([false, true])(
    'report a duplicate in the middle of the file at its exact line (ratings thread: %s)',
    async (ratingsThread) => {
      const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},1,4.0,964982703`);
      rows.splice(1500, 0, '700,1,3.0,964982703'); // line 1502 repeats line 701
      const source = alteredSmall(`${RATINGS_HEADER}${rows.join('\n')}\n`);
      const { db } = freshCatalogue();
      const error = await importRelease(db, source, { ratingsThread }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toMatch(
        /^ratings\.csv line 1502: the same user rates the same movie twice \(user 700, movie 1\)/,
      );
      expect(db.prepare('SELECT COUNT(*) FROM dataset_ratings').pluck().get()).toBe(0);
    },
  );

  it('stop and roll back when cancelled while the ratings are read', async () => {
    const { db } = freshCatalogue();
    const before = snapshot(db);
    const controller = new AbortController();
    const error = await importRelease(db, small, {
      ratingsThread: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase.endsWith('ratings.csv')) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportCancelledError);
    expect(snapshot(db)).toEqual(before);
    expect(db.inTransaction).toBe(false);
  });
});
