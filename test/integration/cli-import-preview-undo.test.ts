import { runCli } from '../helpers/run-cli';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writeTinyRelease } from '../helpers/service-fixture';

/**
 * Issue 12, items 4 and 7 from the CLI: `import FILE --profile P --preview` counts without
 * writing, `--conflicts` settles conflicts, `import undo --profile P [ID]` puts ratings back,
 * and `ratings export` writes the movielens.org layout with full times.
 */

const cli = runCli;

describe('movie-assistant import --preview / --conflicts / undo', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  const db = path.join(temp.dir, 'catalogue.db');

  it('previews, takes theirs when asked, undoes, and exports what is needed to import again', async () => {
    expect((await cli(['import', writeTinyRelease(temp.dir), '--db', db])).code).toBe(0);
    expect((await cli(['profile', 'create', 'Neo', '--db', db])).code).toBe(0);
    expect((await cli(['rate', '--profile', 'Neo', '4', '5', '--db', db])).code).toBe(0);
    const file = path.join(temp.dir, 'letterboxd.csv');
    writeFileSync(
      file,
      'Date,Name,Year,Letterboxd URI,Rating\n2023-03-04,Alien,1979,u,4.0\n2023-03-05,Toy Story,1995,u,3.5\n',
    );

    const preview = await cli(['import', file, '--profile', 'Neo', '--preview', '--db', db]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^Preview of the Letterboxd export: 2 of 2 rows matched/);
    expect(preview.stdout).toMatch(
      /1 new, 0 same, 1 conflicting \(newest-wins\), 0 unmatched, 0 skipped/,
    );
    expect(preview.stdout).toMatch(
      /Conflicts \(newest-wins: 0 of yours would be replaced, 1 kept\)/,
    );
    expect(preview.stdout).toMatch(
      /Alien \(1979\): yours 5\.0 on .*, the export's 4\.0 on 2023-03-04: yours stays/,
    );

    // A rating the export gives no date is never the newer one: it says so, and yours stays.
    const undated = path.join(temp.dir, 'undated.csv');
    writeFileSync(undated, 'Date,Name,Year,Letterboxd URI,Rating\n,Alien,1979,u,1\n');
    const undatedPreview = await cli([
      'import',
      undated,
      '--profile',
      'Neo',
      '--preview',
      '--db',
      db,
    ]);
    expect(undatedPreview.stdout).toMatch(
      /Alien \(1979\): yours 5\.0 on .*, the export's 1\.0 \(undated\): yours stays/,
    );

    const bad = await cli(['import', file, '--profile', 'Neo', '--conflicts', 'mine', '--db', db]);
    expect(bad.code).toBe(2);

    const take = await cli([
      ...['import', file, '--profile', 'Neo', '--conflicts', 'take-theirs'],
      ...['--json', '--db', db],
    ]);
    expect(take.code, take.stderr).toBe(0);
    expect(JSON.parse(take.stdout)).toMatchObject({ written: 2, conflictPolicy: 'take-theirs' });

    const ratings = async () =>
      JSON.parse((await cli(['ratings', 'list', '--profile', 'Neo', '--json', '--db', db])).stdout)
        .map((r: { movieId: number; rating: number }) => [r.movieId, r.rating])
        .sort();
    expect(await ratings()).toEqual([
      [1, 3.5],
      [4, 4],
    ]);

    const undo = await cli(['import', 'undo', '--profile', 'Neo', '--db', db]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/Undid import \d+: 2 ratings put back/);
    expect(await ratings()).toEqual([[4, 5]]);

    // The plain summary prints the undo command whole, ready to run.
    const kept = await cli([
      'import',
      file,
      '--profile',
      'Neo',
      '--conflicts',
      'keep-mine',
      '--db',
      db,
    ]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/^Imported the Letterboxd export: 2 of 2 rows matched/);
    const hint = /\(undo: movie-assistant (import undo --profile Neo \d+)\)/.exec(kept.stdout);
    expect(hint, kept.stdout).not.toBeNull();
    expect(await ratings()).toEqual([
      [1, 3.5],
      [4, 5],
    ]);
    const history = await cli(['import', 'history', '--profile', 'Neo', '--db', db]);
    expect(history.stdout).toMatch(/^ +\d+ {2}[\d-]+ [\d:]+ {2}Letterboxd, 1 rating written {2}/m);
    const again = await cli([...hint![1].split(' '), '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(await ratings()).toEqual([[4, 5]]);

    // A watchlist alone fills the watchlist; its undo takes the movies off again.
    const watchlist = path.join(temp.dir, 'watchlist.csv');
    writeFileSync(
      watchlist,
      'Date,Name,Year,Letterboxd URI\n2023-04-01,Jumanji,1995,u\n2023-04-02,Alien,1979,u\n2023-04-03,Nowhere,2031,u\n',
    );
    const listed = await cli(['import', watchlist, '--profile', 'Neo', '--db', db]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      "Imported the Letterboxd export's watchlist",
      '  watchlist.csv: 3 movies, 1 put on your watchlist; 1 you rated, 1 not matched',
      expect.stringMatching(
        /^ {2}1 movie put on the watchlist \(undo: movie-assistant import undo --profile Neo \d+\)$/,
      ),
    ]);
    expect(listed.stdout).toMatch(/1 watchlist row not matched:\n {2}line 4: Nowhere \(2031\)/);
    const unlisted = await cli(['import', 'undo', '--profile', 'Neo', '--db', db]);
    expect(unlisted.stdout).toMatch(/^Undid import \d+: 1 movie taken off the watchlist\n$/);

    // A watched list alone marks seen the movies watched but not rated; its undo unmarks them.
    const watched = path.join(temp.dir, 'watched.csv');
    writeFileSync(
      watched,
      'Date,Name,Year,Letterboxd URI\n2022-04-01,Jumanji,1995,u\n2022-04-02,Alien,1979,u\n' +
        '2022-04-03,Toy Story,1995,u\n2022-04-04,Nowhere,2031,u\n',
    );
    const seenPreview = await cli(['import', watched, '--profile', 'Neo', '--preview', '--db', db]);
    expect(seenPreview.code, seenPreview.stderr).toBe(0);
    expect(seenPreview.stdout.split('\n').slice(0, 3)).toEqual([
      "Preview of the Letterboxd export's watched list",
      '  watched.csv: 4 movies, 2 would be marked seen (watched, not rated); 1 already rated, 1 not matched',
      '  Nothing was written: run it again without --preview to import.',
    ]);
    // Of an export folder, the CSV files no import reads are named.
    const folder = path.join(temp.dir, 'letterboxd-export');
    mkdirSync(path.join(folder, 'likes'), { recursive: true });
    writeFileSync(path.join(folder, 'ratings.csv'), 'Date,Name,Year,Letterboxd URI,Rating\n');
    writeFileSync(path.join(folder, 'watched.csv'), readFileSync(watched));
    writeFileSync(path.join(folder, 'likes', 'films.csv'), 'Date,Name,Year,Letterboxd URI\n');
    const folderPreview = await cli([
      'import',
      folder,
      '--profile',
      'Neo',
      '--preview',
      '--db',
      db,
    ]);
    expect(folderPreview.stdout.split('\n').slice(1, 3)).toEqual([
      '  watched.csv: 4 movies, 2 would be marked seen (watched, not rated); 1 already rated, 1 not matched',
      '  Not read: likes/films.csv (Movie Assistant reads only the ratings, the watchlist and the watched list)',
    ]);
    const seen = await cli(['import', watched, '--profile', 'Neo', '--db', db]);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.stdout.split('\n').slice(0, 3)).toEqual([
      "Imported the Letterboxd export's watched list",
      '  watched.csv: 4 movies, 2 marked seen (watched, not rated); 1 already rated, 1 not matched',
      expect.stringMatching(
        /^ {2}2 movies marked seen \(undo: movie-assistant import undo --profile Neo \d+\)$/,
      ),
    ]);
    expect(seen.stdout).toMatch(/1 watched row not matched:\n {2}line 5: Nowhere \(2031\)/);
    const seenHistory = await cli(['import', 'history', '--profile', 'Neo', '--db', db]);
    expect(seenHistory.stdout.split('\n')[0]).toMatch(
      /^ +\d+ {2}[\d-]+ [\d:]+ {2}Letterboxd, 0 ratings written, 2 movies marked seen {2}/,
    );
    const unseen = await cli(['import', 'undo', '--profile', 'Neo', '--db', db]);
    expect(unseen.stdout).toMatch(/^Undid import \d+: 2 movies no longer marked seen\n$/);

    const out = path.join(temp.dir, 'neo.csv');
    const exported = await cli(['ratings', 'export', '--profile', 'Neo', '--out', out, '--db', db]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(
      /^movie_id,imdb_id,tmdb_id,rating,average_rating,title,genres,created_at\n4,tt0078748,348,5\.0,[\d.]*,Alien \(1979\),Horror\|Sci-Fi,\d{4}-\d\d-\d\dT[\d:]+\.\d{3}Z\n$/,
    );
  });
});
