import path from 'node:path';
import { openCatalogue } from '../../main/catalogue/db';
import { createProfile } from '../../main/catalogue/profiles';
import { ImportCancelledError, ImportError } from '../../main/importers/errors';
import type { FromWorker, ImportWorkerData } from '../../main/importers/import-job';
import { pendingWrites } from '../../main/catalogue/pending-writes';
import type { ImportProgress } from '../../main/importers/progress';
import { importInWorker } from '../../main/importers/run-import-job';
import { startWorker } from '../../main/util/workers';
import {
  datasets,
  fixtures,
  makeTempDir,
  removeTempDirs,
  snapshot,
} from '../fixtures/catalogue-helpers';

afterAll(removeTempDirs);

describe('imports in a worker thread', () => {
  it('imports a release on its own connection while this one keeps reading, with progress events', async () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const db = openCatalogue(file);
    const progress: ImportProgress[] = [];
    const job = importInWorker(
      file,
      { kind: 'release', source: path.join(datasets, 'ml-latest-small') },
      { onProgress: (p) => progress.push(p) },
    );
    expect(db.prepare('SELECT COUNT(*) FROM movies').pluck().get()).toBe(0);
    const summary = await job;
    expect(summary).toMatchObject({
      format: 'ml-latest-small',
      movies: 9742,
      ratings: 100836,
      users: 610,
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((p) => p.phase.endsWith('ratings.csv'))).toBe(true);
    expect(progress[progress.length - 1].bytes).toBe(progress[progress.length - 1].totalBytes);
    expect(db.prepare('SELECT COUNT(*) FROM dataset_ratings').pluck().get()).toBe(100836);

    const profile = createProfile(db, 'Worker');
    const exported = await importInWorker(file, {
      kind: 'export',
      profileId: profile.id,
      source: path.join(fixtures, 'exports', 'letterboxd-ratings.csv'),
    });
    expect(exported).toMatchObject({ format: 'letterboxd', matched: 3 });
    db.close();
  });

  it('rejects with the importer’s message, and cancels on abort leaving the catalogue unchanged', async () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const db = openCatalogue(file);
    const before = snapshot(db);
    const bad = importInWorker(file, { kind: 'release', source: path.join(fixtures, 'exports') });
    await expect(bad).rejects.toBeInstanceOf(ImportError);
    await expect(
      importInWorker(file, { kind: 'release', source: path.join(fixtures, 'exports') }),
    ).rejects.toThrow(/exports: this is an export from IMDb, not a MovieLens release/);

    const controller = new AbortController();
    const job = importInWorker(
      file,
      { kind: 'release', source: path.join(datasets, 'ml-latest-small') },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rows > 0) controller.abort();
        },
      },
    );
    await expect(job).rejects.toBeInstanceOf(ImportCancelledError);
    expect(snapshot(db)).toEqual(before);
    db.close();
  });

  it('reads a cancel from the shared flag alone, as during a commit that cannot receive messages', async () => {
    const file = path.join(makeTempDir(), 'catalogue.db');
    const db = openCatalogue(file);
    const before = snapshot(db);
    const data: ImportWorkerData = {
      dbFile: file,
      request: { kind: 'release', source: path.join(datasets, 'ml-latest-small') },
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
      pendingWrites: pendingWrites(),
    };
    Atomics.store(data.cancelFlag, 0, 1); // and no 'cancel' message
    const worker = startWorker('import', { workerData: data });
    const outcome = await new Promise<FromWorker>((resolve) =>
      worker.on('message', (m: FromWorker) => {
        if (m.type !== 'progress') resolve(m);
      }),
    );
    expect(outcome).toMatchObject({ type: 'failed', error: { name: 'ImportCancelledError' } });
    expect(snapshot(db)).toEqual(before);
    db.close();
  });
});
