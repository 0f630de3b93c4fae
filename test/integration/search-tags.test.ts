import path from 'node:path';
import { openCatalogue, type Db } from '../../main/catalogue/db';
import {
  searchPageWithTags,
  stopTagIndexRead,
  tagIndexRead,
  tagSuggestions,
} from '../../main/catalogue/tag-search';
import { importRelease } from '../../main/importers/import-release';
import { datasets, freshCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';
import { call, openTestService } from '../helpers/service-fixture';

let db: Db;
beforeAll(async () => {
  db = freshCatalogue().db;
  await importRelease(db, path.join(datasets, 'ml-latest-small'));
});
afterAll(removeTempDirs);

const named = (movies: Array<{ title: string; year: number | null }>) =>
  movies.map((m) => `${m.title} (${m.year})`);

/**
 * Gives `movieIds` (in turn) 50,000 rows of `tag`, one viewer each: enough for the tags to be read
 * in a worker.
 */
function manyTagRows(catalogue: Db, tag: string, movieIds: number[]): void {
  const release = catalogue.prepare('SELECT id FROM releases').pluck().get() as number;
  const insert = catalogue.prepare('INSERT INTO tags VALUES (?, ?, ?, ?, 0)');
  catalogue.transaction(() => {
    for (let k = 0; k < 50_000; k++) insert.run(release, k, movieIds[k % movieIds.length], tag);
  })();
}

describe('search finds what viewers tagged, not only titles', () => {
  it('lists the movies tagged with a studio, a director or a subject that no title names', () => {
    const pixar = searchPageWithTags(db, 'pixar');
    // no title's typo look-alike stands in for them
    expect(pixar.movies).toEqual([]);
    expect(pixar.tagged?.tags).toEqual(['Pixar']);
    expect(pixar.tagged?.otherTags).toBe(0);
    expect(named(pixar.tagged!.movies)).toEqual([
      'Toy Story (1995)',
      'Toy Story 2 (1999)',
      'Up (2009)',
      "A Bug's Life (1998)",
    ]);
    // one word of a longer tag is enough: "Quentin Tarantino" and "Tarantino" both match
    const tarantino = searchPageWithTags(db, 'Tarantino');
    expect(tarantino.tagged?.tags).toEqual(['Quentin Tarantino', 'Tarantino']);
    expect(named(tarantino.tagged!.movies).slice(0, 2)).toEqual([
      'Pulp Fiction (1994)',
      'Reservoir Dogs (1992)',
    ]);
    // the genre and years filter them as they filter titles
    const dramas = searchPageWithTags(db, 'pixar', { genre: 'Drama' });
    expect(named(dramas.tagged!.movies)).toEqual(['Up (2009)']);
    const nineties = searchPageWithTags(db, 'pixar', { yearFrom: 1990, yearTo: 1999 });
    expect(named(nineties.tagged!.movies)).toEqual([
      'Toy Story (1995)',
      'Toy Story 2 (1999)',
      "A Bug's Life (1998)",
    ]);
  });

  it('takes a word in the singular or the plural, and a last word still being typed', () => {
    const zombie = searchPageWithTags(db, 'zombie');
    expect(zombie.tagged?.tags).toEqual(['zombies', 'Rob Zombie']);
    expect(named(zombie.tagged!.movies)[0]).toBe('28 Days Later (2002)');
    expect(searchPageWithTags(db, 'heists').tagged?.tags).toEqual(['heist']);
    // "-ies" and "-es" plurals: "spy" is the tag "spies"; "hughes" is not "hugh"
    expect(searchPageWithTags(db, 'spy').tagged?.tags).toEqual(['spies']);
    expect(searchPageWithTags(db, 'families').tagged?.tags).toContain('family');
    expect(searchPageWithTags(db, 'hughes').tagged?.tags ?? []).not.toContain('hugh jackman');
    // as one types: from four letters, the last word may be the start of a tag's word
    expect(searchPageWithTags(db, 'time trav').tagged?.tags).toEqual(['time travel']);
    expect(searchPageWithTags(db, 'pixa').tagged?.tags).toEqual(['Pixar']);
    expect(searchPageWithTags(db, 'pix').tagged).toBeUndefined();
    // a whole word that a tag has is not also read as the start of others
    expect(searchPageWithTags(db, 'heist').tagged?.tags).toEqual(['heist']);
    // a word still being typed is not read as a singular ("chri" is not one "chris"), and of the
    // words it starts, the movies listed are those of the tags named
    const chri = searchPageWithTags(db, 'chri').tagged!;
    expect(chri.tags).toEqual(['Christmas', 'Christian Bale', 'Christopher Nolan']);
    expect(named(chri.movies)).toContain('Home Alone (1990)');
    expect(named(chri.movies)).not.toContain('Addams Family Values (1993)'); // Christina Ricci
    expect(searchPageWithTags(db, 'chris').tagged?.tags).toEqual(['Chris Evans', 'Chris Klein']);
    // with or without an apostrophe
    expect(searchPageWithTags(db, '80s').tagged?.tags).toEqual(["80's"]);
    expect(named(searchPageWithTags(db, "80's").tagged!.movies)).toEqual([
      'Everybody Wants Some (2016)',
    ]);
  });

  it('offers tags to complete what is typed: the tag typed whole, then those it begins, then the most given', () => {
    expect(tagSuggestions(db, 'chri', 3)).toEqual([
      'Christmas',
      'Christian Bale',
      'Christopher Nolan',
    ]);
    expect(tagSuggestions(db, 'dark', 2)).toEqual(['dark', 'dark comedy']);
    expect(tagSuggestions(db, 'time t', 8)).toEqual(['time travel', 'small time criminals']);
    expect(tagSuggestions(db, 'zomb', 8)).toEqual(['zombies', 'Rob Zombie']);
    expect(tagSuggestions(db, 'c', 8)).toEqual([]);
    expect(tagSuggestions(db, 'qqqq', 8)).toEqual([]);
  });

  it('names the three most given of the tags it lists, and counts the others', () => {
    // "story" is in ten tags: Suicide Squad's "Bad story" and "Poor story" are among those listed
    const story = searchPageWithTags(db, 'story').tagged!;
    expect(story.tags).toEqual(['true story', 'based on a true story', 'love story']);
    expect(story.otherTags).toBeGreaterThanOrEqual(5);
    expect(named(story.movies)).toContain('Suicide Squad (2016)');
  });

  it('lists them under the titles that match, without listing a movie twice', () => {
    const page = searchPageWithTags(db, 'time travel', { limit: 20 });
    expect(named(page.movies)).toContain("The Time Traveler's Wife (2009)");
    const tagged = named(page.tagged!.movies);
    expect(tagged.slice(0, 2)).toEqual(['Twelve Monkeys (1995)', 'Donnie Darko (2001)']);
    expect(tagged.filter((movie) => named(page.movies).includes(movie))).toEqual([]);
    expect(tagged.length).toBeLessThanOrEqual(12);
  });

  it('leaves tags out for two letters, later pages and words no tag has', () => {
    expect(searchPageWithTags(db, 'up').tagged).toBeUndefined();
    expect(searchPageWithTags(db, 'time travel', { offset: 20 }).tagged).toBeUndefined();
    const typo = searchPageWithTags(db, 'amelei');
    expect(typo.tagged).toBeUndefined();
    expect(named(typo.movies)).toContain('Amelie (2001)');
  });

  it('reads no tag into words like "the" alone, typed as a title begins', () => {
    for (const words of ['the', 'the ', 'and', 'of the', 'with']) {
      expect(searchPageWithTags(db, words).tagged, words).toBeUndefined();
    }
    // among other words they still count
    expect(searchPageWithTags(db, 'end of the world').tagged?.tags).toEqual(['end of the world']);
  });

  it("neither lists nor offers a viewer's bookkeeping, which says nothing about the films", () => {
    // one viewer tagged 131 movies "In Netflix queue"; others wrote "no DVD at Netflix"
    for (const words of ['netflix', 'in netflix queue', 'queue']) {
      expect(searchPageWithTags(db, words).tagged).toBeUndefined();
    }
    expect(tagSuggestions(db, 'netf', 8)).toEqual([]);
    expect(tagSuggestions(db, 'in ', 8)).not.toContain('In Netflix queue');
  });

  it('reads a large set of tags in a worker, and lists them once it is read', async () => {
    const { db: big } = freshCatalogue();
    await importRelease(big, path.join(datasets, 'ml-latest-small'));
    manyTagRows(big, 'slow burn', [2, 1]);
    // the first search does not wait for the read
    expect(searchPageWithTags(big, 'slow burn').tagged).toBeUndefined();
    await tagIndexRead(big);
    const page = searchPageWithTags(big, 'slow burn');
    expect(page.tagged?.tags).toEqual(['slow burn']);
    // as many viewers each: the more rated first
    expect(named(page.tagged!.movies)).toEqual(['Toy Story (1995)', 'Jumanji (1995)']);
    big.close();
  });

  it('stops a read still running in its worker when the catalogue closes', async () => {
    const { db: closing } = freshCatalogue();
    await importRelease(closing, path.join(datasets, 'ml-latest-small'));
    manyTagRows(closing, 'slow burn', [1]);
    const read = tagIndexRead(closing);
    stopTagIndexRead(closing);
    await read;
    // the stopped read left nothing: no tagged movies from it
    expect(searchPageWithTags(closing, 'slow burn').tagged).toBeUndefined();
    closing.close();
  });

  it("answers the app's first search with them, waiting for the worker without holding the thread", async () => {
    const { service, dir, close } = openTestService();
    try {
      const session = service.newSession();
      await call(service, session, 'catalogue.import', {
        source: path.join(datasets, 'ml-latest-small'),
        jobId: 'release',
      });
      const other = openCatalogue(path.join(dir, 'catalogue.db'));
      manyTagRows(other, 'slow burn', [1]);
      other.close();
      const found = await call(service, session, 'search.movies', { query: 'slow burn' });
      expect(found.tagged?.tags).toEqual(['slow burn']);
      expect(named(found.tagged!.movies)).toEqual(['Toy Story (1995)']);
      // once read, its tags are offered to complete a tag filter
      expect(await call(service, session, 'search.tags', { text: 'slow b' })).toEqual([
        'slow burn',
      ]);
      expect(await call(service, session, 'search.tags', { text: 'pix', limit: 1 })).toEqual([
        'Pixar',
      ]);
    } finally {
      await close();
    }
  });
});
