import { runCli } from '../helpers/run-cli';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatasetDir, tempDir } from '../helpers/service-fixture';

const cli = runCli;

/** `recommend --together A,B` on ml-latest-small and the shipped model. */
describe('recommend --together', () => {
  const temp = tempDir();
  const env = { MOVIE_ASSISTANT_DB: path.join(temp.dir, 'catalogue.db') };
  afterAll(() => temp.remove());

  beforeAll(async () => {
    const run = await cli(['import', sharedDatasetDir('ml-latest-small'), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    for (const args of [
      ['profile', 'create', 'Ann'],
      ['profile', 'create', 'Ben'],
      ['profile', 'create', 'Cat', '--passphrase', 'secret'],
      ['profile', 'create', 'Dee'],
    ]) {
      expect((await cli(args, env)).code).toBe(0);
    }
    for (const [name, movieId, rating] of [
      ['Ann', '1', '5'],
      ['Ann', '260', '5'],
      ['Ben', '318', '4.5'],
      ['Ben', '2571', '4'],
    ]) {
      expect((await cli(['rate', '--profile', name, movieId, rating], env)).code).toBe(0);
    }
  }, 120_000);

  it('lists movies nobody rated with every member’s predicted stars, as text and JSON', async () => {
    const text = await cli(['recommend', '--together', 'Ann,Ben', '-n', '3'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').filter((l) => /^\s+\d+\. /.test(l))).toHaveLength(3);
    expect(text.stdout).toMatch(/Ann: \d+% match · \d\.\d★, Ben: \d+% match · \d\.\d★/);
    // As on the app's cards: a member with no ratings yet has no guess, not "?★".
    const newcomer = await cli(['recommend', '--together', 'Ann,Dee', '-n', '2'], env);
    expect(newcomer.code, newcomer.stderr).toBe(0);
    expect(newcomer.stdout).toMatch(/Ann: \d+% match · \d\.\d★, Dee: no guess yet/);
    expect(newcomer.stdout).not.toContain('?★');

    const json = await cli(['recommend', '--together', 'Ann, Ben', '-n', '5', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const list = JSON.parse(json.stdout) as {
      members: Array<{ name: string }>;
      items: Array<{ movie: { id: number }; members: Array<{ predictedRating: number | null }> }>;
    };
    expect(list.members.map((m) => m.name)).toEqual(['Ann', 'Ben']);
    expect(list.items).toHaveLength(5);
    for (const item of list.items) {
      expect([1, 260, 318, 2571]).not.toContain(item.movie.id);
      expect(item.members).toHaveLength(2);
    }
  });

  it('gives a group with a member who rates low a list, and says whose stars run lower', async () => {
    expect((await cli(['profile', 'create', 'Gil'], env)).code).toBe(0);
    for (const [movieId, rating] of [
      ['1', '2'],
      ['260', '2.5'],
      ['318', '2.5'],
      ['2571', '2'],
      ['296', '1.5'],
      ['356', '2'],
    ])
      expect((await cli(['rate', '--profile', 'Gil', movieId, rating], env)).code).toBe(0);
    const text = await cli(['recommend', '--together', 'Ann,Gil', '-n', '5'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').filter((l) => /^\s+\d+\. /.test(l))).toHaveLength(5);
    expect(text.stdout).toMatch(
      /\nGil rates lower than most, so their predicted stars run lower too\.\n$/,
    );
    const json = await cli(['recommend', '--together', 'Ann,Gil', '--json'], env);
    const answer = JSON.parse(json.stdout) as {
      members: Array<{ name: string; starsRun: string | null }>;
    };
    // Which side Gil's stars run, not Gil's average: Ann sees this list too.
    expect(json.stdout).not.toMatch(/starScale|"yours"/);
    const { members } = answer;
    expect(members).toEqual([
      expect.objectContaining({ name: 'Ann', starsRun: null }),
      expect.objectContaining({ name: 'Gil', starsRun: 'lower' }),
    ]);
  });

  it('narrows the list to a genre, a decade, a minimum number of ratings and to what viewers tagged', async () => {
    const comedies = await cli(
      ['recommend', '--together', 'Ann,Ben', '--genre', 'comedy', '-n', '4', '--json'],
      env,
    );
    expect(comedies.code, comedies.stderr).toBe(0);
    const list = JSON.parse(comedies.stdout) as { items: Array<{ movie: { genres: string[] } }> };
    expect(list.items).toHaveLength(4);
    for (const item of list.items) expect(item.movie.genres).toContain('Comedy');

    const eighties = await cli(
      ['recommend', '--together', 'Ann,Ben', '--decade', '1980', '-n', '3', '--json'],
      env,
    );
    expect(eighties.code, eighties.stderr).toBe(0);
    const years = (JSON.parse(eighties.stdout) as { items: Array<{ movie: { year: number } }> })
      .items;
    expect(years).toHaveLength(3);
    for (const item of years) expect(Math.floor(item.movie.year / 10)).toBe(198);
    const badDecade = await cli(['recommend', '--together', 'Ann,Ben', '--decade', '1985'], env);
    expect(badDecade.stderr).toMatch(/--decade is a decade's first year, such as 1980/);
    // a minimum number of ratings, for Watch together and For you alike
    const ofMovies = (stdout: string) =>
      (JSON.parse(stdout) as { items: Array<{ movie: { id: number; ratingCount: number } }> })
        .items;
    const unfiltered = ofMovies(
      (await cli(['recommend', '--together', 'Ann,Ben', '-n', '20', '--json'], env)).stdout,
    );
    expect(unfiltered.some((item) => item.movie.ratingCount < 150)).toBe(true);
    for (const args of [
      ['--together', 'Ann,Ben'],
      ['--profile', 'Ann'],
    ]) {
      const known = await cli(
        ['recommend', ...args, '--min-ratings', '150', '-n', '20', '--json'],
        env,
      );
      expect(known.code, known.stderr).toBe(0);
      expect(ofMovies(known.stdout)).toHaveLength(20);
      for (const item of ofMovies(known.stdout))
        expect(item.movie.ratingCount).toBeGreaterThanOrEqual(150);
    }
    const badLeast = await cli(
      ['recommend', '--together', 'Ann,Ben', '--min-ratings', 'many'],
      env,
    );
    expect(badLeast.stderr).toMatch(/--min-ratings must be a positive whole number, not "many"/);
    const fewKnown = await cli(
      ['recommend', '--together', 'Ann,Ben', '--decade', '1920', '--min-ratings', '200'],
      env,
    );
    expect(fewKnown.stdout).toMatch(
      /^No 1920s movie with 200\+ ratings suits everyone in this group/,
    );
    const noneThen = await cli(
      ['recommend', '--together', 'Ann,Ben', '--decade', '1910', '--tag', 'pixar'],
      env,
    );
    expect(noneThen.stdout).toMatch(/^No 1910s movie tagged "pixar" suits everyone in this group/);

    const pixar = await cli(['recommend', '--together', 'Ann,Ben', '--tag', 'pixar'], env);
    expect(pixar.code, pixar.stderr).toBe(0);
    expect(pixar.stdout).toMatch(/^Only movies viewers tagged "Pixar":\n/);
    expect(pixar.stdout).toMatch(/Toy Story 2 \(1999\)/);
    const none = await cli(['recommend', '--together', 'Ann,Ben', '--tag', 'no such words'], env);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^No movie is tagged "no such words"/);
  });

  it('needs a locked member’s passphrase and two or more different profiles', async () => {
    const locked = await cli(['recommend', '--together', 'Ann,Cat'], env);
    expect(locked.code).not.toBe(0);
    expect(locked.stderr).toMatch(/Cat.*locked/);
    const opened = await cli(
      ['recommend', '--together', 'Ann,Cat', '--passphrase', 'secret', '--json'],
      env,
    );
    expect(opened.code, opened.stderr).toBe(0);
    const alone = await cli(['recommend', '--together', 'Ann'], env);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toMatch(/two or more/);
    const twice = await cli(['recommend', '--together', 'Ann,ann'], env);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('movie-assistant: --together names the profile "ann" twice\n');
  });
});
