import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../fixtures/catalogue-helpers';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/service-fixture';

/** Issue 11: `movie-assistant releases` lists the releases and `--use` chooses the active one. */
describe('movie-assistant releases', () => {
  const temp = tempDir();
  const env = { MOVIE_ASSISTANT_DB: path.join(temp.dir, 'catalogue.db') };
  const release = (name: string) => path.join(fixtures, 'releases', 'switch', name);
  const cli = (args: string[]) => runCli(args, env);
  afterAll(() => temp.remove());

  beforeAll(async () => {
    for (const args of [
      ['import', release('ml-latest-small')],
      ['profile', 'create', 'Ann'],
      ['rate', '--profile', 'Ann', '2', '4'],
      ['import', release('ml-latest')],
    ]) {
      const run = await cli(args);
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('lists the releases, the one the app learns from marked', async () => {
    const run = await cli(['releases']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ +\d+ {2}ml-latest-small {2}6 ratings/);
    expect(lines[1]).toMatch(/^\* +\d+ {2}ml-latest {2}8 ratings.*learning from this one/);
  });

  it('makes the smaller release the active one, keeping the profile’s rating on its film', async () => {
    const run = await cli(['releases', '--use', 'ml-latest-small']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Learning from ml-latest-small \(release \d+, 6 ratings\)/);
    expect(run.stdout).toMatch(/ratings moved to this release's movie of the same film: 1/);

    const json = await cli(['releases', '--json']);
    const releases = JSON.parse(json.stdout) as { id: number; format: string; active: boolean }[];
    expect(releases.map((r) => [r.format, r.active])).toEqual([
      ['ml-latest-small', true],
      ['ml-latest', false],
    ]);
    const ratings = await cli(['ratings', 'list', '--profile', 'Ann', '--json']);
    expect(
      (JSON.parse(ratings.stdout) as { movieId: number; rating: number }[]).map((r) => [
        r.movieId,
        r.rating,
      ]),
    ).toEqual([[2, 4]]);

    // By id as well.
    const byId = await cli(['releases', '--use', String(releases[1].id), '--json']);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ format: 'ml-latest', active: true });
  });

  it('says under a list when its model was trained on other data than the active release', async () => {
    const run = await cli(['recommend', '--profile', 'Ann', '--list', 'for-you', '-n', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /\(the model was trained on ml-latest-small, not on the release the app learns from: movie-assistant pretrain learns it\)/,
    );
    // Watch together says it as well.
    for (const args of [
      ['profile', 'create', 'Bo'],
      ['rate', '--profile', 'Bo', '1', '4.5'],
    ])
      expect((await cli(args)).code).toBe(0);
    const together = await cli(['recommend', '--together', 'Ann,Bo', '-n', '3']);
    expect(together.code, together.stderr).toBe(0);
    expect(together.stdout).toMatch(
      /\(for Ann, Bo; model [^)]+\)\n\(the model was trained on ml-latest-small, not on the release the app learns from: movie-assistant pretrain learns it\)/,
    );
  });

  it("says a movie the active release does not rate has no ratings there, not another release's", async () => {
    // Little Odessa (5) is in ml-latest-small only; the app learns from ml-latest.
    const run = await cli(['movie', '5']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(
      'No ratings in ml-latest, the release the app learns from',
    );
    const rated = await cli(['movie', '1']);
    expect(rated.stdout.split('\n')[1]).toMatch(/^3\.5★ average from 2 ratings$/);
  });

  it('info says a pretrain is needed, and which command does it', async () => {
    const run = await cli(['info']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /pretrain needed: the model was trained on other data than ml-latest, the release the app learns from \(movie-assistant pretrain learns it\)/,
    );
  });

  it('pretrains on the release the app learns from when no --dataset is given, and the note goes', async () => {
    const models = ['--models', path.join(temp.dir, 'models')];
    const run = await cli(['pretrain', '--model', 'biased-mf', '--epochs', '2', ...models]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Trained biased-mf in /);
    const list = await cli(['recommend', '--profile', 'Ann', '--list', 'for-you', ...models]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('(model biased-mf,');
    expect(list.stdout).not.toContain('the model was trained on');
  });

  it('refuses a release the catalogue does not have, in one line', async () => {
    const unknownId = await cli(['releases', '--use', '999']);
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknownId.stderr).toMatch(/^movie-assistant: No release with id 999 .*ml-latest-small/);
    const unknownName = await cli(['releases', '--use', 'ml-1b']);
    expect(unknownName.code).toBe(2);
    expect(unknownName.stderr).toMatch(/no release named "ml-1b"/);
  });
});
