import { spawn } from 'node:child_process';
import { cliLauncher, runCli, type CliRun } from '../helpers/run-cli';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatasetDir, tempDir, writeTinyRelease } from '../helpers/service-fixture';
import { repoRoot } from '../helpers/repo-paths';
import { openCatalogue } from '../../main/catalogue/db';
import { setMovieMark } from '../../main/catalogue/movie-marks';

const cli = runCli;

function expectOneLineError(run: CliRun, reason: RegExp): void {
  expect(run.code).not.toBe(0);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^movie-assistant: /);
  expect(lines[0]).toMatch(reason);
}

describe('the movie-assistant command', () => {
  const temp = tempDir();
  const db = path.join(temp.dir, 'catalogue.db');
  afterAll(() => temp.remove());

  beforeAll(async () => {
    const run = await cli(['import', sharedDatasetDir('ml-latest-small'), '--db', db, '--json']);
    expect(run.stderr).toMatch(/import/);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ movies: 9742, ratings: 100836, users: 610 });
  });

  it('searches the imported catalogue, as text and as JSON', async () => {
    const json = await cli(['search', 'toy story', '--db', db, '--json', '-n', '3']);
    expect(json.code, json.stderr).toBe(0);
    const movies = JSON.parse(json.stdout) as Array<{ id: number; title: string }>;
    expect(movies.length).toBeLessThanOrEqual(3);
    expect(movies[0]).toMatchObject({ id: 1, title: 'Toy Story' });
    const text = await cli(['search', 'alien', '--genre', 'Horror', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Alien/);
    const typed = await cli(['search', 'star wars', '--genre', 'scifi', '--db', db, '-n', '1']);
    expect(typed.stdout).toMatch(/Star Wars.*\[Action, Adventure, Sci-Fi\]/);
    // the search page's years and orders (--json: the movies, or { movies, tagged })
    const found = async (args: string[]) => {
      const json = JSON.parse((await cli(['search', ...args, '--db', db, '--json'])).stdout) as
        Array<{ title: string; year: number }> | { movies: Array<{ title: string; year: number }> };
      return Array.isArray(json) ? json : json.movies;
    };
    expect((await found(['matrix', '--from', '2000', '--to', '2010'])).map((m) => m.title)).toEqual(
      ['The Matrix Reloaded', 'The Matrix Revolutions'],
    );
    const byYear = await found(['star wars', '--sort', 'year', '-n', '5']);
    expect(byYear.map((m) => m.year)).toEqual([...byYear.map((m) => m.year)].sort((a, b) => b - a));
    expect(byYear[0].year).toBeGreaterThan(2010);
    expect(
      (await cli(['search', 'jaws', '--genre', 'comedy', '--to', '1979', '--db', db])).stdout,
    ).toMatch(/^No Comedy movies up to 1979 match "jaws"; \d+ without --genre and --to\n/);
    expect((await cli(['search', 'heat', '--sort', 'best', '--db', db])).stderr).toMatch(
      /--sort must be one of relevance, year, rating, popularity/,
    );
    const westerns = await cli(['search', 'unforgiven', '--genre', 'westerns', '--db', db]);
    expect(westerns.stdout).toMatch(/Unforgiven \(1992\)/);
    const placed = await cli(['search', 'die hard 4', '--db', db, '-n', '2']);
    expect(placed.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/Live Free or Die Hard \(2007\).*\(the 4th film of the series\)$/),
      expect.not.stringMatching(/of the series/),
    ]);
    // what a search was read as: an acronym, or titles close to a misspelling
    expect((await cli(['search', 'lotr', '2', '--db', db, '-n', '1'])).stdout).toMatch(
      /^\(read as "lord of the rings 2"\)\n +\d+ +The Lord of the Rings: The Two Towers \(2002\)/,
    );
    expect((await cli(['search', 'godfahter', '--db', db, '-n', '1'])).stdout).toMatch(
      /^\(no title is spelled "godfahter"; these are close to it\)\n +858 +The Godfather \(1972\)/,
    );
    expectOneLineError(
      await cli(['search', 'x', '--genre', 'Space Opera', '--db', db]),
      /there is no genre "Space Opera" \(genres: Action, .*Western\)/,
    );
    expect((await cli(['search', 'oppenheimer', '--db', db])).stdout).toBe(
      'No movies match "oppenheimer" (the catalogue\'s films run up to 2018)\n',
    );
    const filteredOut = await cli(['search', 'toy story', '--genre', 'Horror', '--db', db]);
    expect(filteredOut.stdout.trim()).toMatch(
      /^No Horror movies match "toy story"; [1-9]\d* without --genre$/,
    );
    // what viewers tagged, where no title has the words
    const tagged = await cli(['search', 'pixar', '--db', db]);
    expect(tagged.stdout.split('\n').slice(0, 3)).toEqual([
      'No title matches "pixar"; tagged "Pixar" by viewers:',
      expect.stringMatching(/^ +1 {2}Toy Story \(1995\)/),
      expect.stringMatching(/^ +3114 {2}Toy Story 2 \(1999\)/),
    ]);
    const taggedJson = JSON.parse((await cli(['search', 'pixar', '--db', db, '--json'])).stdout);
    expect(taggedJson).toMatchObject({ movies: [], tagged: { tags: ['Pixar'] } });
  });

  it("says what a movie's page says of a movie: its ratings' spread and its tags", async () => {
    const text = await cli(['movie', 'aliens', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe('Aliens (1986)  [Action, Adventure, Horror, Sci-Fi]');
    expect(lines[1]).toBe('4.0★ average from 126 ratings');
    // one bar a half star, the counts adding up to the ratings
    const counts = lines.slice(2, 12).map((l) => Number(l.trim().split(' ').at(-1)));
    expect(lines[2]).toMatch(/^ +½★ /);
    expect(counts.reduce((a, b) => a + b)).toBe(126);
    expect(lines[11]).toMatch(/^ +5★ █{30} 38$/); // the most given, the longest bar
    expect(lines[12]).toBe('Tagged: space · aliens · space craft · space travel · suspense');
    const json = JSON.parse((await cli(['movie', '1200', '--db', db, '--json'])).stdout);
    expect(json).toMatchObject({ id: 1200, title: 'Aliens', ratingCount: 126 });
    expectOneLineError(await cli(['movie', '--db', db]), /missing the movie \(its id or title\)/);
  });

  it('fills an empty catalogue with the starter catalogue, says so, and takes options first', async () => {
    const fresh = path.join(temp.dir, 'fresh.db');
    const first = await cli(['--db', fresh, 'search', 'toy story', '-n', '1']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^ +1 {2}Toy Story \(1995\)/);
    expect(first.stderr).toContain(
      'was empty: it now holds the starter catalogue (ml-latest-small: 9,742 movies, 100,836 ratings)',
    );
    const again = await cli(['--json', `--db=${fresh}`, 'releases']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject([{ starter: true, movies: 9742 }]);
    expect((await cli(['releases', '--db', fresh])).stdout).toMatch(
      /^\* +1 {2}ml-latest-small {2}100,836 ratings, 610 users, 9,742 movies {2}\(the starter catalogue\)/,
    );

    // A backup copies the catalogue as it is, even an empty one.
    const empty = path.join(temp.dir, 'empty.db');
    const backup = await cli(['backup', path.join(temp.dir, 'empty.backup'), '--db', empty]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).not.toMatch(/starter/);
  });

  it('manages profiles and their ratings and exports them as CSV', async () => {
    expect((await cli(['profile', 'create', 'Alice', '--db', db])).code).toBe(0);
    const env = { MOVIE_ASSISTANT_DB: db };
    expect((await cli(['profile', 'create', 'Bob'], env)).code).toBe(0);
    const list = await cli(['profile', 'list', '--json'], env);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((p) => p.name)).toEqual(
      expect.arrayContaining(['Alice', 'Bob']),
    );

    // named by its id, the movie is still said by its title
    expect((await cli(['rate', '--profile', 'Alice', '1', '4.5'], env)).stdout).toBe(
      'Rated Toy Story (1995): 4.5\n',
    );
    expect((await cli(['rate', '--profile', 'Alice', '260', '5'], env)).code).toBe(0);
    expect((await cli(['rate', '--profile', 'bob', '2', '2'], env)).code).toBe(0);
    // A movie may be named by its title, as a person would; an ambiguous one lists the ids.
    const byTitle = await cli(['rate', '--profile', 'bob', 'the matrix', '4'], env);
    expect(byTitle.stdout).toBe('Rated The Matrix (1999): 4\n');
    // Without its article ("heat" is Heat, not The Heat), or by its place in a series.
    for (const [typed, named] of [
      ['matrix', 'The Matrix (1999)'],
      ['heat', 'Heat (1995)'],
      ['Heat (1995)', 'Heat (1995)'],
      ['harry potter 3', 'Harry Potter and the Prisoner of Azkaban (2004)'],
    ])
      expect((await cli(['rate', '--profile', 'bob', typed, '3'], env)).stdout).toBe(
        `Rated ${named}: 3\n`,
      );
    expectOneLineError(
      await cli(['rate', '--profile', 'bob', 'harry potter 3 (2005)', '3'], env),
      /no movie matches "harry potter 3 \(2005\)"/,
    );
    // The watchlist, as the app keeps it: added and taken off by title, listed with its movies.
    const watch = (...args: string[]) => cli(['watchlist', '--profile', 'bob', ...args], env);
    expect((await watch('add', 'jumanji')).stdout).toBe('Put Jumanji (1995) on your watchlist\n');
    expect((await watch('add', 'Jumanji')).stdout).toMatch(/is on your watchlist already/);
    expect((await watch()).stdout).toMatch(/^.* {2,}2 {2}Jumanji \(1995\) {2}\[/m);
    expectOneLineError(await watch('remove', 'alien'), /Alien \(1979\) is not on your watchlist/);
    expect((await watch('remove', '2')).stdout).toBe('Took Jumanji (1995) off your watchlist\n');
    expect((await watch()).stdout).toMatch(/^Your watchlist is empty/);
    // Seen, not rated: marked, listed, replacing a watchlist mark (and saying so), taken off.
    const seen = (...args: string[]) => cli(['seen', '--profile', 'bob', ...args], env);
    await watch('add', 'toy story');
    expect((await seen('add', 'toy story')).stdout).toBe(
      'Marked Toy Story (1995) seen: your lists leave it out (it was on your watchlist: no longer)\n',
    );
    expect((await seen()).stdout).toMatch(/^\d{4}-\d\d-\d\d +1 {2}Toy Story \(1995\)/);
    expect((await watch()).stdout).toMatch(/^Your watchlist is empty/);
    expectOneLineError(
      await seen('add', 'jumanji'),
      /Jumanji \(1995\): you rated it 2★, which says you have seen it/,
    );
    expectOneLineError(await seen('remove', 'alien'), /Alien \(1979\) is not marked seen/);
    // Both lists export in IMDb's list layout, to standard output or to a file.
    await watch('add', 'alien');
    const listed = path.join(temp.dir, 'bob-watchlist.csv');
    expect((await watch('export', '--out', listed)).stdout).toBe(`Wrote 1 movie to ${listed}\n`);
    expect(readFileSync(listed, 'utf8')).toMatch(
      /^Const,Created,Title,Year,tmdbID\n[^,]*,\d{4}-\d\d-\d\dT[\d:.]+Z,Alien,1979,[^,]*\n$/,
    );
    expect((await seen('export')).stdout).toMatch(
      /^Const,Created,Title,Year,tmdbID\n.*,Toy Story,1995,/,
    );
    expectOneLineError(await watch('export', '--out', temp.dir), /e\.g\. .*watchlist\.csv$/);
    await watch('remove', 'alien');
    expect((await seen('remove', 'toy story')).stdout).toBe(
      'Toy Story (1995) is no longer marked seen\n',
    );
    expect((await seen()).stdout).toMatch(/^No movie is marked seen/);
    const ambiguous = await cli(['rate', '--profile', 'bob', 'star wars', '4'], env);
    expectOneLineError(
      ambiguous,
      /"star wars" could be 260 Star Wars: Episode IV .*by title and year$/,
    );
    // two entries under one title and year (the film and the TV film): told apart by what else
    // the catalogue knows, since the title and year cannot do it
    expectOneLineError(
      await cli(['rate', '--profile', 'bob', 'Emma (1996)', '4'], env),
      /"Emma \(1996\)" could be 838 Emma \(1996\) \[Comedy, Drama, Romance; 30 ratings\], 26958 Emma \(1996\) \[Romance; 1 rating\]: name it by id$/,
    );
    expect(
      (await cli(['rate', '--profile', 'bob', 'The Matrix (1999)', 'clear'], env)).stdout,
    ).toBe('Cleared your rating of The Matrix (1999)\n');

    const ratings = await cli(['ratings', 'list', '--profile', 'Alice', '--json'], env);
    expect(
      (JSON.parse(ratings.stdout) as Array<{ movieId: number }>).map((r) => r.movieId).sort(),
    ).toEqual([1, 260]);

    expectOneLineError(
      await cli(['ratings', 'export', '--profile', 'Alice', '--out', '/no-such-folder/a.csv'], env),
      /there is no folder \/no-such-folder to write/,
    );
    expectOneLineError(
      await cli(['ratings', 'export', '--profile', 'Alice', '--out', temp.dir], env),
      /is a folder: name a file, e\.g\. .*ratings\.csv$/,
    );
    // --out anywhere but on export would be ignored, and is refused instead
    expectOneLineError(
      await cli(
        ['ratings', 'list', '--profile', 'Alice', '--out', path.join(temp.dir, 'a.csv')],
        env,
      ),
      /^movie-assistant: --out goes with export: ratings export --profile NAME --out FILE$/,
    );
    expectOneLineError(
      await cli(['watchlist', '--profile', 'Alice', '--out', path.join(temp.dir, 'w.csv')], env),
      /--out goes with export: watchlist export/,
    );
    const out = path.join(temp.dir, 'alice.csv');
    const exported = await cli(['ratings', 'export', '--profile', 'Alice', '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const csv = readFileSync(out, 'utf8');
    // The movielens.org export layout: movie id, IMDb and TMDb ids, rating, …, "Title (Year)", time.
    expect(csv.split('\n')[0]).toBe(
      'movie_id,imdb_id,tmdb_id,rating,average_rating,title,genres,created_at',
    );
    expect(csv).toMatch(/^1,[^,]*,[^,]*,4\.5,/m);
    expect(csv).toMatch(/^260,[^,]*,[^,]*,5\.0,/m);
    expect(csv).not.toMatch(/^2,/m);

    const renamed = await cli(['profile', 'rename', 'Bob', 'Robert'], env);
    expect(renamed.code).toBe(0);
    // A profile with ratings goes only with --yes: without it nothing is deleted.
    const refused = await cli(['profile', 'delete', 'Robert'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/profile "Robert" has \d+ ratings?, .*add --yes to delete it/);
    expect((await cli(['profile', 'list'], env)).stdout).toMatch(/Robert/);
    expect((await cli(['profile', 'delete', 'Robert', '--yes'], env)).code).toBe(0);
    expect((await cli(['profile', 'list'], env)).stdout).not.toMatch(/Robert/);
  });

  it('imports a personal export into a profile and lists what did not match', async () => {
    const env = { MOVIE_ASSISTANT_DB: db };
    expect((await cli(['profile', 'create', 'Erin'], env)).code).toBe(0);
    const file = path.join(temp.dir, 'letterboxd-ratings.csv');
    writeFileSync(
      file,
      'Date,Name,Year,Letterboxd URI,Rating\n' +
        '2024-01-02,Heat,1995,https://boxd.it/a,4.5\n' +
        '2024-01-03,Not A Real Film,2031,https://boxd.it/b,3\n',
    );
    const run = await cli(['import', file, '--profile', 'Erin', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      format: string;
      matched: number;
      unmatched: Array<{ title: string }>;
    };
    expect(summary).toMatchObject({ format: 'letterboxd', matched: 1 });
    expect(summary.unmatched.map((u) => u.title)).toEqual(['Not A Real Film']);
    const text = await cli(['ratings', 'list', '--profile', 'Erin'], env);
    // The day the export says it was rated (a day earlier west of UTC), the stars, the movie.
    expect(text.stdout).toMatch(/^2024-01-0[12] {2}4\.5 {2}6 {2}Heat \(1995\)/m);
  });

  it('locks a profile and needs the passphrase for it', async () => {
    const env = { MOVIE_ASSISTANT_DB: db };
    expect((await cli(['profile', 'create', 'Carol'], env)).code).toBe(0);
    expect(
      (await cli(['profile', 'lock', 'Carol', '--passphrase', 'carols-secret'], env)).code,
    ).toBe(0);
    expectOneLineError(
      await cli(['ratings', 'list', '--profile', 'Carol'], env),
      /locked.*--passphrase/,
    );
    expectOneLineError(
      await cli(['ratings', 'list', '--profile', 'Carol', '--passphrase', 'nope-nope'], env),
      /passphrase does not open/,
    );
    const opened = await cli(
      ['rate', '--profile', 'Carol', '1', '3', '--passphrase', 'carols-secret'],
      env,
    );
    expect(opened.code, opened.stderr).toBe(0);
    expect(
      (await cli(['profile', 'unlock', 'Carol', '--passphrase', 'carols-secret'], env)).code,
    ).toBe(0);
    expect((await cli(['ratings', 'list', '--profile', 'Carol'], env)).code).toBe(0);
  });

  it('fails with a non-zero exit and one line saying why', async () => {
    const env = { MOVIE_ASSISTANT_DB: db };
    expectOneLineError(await cli(['rate', '--profile', 'Alice', '1', '7'], env), /rating/);
    expectOneLineError(
      await cli(['rate', '--profile', 'Nobody', '1', '3'], env),
      /No profile named "Nobody"/,
    );
    expectOneLineError(
      await cli(['rate', '--profile', 'Alice', '99999999', '3'], env),
      /There is no movie 99999999 in the catalogue/,
    );
    // a list longer than the API gives is refused in the command's own words
    expectOneLineError(
      await cli(['search', 'matrix', '-n', '500'], env),
      /^[^:]+: -n takes at most 200 here$/,
    );
    const unknown = await cli(['frobnicate'], env);
    expectOneLineError(unknown, /unknown command "frobnicate"/);
    expect(unknown.code).toBe(2);
    expectOneLineError(await cli(['search', 'x', '--nope'], env), /--nope/);
    expect((await cli(['profile', 'create', 'x'.repeat(61)], env)).stderr).toBe(
      'movie-assistant: name: a profile name is at most 60 characters\n',
    );
    expect((await cli(['search', 'x'.repeat(201)], env)).stderr).toBe(
      'movie-assistant: query: a search is at most 200 characters\n',
    );
    expect(
      (await cli(['recommend', '--profile', 'Alice', '--tag', 'x'.repeat(101)], env)).stderr,
    ).toBe('movie-assistant: tag: a tag filter is at most 100 characters\n');
    expectOneLineError(
      await cli(['profile', 'create', 'Zed', '--passphrase', 'abc'], env),
      /^movie-assistant: passphrase: a passphrase needs at least 4 characters$/,
    );
    expectOneLineError(
      await cli(['recommend', '--profile', 'Alice', '--decade', '1995'], env),
      /--decade is a decade's first year, such as 1990/,
    );
    expectOneLineError(
      await cli(['recommend', '--profile', 'Alice', '--decade', '80'], env),
      /--decade is a decade's first year, such as 1990/,
    );
    const tooHigh = await cli(['rate', '--profile', 'Alice', '1', '6'], env);
    expectOneLineError(
      tooHigh,
      /the rating goes in half stars from 0\.5 to 5 \(or "clear"\), not "6"/,
    );
    expect(tooHigh.code).toBe(2);
    expectOneLineError(await cli(['profile', 'create', 'Alice'], env), /already a profile/);
    const badImport = await cli([
      'import',
      path.join(temp.dir, 'missing.zip'),
      '--db',
      path.join(temp.dir, 'other.db'),
    ]);
    expectOneLineError(badImport, /missing\.zip/);
    const epochsOfClosedForm = await cli(
      [
        'pretrain',
        '--dataset',
        sharedDatasetDir('ml-latest-small'),
        '--model',
        'recency-hybrid',
        '--epochs',
        '2',
      ],
      env,
    );
    expectOneLineError(epochsOfClosedForm, /recency-hybrid model has no "epochs" setting/);
    const unknownSetting = await cli(
      [
        'pretrain',
        '--dataset',
        sharedDatasetDir('ml-latest-small'),
        '--model',
        'recency-hybrid',
        '--set',
        'sequenceEpoch=2',
      ],
      env,
    );
    expectOneLineError(unknownSetting, /no setting named "sequenceEpoch"/);
  });

  it('pretrains a model, fine-tunes a profile and answers every list', async () => {
    const env = { MOVIE_ASSISTANT_DB: db };
    const models = path.join(temp.dir, 'models');
    const dataset = sharedDatasetDir('ml-latest-small');
    const pretrain = await cli([
      'pretrain',
      '--dataset',
      dataset,
      '--out',
      models,
      '--seed',
      '3',
      // the default with its sequence network at a fixed weight, for two epochs, not 150 twice
      '--set',
      'sequenceWeight=3',
      '--set',
      'sequenceEpochs=2',
      '--json',
    ]);
    expect(pretrain.code, pretrain.stderr).toBe(0);
    expect(pretrain.stderr).toMatch(/pretrain training/);
    const { model } = JSON.parse(pretrain.stdout) as { model: string };
    expect(existsSync(path.join(models, model))).toBe(true);

    expect((await cli(['profile', 'create', 'Dan'], env)).code).toBe(0);
    for (const movieId of ['1', '260', '2571']) {
      expect((await cli(['rate', '--profile', 'Dan', movieId, '5'], env)).code).toBe(0);
    }
    const train = await cli(['train', '--profile', 'Dan', '--models', models, '--json'], env);
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout)).toMatchObject({ ratings: 3 });

    const forYou = await cli(
      [
        'recommend',
        '--profile',
        'Dan',
        '--list',
        'for-you',
        '-n',
        '4',
        '--json',
        '--models',
        models,
      ],
      env,
    );
    expect(forYou.code, forYou.stderr).toBe(0);
    const list = JSON.parse(forYou.stdout) as {
      items: Array<{ movie: { id: number }; reason: { text: string } }>;
    };
    expect(list.items).toHaveLength(4);
    expect(list.items.map((i) => i.movie.id)).not.toContain(260);
    // One movie's card and place on Dan's For you list, as its page shows them.
    const second = list.items[1].movie.id;
    const one = await cli(
      ['recommend', '--profile', 'Dan', '--movie', String(second), '--models', models],
      env,
    );
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^ {2}2\\. ${second} `));
    expect(one.stdout).toMatch(/\n {2}#2 of [\d,]+ on your For you list\n$/);
    const mine = await cli(
      ['recommend', '--profile', 'Dan', '--movie', '260', '--models', models],
      env,
    );
    expect(mine.stdout).toMatch(
      /^Star Wars: Episode IV - A New Hope \(1977\): you rated it 5★ on \d{4}-\d\d-\d\d, so your For you list leaves it out\n$/,
    );
    // Search says, of each result Dan has not rated, what its For you card would.
    const found = await cli(['search', 'toy story', '--profile', 'Dan', '--models', models], env);
    expect(found.code, found.stderr).toBe(0);
    const lines = found.stdout.trimEnd().split('\n');
    expect(lines.find((l) => l.includes('Toy Story (1995)'))).not.toMatch(/match/);
    expect(lines.find((l) => l.includes('Toy Story 2 (1999)'))).toMatch(
      / {2}\d+% match · \d\.\d★$/,
    );
    // and so does each movie viewers tagged with the words
    const tagged = await cli(['search', 'pixar', '--profile', 'Dan', '--models', models], env);
    const taggedLines = tagged.stdout.trimEnd().split('\n');
    expect(taggedLines[0]).toBe('No title matches "pixar"; tagged "Pixar" by viewers:');
    expect(taggedLines.find((l) => l.includes('Toy Story (1995)'))).not.toMatch(/match/);
    expect(taggedLines.find((l) => l.includes('Toy Story 2 (1999)'))).toMatch(
      / {2}\d+% match · \d\.\d★$/,
    );
    // More variety, as the page's slider: other movies make the list, in the order of their match
    const itemsOf = (stdout: string) =>
      (JSON.parse(stdout) as { items: Array<{ movie: { id: number }; score: number }> }).items;
    const best = itemsOf(
      (await cli(['recommend', '--profile', 'Dan', '-n', '12', '--json', '--models', models], env))
        .stdout,
    );
    const varied = itemsOf(
      (
        await cli(
          [
            'recommend',
            '--profile',
            'Dan',
            '--variety',
            '1',
            '-n',
            '12',
            '--json',
            '--models',
            models,
          ],
          env,
        )
      ).stdout,
    );
    expect(varied).toHaveLength(12);
    expect(varied.map((i) => i.movie.id)).not.toEqual(best.map((i) => i.movie.id));
    expect(varied.map((i) => i.score)).toEqual(
      [...varied.map((i) => i.score)].sort((a, b) => b - a),
    );
    expect((await cli(['recommend', '--profile', 'Dan', '--variety', '2'], env)).stderr).toMatch(
      /--variety takes a number from 0 to 1, not "2"/,
    );
    // For you narrowed to what viewers tagged
    const pixar = await cli(
      ['recommend', '--profile', 'Dan', '--tag', 'pixar', '-n', '3', '--models', models],
      env,
    );
    const pixarLines = pixar.stdout.split('\n');
    expect(pixarLines[0]).toBe('Only movies viewers tagged "Pixar", best match first:');
    const listed = pixarLines.filter((l) => /^ +\d+\. /.test(l));
    expect(listed.length).toBeGreaterThan(0);
    for (const line of listed) expect(line).toMatch(/ (3114|68954|2355) {2}/);
    const untagged = await cli(
      ['recommend', '--profile', 'Dan', '--tag', 'no viewer wrote this', '--models', models],
      env,
    );
    expect(untagged.stdout).toMatch(/^No movie is tagged "no viewer wrote this"\n/);
    // Five ratings of 5★: predicted stars run higher than the catalogue's, and the list says so.
    expect((await cli(['profile', 'create', 'Eve'], env)).code).toBe(0);
    for (const movieId of ['1', '260', '2571', '318', '296'])
      expect((await cli(['rate', '--profile', 'Eve', movieId, '5'], env)).code).toBe(0);
    const generous = await cli(
      ['recommend', '--profile', 'Eve', '--list', 'for-you', '-n', '2', '--models', models],
      env,
    );
    expect(generous.stdout).toMatch(
      /\nYou rate higher than most: your ratings average 5\.0★, everyone's 3\.\d★\. Predicted stars are on your scale, so they run higher too\.\n$/,
    );
    const similar = await cli(
      [
        'recommend',
        '--list',
        'similar-movies',
        '--movie',
        'Toy Story',
        '-n',
        '3',
        '--models',
        models,
      ],
      env,
    );
    expect(similar.code, similar.stderr).toBe(0);
    const ranked = similar.stdout.split('\n').filter((l) => /^\s+\d+\. /.test(l));
    expect(ranked).toHaveLength(3);
    expect(ranked[0]).toMatch(/ 100% similar$/);
    expect(similar.stdout).not.toMatch(/^Only /);
    // The Godfather Trilogy has 2 ratings: its list is only what those two loved, and says so.
    const fewRaters = await cli(
      ['recommend', '--list', 'similar-movies', '--movie', '172591', '-n', '3', '--models', models],
      env,
    );
    expect(fewRaters.code, fewRaters.stderr).toBe(0);
    expect(fewRaters.stdout).toMatch(
      /^Only 2 people in the catalogue have rated this movie, so the list below says more about them than about the movie\.\n {2}1\. /,
    );
    // What Empire Strikes Back's fans loved more than most people do, as the movie page lists it.
    const also = await cli(
      ['recommend', '--list', 'also-loved', '--movie', '1196', '-n', '5', '--models', models],
      env,
    );
    expect(also.code, also.stderr).toBe(0);
    const alsoRanked = also.stdout.split('\n').filter((l) => /^\s+\d+\. /.test(l));
    expect(alsoRanked).toHaveLength(5);
    expect(also.stdout).toMatch(
      /\n {6}\d+ of the \d+ people who loved Star Wars: Episode V - The Empire Strikes Back also loved this/,
    );
    expect(also.stdout).not.toMatch(/Shawshank|Forrest Gump/);
    const filteredOut = await cli(
      ['recommend', '--profile', 'Dan', '--genre', 'film noir', '--decade', '1910'],
      env,
    );
    expect(filteredOut.stdout).toMatch(
      /^No 1910s Film-Noir movie to recommend that you have not rated\n/,
    );
    const people = await cli(
      ['recommend', '--profile', 'Dan', '--list', 'people-like-you', '--json', '--models', models],
      env,
    );
    expect(people.code, people.stderr).toBe(0);
    expect((JSON.parse(people.stdout) as { people: unknown[] }).people.length).toBeGreaterThan(0);
    const peopleText = await cli(
      ['recommend', '--profile', 'Dan', '--list', 'people-like-you', '-n', '1', '--models', models],
      env,
    );
    expect(peopleText.stdout).toMatch(
      /^Viewer 1: taste match 100%, 3 movies you both rated, within a star on \d of 3\n {4}you both loved /,
    );
    expect((await cli(['profile', 'create', 'Fay'], env)).code).toBe(0);
    expect((await cli(['rate', '--profile', 'Fay', '1', '4'], env)).code).toBe(0);
    const nobody = await cli(
      ['recommend', '--profile', 'Fay', '--list', 'people-like-you', '--models', models],
      env,
    );
    expect(nobody.stdout).toBe(
      'People like you are viewers who rated at least 3 of the movies you did: rate 2 more to start finding them.\n',
    );
    // A movie marked not interested (in the app) is named as such, with the day.
    const catalogue = openCatalogue(db);
    const fay = catalogue.prepare("SELECT id FROM profiles WHERE name = 'Fay'").pluck().get();
    setMovieMark(catalogue, fay as number, 2, 'not-interested', new Date(2026, 0, 2, 12).getTime());
    catalogue.close();
    const hidden = await cli(
      ['recommend', '--profile', 'Fay', '--movie', '2', '--models', models],
      env,
    );
    expect(hidden.stdout).toMatch(
      /\(1995\): you marked it not interested on 2026-01-02, so your lists leave it out\n$/,
    );
    expectOneLineError(
      await cli(['recommend', '--profile', 'Dan', '--list', 'nope'], env),
      /--list must be one of/,
    );
  });

  it('stops printing quietly when its reader has gone (| head)', async () => {
    const child = spawn(process.execPath, [cliLauncher, 'search', 'the', '-n', '200', '--db', db], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader leaves before the first line
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('serves the app on 127.0.0.1 with a token until it is told to stop', async () => {
    const child = spawn(process.execPath, [cliLauncher, 'serve', '--db', db, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('}') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const { url, port, token } = JSON.parse(stdout) as { url: string; port: number; token: string };
    expect(url).toBe(`http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(403);
    const api = await fetch(`http://127.0.0.1:${port}/api/profiles.list`, {
      method: 'POST',
      headers: { 'x-movie-assistant-token': token },
      body: '{}',
    });
    expect(((await api.json()) as { ok: boolean }).ok).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('imports a small release, evaluates a baseline and lists unknown benchmarks', async () => {
    const other = path.join(temp.dir, 'tiny.db');
    const run = await cli(['import', writeTinyRelease(temp.dir), '--db', other]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/4 movies, 5 ratings/);
    const evaluation = await cli([
      'eval',
      '--dataset',
      sharedDatasetDir('ml-latest-small'),
      '--protocol',
      'A',
      '--model',
      'global-mean',
    ]);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const rows = JSON.parse(evaluation.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.metric === 'RMSE')).toMatchObject({
      model: 'global-mean',
      dataset: 'ml-latest-small',
      protocol: 'A',
    });
    const firstList = await cli([
      'eval',
      '--dataset',
      sharedDatasetDir('ml-latest-small'),
      '--protocol',
      'f',
      '--model',
      'popularity',
    ]);
    expect(firstList.code, firstList.stderr).toBe(0);
    const fRows = JSON.parse(firstList.stdout) as Array<Record<string, unknown>>;
    // The popularity row of ANCHORS.md's protocol F table, through the real importer.
    expect(fRows.find((r) => r.metric === 'ndcg@20')).toMatchObject({ protocol: 'F' });
    expect(fRows.find((r) => r.metric === 'ndcg@20')!.value as number).toBeCloseTo(0.3264, 3);
    expectOneLineError(
      await cli(['eval', '--dataset', 'x', '--protocol', 'G']),
      /protocol must be A, B, C, D, E, F or F5/,
    );

    const bench = await cli(['bench', 'search']);
    expectOneLineError(bench, /from a clone of the repository, run `npm run bench -- <name>`/);
  });
});
