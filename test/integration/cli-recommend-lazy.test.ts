import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import { runCli } from '../../main/cli/index';
import { pretrain } from '../../main/engine/runtime/pretrain';
import { tensorflowLoaded } from '../../main/engine/runtime/tensorflow-loaded';
import { importRelease } from '../../main/importers/import-release';
import { fixtures } from '../fixtures/catalogue-helpers';
import { tempDir } from '../helpers/service-fixture';

/**
 * `movie-assistant recommend` with the default model (recency-hybrid, typed arrays only), run in
 * this process: the model registry imports that model's file alone, so TensorFlow.js (several MB
 * of modules, about half a second of a start) is never loaded.
 */
const temp = tempDir();
afterAll(() => temp.remove());

/** Runs the command in this process; its exit code and what it wrote on stdout. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await runCli(argv), stdout };
  } finally {
    write.mockRestore();
  }
}

test('recommend with the default model loads no TensorFlow.js', async () => {
  const dbFile = path.join(temp.dir, 'catalogue.db');
  const models = path.join(temp.dir, 'models');
  const db = openCatalogue(dbFile);
  await importRelease(db, path.join(fixtures, 'releases', 'ml-25m'));
  await pretrain({ dataset: loadEngineDataset(db), model: 'recency-hybrid', modelsDir: models });
  db.close();
  const common = ['--db', dbFile, '--models', models];

  expect((await cli(['profile', 'create', 'Ann', ...common])).code).toBe(0);
  expect((await cli(['rate', '--profile', 'Ann', '1', '5', ...common])).code).toBe(0);
  const forYou = await cli(['recommend', '--profile', 'Ann', '--list', 'for-you', ...common]);
  expect(forYou.code).toBe(0);
  expect(forYou.stdout).toMatch(/model recency-hybrid/);
  // A movie on the watchlist says so on the list, and the watchlist says how well each fits.
  expect((await cli(['watchlist', '--profile', 'Ann', 'add', '2571', ...common])).code).toBe(0);
  const noted = await cli(['recommend', '--profile', 'Ann', '--list', 'for-you', ...common]);
  expect(noted.stdout).toMatch(/The Matrix \(1999\).*\(on your watchlist\)$/m);
  expect(noted.stdout.match(/on your watchlist/g)).toHaveLength(1);
  const watchlist = await cli(['watchlist', '--profile', 'Ann', ...common]);
  expect(watchlist.stdout).toMatch(/^\d+% match · \d\.\d★ +2571 {2}The Matrix \(1999\)/);

  expect(tensorflowLoaded()).toBe(false);
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  expect(loaded.filter((file) => file.includes(`${path.sep}@tensorflow${path.sep}`))).toEqual([]);
});
