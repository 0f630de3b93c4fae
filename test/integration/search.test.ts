import path from 'node:path';
import type { Db } from '../../main/catalogue/db';
import { listGenres, onboardingPicks } from '../../main/catalogue/movies';
import { createProfile } from '../../main/catalogue/profiles';
import { setProfileRating } from '../../main/catalogue/profile-ratings';
import { parseQuery, searchMovies, searchPage } from '../../main/catalogue/search';
import { EXACT_TITLE_WEIGHT } from '../../main/catalogue/search-statements';
import { seriesPlace } from '../../main/catalogue/series-place';
import { importRelease } from '../../main/importers/import-release';
import { datasets, freshCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';

let db: Db;
beforeAll(async () => {
  db = freshCatalogue().db;
  await importRelease(db, path.join(datasets, 'ml-latest-small'));
});
afterAll(removeTempDirs);

const titles = (query: string, genre?: string, limit = 5) =>
  searchMovies(db, query, { genre, limit }).map((m) => `${m.title} (${m.year})`);

describe('search over titles (FTS5)', () => {
  it('is accent- and case-insensitive: amelie finds Amélie', () => {
    expect(titles('amelie')[0]).toBe('Amelie (2001)');
    expect(searchMovies(db, 'amelie')[0].originalTitle).toBe("Le Fabuleux destin d'Amélie Poulain");
    expect(titles('AMÉLIE POULAIN')[0]).toMatch(/^Amelie/);
    expect(titles('fabuleux destin')[0]).toMatch(/^Amelie/);
  });

  it('searches as you type: every prefix of "matrix" finds The Matrix', () => {
    for (const typed of ['ma', 'mat', 'matr', 'matri', 'matrix', 'the matr']) {
      expect(titles(typed, undefined, 10)).toContain('The Matrix (1999)');
    }
    expect(titles('matr')[0]).toBe('The Matrix (1999)');
  });

  it('narrows by a trailing year', () => {
    expect(titles('alien 1979')).toEqual(['Alien (1979)']);
    expect(titles('alien (1986)')).toEqual(['Aliens (1986)']);
    expect(parseQuery('blade runner 2049')).toMatchObject({ year: 2049 });
    // No Blade Runner from 2049: the number is then searched as part of the title.
    expect(titles('blade runner 2049')[0]).toBe('Blade Runner 2049 (2017)');
    expect(titles('2001')).toContain('2001: A Space Odyssey (1968)');
  });

  it('ranks the exact title first, then titles starting with the words, then by popularity', () => {
    const alien = searchMovies(db, 'alien', { limit: 10 });
    expect(alien[0].title).toBe('Alien');
    expect(alien[1].title).toBe('Aliens');
    // An exact title far less rated than one starting with it (under a tenth) comes after it.
    expect(titles('toy').slice(0, 4)).toEqual([
      'Toy Story (1995)',
      'Toy Story 2 (1999)',
      'Toy Story 3 (2010)',
      'The Toy (1982)',
    ]);
    expect(titles('silence')[0]).toBe('The Silence of the Lambs (1991)');
    // Toy Story starts with the letters of "toys", not with the word: Toys keeps its place.
    expect(titles('toys').slice(0, 2)).toEqual(['Toys (1992)', 'Toy Story (1995)']);
    expect(titles('lord of the rings').slice(0, 4)).toEqual([
      'The Lord of the Rings: The Fellowship of the Ring (2001)',
      'The Lord of the Rings: The Two Towers (2002)',
      'The Lord of the Rings: The Return of the King (2003)',
      'The Lord of the Rings (1978)',
    ]);
    const contains = alien.filter((m) => !/^alien/i.test(m.title));
    for (let i = 1; i < contains.length; i++)
      expect(contains[i - 1].ratingCount).toBeGreaterThanOrEqual(contains[i].ratingCount);
  });

  it('filters by genre, and an empty query with a genre lists its popular movies', () => {
    const horror = searchMovies(db, 'love', { genre: 'Horror', limit: 20 });
    expect(horror.length).toBeGreaterThan(0);
    for (const m of horror) expect(m.genres).toContain('Horror');
    const popularHorror = searchMovies(db, '', { genre: 'Horror', limit: 10 });
    expect(popularHorror).toHaveLength(10);
    expect(popularHorror[0].title).toBe('The Silence of the Lambs');
    for (let i = 1; i < popularHorror.length; i++)
      expect(popularHorror[i - 1].ratingCount).toBeGreaterThanOrEqual(popularHorror[i].ratingCount);
  });

  it('treats FTS syntax in the query as plain text', () => {
    expect(() => searchMovies(db, 'star AND "wars* OR NEAR(')).not.toThrow();
    expect(searchMovies(db, '"";;**', { limit: 3 })).toHaveLength(3);
    expect(searchMovies(db, 'zzzzqqq')).toEqual([]);
  });
});

describe('titles as people write them', () => {
  it('shows natural order and the original title apart, and finds either form', () => {
    const [matrix] = searchMovies(db, 'the matrix', { limit: 1 });
    expect(matrix).toMatchObject({ title: 'The Matrix', year: 1999 });
    expect(matrix.originalTitle).toBeUndefined();
    expect(titles('matrix', undefined, 1)).toEqual(['The Matrix (1999)']);
    for (const typed of ['amelie', 'fabuleux destin', 'le fabuleux destin']) {
      expect(titles(typed)[0]).toBe('Amelie (2001)');
    }
    const [seven] = searchMovies(db, 'se7en', { limit: 1 });
    expect(seven).toMatchObject({ title: 'Seven', originalTitle: 'Se7en', year: 1995 });
    expect(titles('postino')[0]).toBe('The Postman (1994)');
  });

  it('puts the titles that start with the very characters typed first when the key leaves some out', () => {
    // Eternal Sunshine starts with "et" too and has more ratings; Oceans (2009) is "oceans".
    expect(titles('e.t.')[0]).toBe('E.T. the Extra-Terrestrial (1982)');
    expect(titles('l.a.')[0]).toBe('L.A. Confidential (1997)');
    expect(titles("ocean's", undefined, 2)).toEqual([
      "Ocean's Eleven (2001)",
      "Ocean's Twelve (2004)",
    ]);
    expect(titles('et')[0]).toBe('Eternal Sunshine of the Spotless Mind (2004)');
    // A leading article the key drops: "Brother" is the key's exact title, "la" the start of many.
    expect(titles('o brother')[0]).toBe('O Brother, Where Art Thou? (2000)');
    expect(titles('la la')[0]).toBe('La La Land (2016)');
    expect(titles('as good')[0]).toBe('As Good as It Gets (1997)');
    expect(titles('the matrix')[0]).toBe('The Matrix (1999)');
  });

  it('finds an abbreviation written out, and a word written out as its abbreviation', () => {
    expect(titles('doctor strangelove')[0]).toMatch(/^Dr\. Strangelove/);
    expect(titles('dr zhivago')).toEqual(['Doctor Zhivago (1965)']);
    expect(titles("saint elmo's fire")).toEqual(["St. Elmo's Fire (1985)"]);
    expect(titles('kill bill volume 2')).toEqual(['Kill Bill: Vol. 2 (2004)']);
    expect(titles('alien versus predator')[0]).toBe('AVP: Alien vs. Predator (2004)');
  });

  it('finds a possessive typed without its apostrophe', () => {
    // The index holds "Philosopher's" as "philosopher" and "s": no title held "philosophers".
    expect(titles('harry potter philosophers stone')).toEqual([
      "Harry Potter and the Sorcerer's Stone (2001)",
    ]);
    expect(titles('schindlers list')[0]).toBe("Schindler's List (1993)");
    expect(titles('its a wonderful life')[0]).toBe("It's a Wonderful Life (1946)");
    expect(searchPage(db, 'schindlers list').total).toBe(1);
  });

  it('finds a sequel however its number is written: a digit, a numeral or a word', () => {
    expect(titles('godfather 2')).toEqual(['The Godfather: Part II (1974)']);
    expect(titles('star wars 5')).toEqual([
      'Star Wars: Episode V - The Empire Strikes Back (1980)',
    ]);
    expect(titles('rocky 4')).toEqual(['Rocky IV (1985)']);
    expect(titles('toy story ii')).toEqual(['Toy Story 2 (1999)']);
    expect(titles('shrek 3')).toEqual(['Shrek the Third (2007)']);
    expect(titles("ocean's 11")).toEqual(["Ocean's Eleven (2001)", "Ocean's Eleven (1960)"]);
    expect(titles('star wars 1')[0]).toBe('Star Wars: Episode I - The Phantom Menace (1999)');
    // A number typed as a word finds it written as a digit or a numeral, and the other way round.
    expect(titles('rocky three')).toEqual(['Rocky III (1982)']);
    expect(titles('toy story three')).toEqual(['Toy Story 3 (2010)']);
    expect(titles('die hard two')).toEqual(['Die Hard 2 (1990)']);
    expect(titles('godfather part two')).toEqual(['The Godfather: Part II (1974)']);
    expect(titles('star wars five')).toEqual([
      'Star Wars: Episode V - The Empire Strikes Back (1980)',
    ]);
    expect(parseQuery('rocky iv').match).toBe(
      '"rocky"* AND ("iv"* OR "4" OR "four" OR "fourth" OR "4th")',
    );
    // The digit itself still matches as typed; a number typed first is a title's start.
    expect(titles('apollo 13')[0]).toBe('Apollo 13 (1995)');
    expect(titles('2001')).toContain('2001: A Space Odyssey (1968)');
    expect(parseQuery('2').match).toBe('"2"*');
    // Followed by more words, a number first is also its other usual spelling.
    expect(titles('7 samurai')).toEqual(['Seven Samurai (1954)']);
    expect(titles('ten things')).toEqual(['10 Things I Hate About You (1999)']);
    expect(titles('eight mile')).toEqual(['8 Mile (2002)']);
    expect(parseQuery('8 mile').match).toBe('("8"* OR "eight") AND "mile"*');
    expect(parseQuery('jaws 2').match).toBe(
      '("jaws"* OR "jaw s") AND ("2"* OR "ii" OR "two" OR "second" OR "2nd")',
    );
  });

  it('finds a first film, which has no number, when asked for by "1"', () => {
    // It found The Godfather Trilogy alone, and offered Terminator 2 first for "terminator 1".
    expect(titles('godfather 1', undefined, 2)).toEqual([
      'The Godfather (1972)',
      'Tokyo Godfathers (2003)',
    ]);
    expect(titles('terminator 1')[0]).toBe('The Terminator (1984)');
    expect(titles('terminator 1')).not.toContain('Terminator 2: Judgment Day (1991)');
    expect(titles('toy story 1')).toEqual(['Toy Story (1995)']);
    expect(titles('shrek 1', undefined, 2)).toEqual(['Shrek (2001)', 'Shrek Forever After (2010)']);
    expect(titles('harry potter 1')[0]).toMatch(/^Harry Potter and the Sorcerer's Stone/);
    // A title that holds the 1 still matches, and a 1 typed on the way to 13 still finds 13.
    expect(titles('kill bill 1')).toEqual(['Kill Bill: Vol. 1 (2003)']);
    expect(titles('apollo 1')).toContain('Apollo 13 (1995)');
    expect(searchPage(db, 'godfather 1', { sort: 'year' }).movies.map((m) => m.title)).toEqual([
      'Tokyo Godfathers',
      'The Godfather Trilogy: 1972-1990',
      'The Godfather',
    ]);
  });
});

describe("a series' film named by its place", () => {
  it('finds the film no title numbers: the third Harry Potter, the second Hunger Games', () => {
    expect(titles('harry potter 3')[0]).toBe('Harry Potter and the Prisoner of Azkaban (2004)');
    expect(titles('harry potter three')[0]).toBe('Harry Potter and the Prisoner of Azkaban (2004)');
    // The page says which film the place named, and what place, so a screen can say why.
    const placed = searchPage(db, 'harry potter 3');
    expect(placed.seriesPlace).toEqual({
      movieId: placed.movies[0].id,
      place: 3,
      inTitle: false,
    });
    // The twelve of "Ocean's Twelve" is no twelfth film: a screen need not say it.
    expect(searchPage(db, "ocean's 12").seriesPlace).toMatchObject({ place: 12, inTitle: true });
    expect(searchPage(db, 'harry potter').seriesPlace).toBeUndefined();
    // "Part 2" of a subtitle is no series number: it follows, after the second film.
    expect(titles('harry potter 2', undefined, 2)).toEqual([
      'Harry Potter and the Chamber of Secrets (2002)',
      'Harry Potter and the Deathly Hallows: Part 2 (2011)',
    ]);
    expect(titles('hunger games 2')[0]).toBe('The Hunger Games: Catching Fire (2013)');
    expect(titles('indiana jones 4')[0]).toBe(
      'Indiana Jones and the Kingdom of the Crystal Skull (2008)',
    );
    expect(titles('alien 2')[0]).toBe('Aliens (1986)');
    expect(titles('matrix 2')[0]).toBe('The Matrix Reloaded (2003)');
    expect(titles('mission impossible 4')[0]).toBe('Mission: Impossible - Ghost Protocol (2011)');
    expect(titles('pirates caribbean 3')[0]).toBe(
      "Pirates of the Caribbean: At World's End (2007)",
    );
  });

  it('counts from a numbered film, and skips namesakes and specials', () => {
    // Rocky II to V carry their numbers; the sixth is Rocky Balboa.
    expect(titles('rocky 6')[0]).toBe('Rocky Balboa (2006)');
    expect(titles('die hard 3')[0]).toBe('Die Hard: With a Vengeance (1995)');
    // Sequels named around the series' name.
    expect(titles('die hard 4')[0]).toBe('Live Free or Die Hard (2007)');
    expect(titles('jurassic park 2')[0]).toBe('The Lost World: Jurassic Park (1997)');
    // Twilight Zone: The Movie (1983) and Twilight (1998) start no count.
    expect(titles('twilight 2')[0]).toBe('The Twilight Saga: New Moon (2009)');
    // A Mammoth Christmas (2011, one rating) is not the fourth Ice Age; Ice Age 4 is.
    expect(titles('ice age 3')[0]).toBe('Ice Age: Dawn of the Dinosaurs (2009)');
    expect(titles('ice age 4')[0]).toBe('Ice Age 4: Continental Drift (2012)');
    // X2 carries its number glued to the name; X-Men Origins: Wolverine is a spin-off.
    expect(titles('x-men 2')[0]).toBe('X2: X-Men United (2003)');
    expect(titles('x-men 3')[0]).toBe('X-Men: The Last Stand (2006)');
    // A 1979 TV film's "II" is no place; nor is a later film called by the name alone.
    expect(titles('captain america 2')[0]).toBe('Captain America: The Winter Soldier (2014)');
    expect(seriesPlace(db, 'heat 2')).toBeNull();
    // Sequels of the data's last years have few ratings yet, and still take their place.
    expect(titles('star wars 8')[0]).toBe('Star Wars: The Last Jedi (2017)');
    expect(titles('die hard 5')[0]).toBe('A Good Day to Die Hard (2013)');
    // A sequel of the data's newest year may have a handful (2 against the first film's 162).
    expect(titles('mission impossible 6')[0]).toBe('Mission: Impossible - Fallout (2018)');
    expect(titles('alien 5')[0]).toBe('Alien: Covenant (2017)');
    // "in …" after the name is no spin-off.
    expect(titles('austin powers 3')[0]).toBe('Austin Powers in Goldmember (2002)');
    // A one-word name whose films are the name and a subtitle.
    expect(titles('hobbit 2')[0]).toBe('The Hobbit: The Desolation of Smaug (2013)');
    // "Life" (1999) is no series start: "Life Stinks" (1991) came first and Life Is Beautiful is
    // the word's most rated title.
    expect(seriesPlace(db, 'life 2')).toBeNull();
  });

  it('leaves a search alone when a title carries the number, or the series has no such film', () => {
    expect(titles('toy story 4')[0]).toBe('Toy Story (1995)');
    // A common word is no series: "Up" is followed by "Up in the Air", "Big" by "Big Fish".
    for (const typed of ['up 2', 'big 2', 'star 3', 'it 2', 'love 2', 'john 2', 'harry 4'])
      expect(seriesPlace(db, typed), typed).toBeNull();
    expect(titles('apollo 13')[0]).toBe('Apollo 13 (1995)');
    expect(titles('the godfather 3')).toEqual(['The Godfather: Part III (1990)']);
    expect(searchPage(db, 'harry potter 3', { sort: 'year' }).movies[0].title).not.toBe(
      'Harry Potter and the Prisoner of Azkaban',
    );
  });

  it('honours the filters and a trailing year, and pages without repeating or losing a film', () => {
    expect(titles('harry potter 3', 'Comedy')).toEqual([]);
    expect(titles('harry potter 3 2004')).toEqual([
      'Harry Potter and the Prisoner of Azkaban (2004)',
    ]);
    expect(titles('harry potter 3 2005')).not.toContain(
      'Harry Potter and the Prisoner of Azkaban (2004)',
    );
    for (const typed of ['harry potter 2', 'harry potter 3']) {
      const whole = searchPage(db, typed, { limit: 20 });
      const pages = [0, 3, 6].flatMap(
        (offset) => searchPage(db, typed, { offset, limit: 3 }).movies,
      );
      expect(pages.map((m) => m.id)).toEqual(whole.movies.slice(0, 9).map((m) => m.id));
      expect(new Set(whole.movies.map((m) => m.id)).size).toBe(whole.movies.length);
      expect(whole.total).toBe(whole.movies.length);
    }
  });
});

describe('paging, counting and sorting', () => {
  it('pages through every match with a total', () => {
    const first = searchPage(db, 'love', { limit: 10 });
    expect(first.totalExact).toBe(true);
    expect(first.total).toBeGreaterThan(20);
    const all = searchPage(db, 'love', { limit: 200 }).movies;
    expect(all).toHaveLength(Math.min(200, first.total));
    for (const offset of [0, 10, 20, 30]) {
      const page = searchPage(db, 'love', { limit: 10, offset });
      expect(page.total).toBe(first.total);
      expect(page.movies.map((m) => m.id)).toEqual(all.slice(offset, offset + 10).map((m) => m.id));
    }
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
  });

  it('pages across the tiers: whole and starting titles, then titles with the words', () => {
    const all = searchPage(db, 'alien', { limit: 200 });
    const paged = [0, 3, 6, 9, 12].flatMap(
      (offset) => searchPage(db, 'alien', { limit: 3, offset }).movies,
    );
    expect(paged.map((m) => m.id)).toEqual(all.movies.slice(0, 15).map((m) => m.id));
  });

  it('orders a letter or two typed as any search: the most rated starting with it, an exact title at ten times its ratings', () => {
    const startingWith = (key: string, genre: string | null) =>
      (
        db
          .prepare(
            `SELECT id FROM movies m WHERE title_key >= ? AND title_key < ?
             AND (? IS NULL OR EXISTS (SELECT 1 FROM movie_genres g WHERE g.genre = ? AND g.movie_id = m.id))
             ORDER BY (CASE WHEN title_key = ? THEN ? * rating_count ELSE rating_count END) DESC,
               title_key = ? DESC, id`,
          )
          .all(key, `${key}\u{10FFFF}`, genre, genre, key, EXACT_TITLE_WEIGHT, key) as {
          id: number;
        }[]
      ).map((r) => r.id);
    let dense = 0;
    for (const key of ['m', 's', 't', 'd', 'b', 'a', 'z', 'st']) {
      for (const genre of [null, 'Drama']) {
        const expected = startingWith(key, genre);
        // Ranges this large take the walk by popularity (search.ts, DENSE_RANGE).
        if (expected.length >= 500) dense++;
        for (const offset of [0, 1, 25, 400]) {
          const page = searchPage(db, key, { genre: genre ?? undefined, limit: 20, offset });
          const ids = page.movies.map((m) => m.id);
          expect(ids.slice(0, expected.slice(offset, offset + 20).length)).toEqual(
            expected.slice(offset, offset + 20),
          );
        }
      }
    }
    expect(dense).toBeGreaterThan(2);
    // "m" lists The Matrix first; Fritz Lang's M, at ten times its 15 ratings, on the first page.
    const m = titles('m', undefined, 10);
    expect(m[0]).toBe('The Matrix (1999)');
    expect(m.indexOf('M (1931)')).toBeGreaterThan(0);
  });

  it('counts the same matches however the page is ordered, with or without a genre or years', () => {
    for (const typed of ['n', 'st', 'the', 'love', 'alien', 'a f', 'godfather 1'])
      for (const filters of [{}, { genre: 'Drama' }, { genre: 'Comedy', yearFrom: 1990 }]) {
        const ranked = searchPage(db, typed, { ...filters, limit: 5 });
        const byYear = searchPage(db, typed, { ...filters, sort: 'year', limit: 5 });
        expect([typed, filters, ranked.total]).toEqual([typed, filters, byYear.total]);
      }
  });

  it('caps the count of very common words', () => {
    const common = searchPage(db, 'a', { limit: 5 });
    expect(common.total).toBe(1000);
    expect(common.totalExact).toBe(false);
  });

  it('sorts by year, mean rating or popularity', () => {
    const byYear = searchPage(db, 'star', { sort: 'year', limit: 50 }).movies;
    for (let i = 1; i < byYear.length; i++)
      expect(byYear[i - 1].year ?? 0).toBeGreaterThanOrEqual(byYear[i].year ?? 0);
    const byRating = searchPage(db, 'star', { sort: 'rating', limit: 50 }).movies;
    for (let i = 1; i < byRating.length; i++)
      expect(byRating[i - 1].averageRating ?? 0).toBeGreaterThanOrEqual(
        byRating[i].averageRating ?? 0,
      );
    const byPopularity = searchPage(db, 'star', { sort: 'popularity', limit: 50 }).movies;
    expect(byPopularity[0].title).toBe('Star Wars: Episode IV - A New Hope');
    for (let i = 1; i < byPopularity.length; i++)
      expect(byPopularity[i - 1].ratingCount).toBeGreaterThanOrEqual(byPopularity[i].ratingCount);
    expect(searchPage(db, 'star', { sort: 'year' }).total).toBe(searchPage(db, 'star').total);
  });

  it('narrows by a range of years', () => {
    const page = searchPage(db, 'alien', { yearFrom: 1980, yearTo: 1999, limit: 50 });
    expect(page.movies.length).toBeGreaterThan(0);
    for (const m of page.movies) expect(m.year).toBeGreaterThanOrEqual(1980);
    for (const m of page.movies) expect(m.year).toBeLessThanOrEqual(1999);
    expect(page.movies.map((m) => m.title)).toContain('Aliens');
  });
});

describe('acronyms, as film lovers write long titles', () => {
  it("reads a first word no title holds as a title's initials, a subtitle's too", () => {
    expect(titles('potc', undefined, 3)).toEqual([
      'Pirates of the Caribbean: The Curse of the Black Pearl (2003)',
      "Pirates of the Caribbean: Dead Man's Chest (2006)",
      "Pirates of the Caribbean: At World's End (2007)",
    ]);
    expect(searchPage(db, 'potc').readAs).toBe('pirates of the caribbean');
    expect(titles('hp', undefined, 8).every((t) => t.startsWith('Harry Potter'))).toBe(true);
    expect(titles('gotg')[0]).toBe('Guardians of the Galaxy (2014)');
    expect(titles('esb')[0]).toBe('Star Wars: Episode V - The Empire Strikes Back (1980)');
    expect(titles('rotk')[0]).toBe('The Lord of the Rings: The Return of the King (2003)');
  });

  it("names a series' film by its place, however the series is written", () => {
    expect(titles('lotr 2')[0]).toBe('The Lord of the Rings: The Two Towers (2002)');
    expect(titles('hp 3')[0]).toBe('Harry Potter and the Prisoner of Azkaban (2004)');
    expect(searchPage(db, 'hp 3')).toMatchObject({ readAs: 'harry potter 3' });
    // "sw" starts titles (Swingers), but "sw 5" holds none
    expect(titles('sw')[0]).not.toMatch(/Star Wars/);
    expect(titles('sw 5')[0]).toBe('Star Wars: Episode V - The Empire Strikes Back (1980)');
  });

  it('leaves alone what titles hold, and a longer word a typo away from a title', () => {
    expect(searchPage(db, 'up').readAs).toBeUndefined();
    expect(titles('up')[0]).toBe('Up (2009)');
    expect(searchPage(db, 'harry potter 3').readAs).toBeUndefined();
    expect(titles('alein')[0]).toBe('Alien (1979)');
    expect(searchPage(db, 'alein').readAs).toBeUndefined();
    expect(searchPage(db, 'qx')).toMatchObject({ total: 0 });
  });
});

describe('typo tolerance', () => {
  it('finds titles a few typos away when nothing matches as typed', () => {
    expect(titles('godfahter')[0]).toBe('The Godfather (1972)');
    expect(titles('godfahter', undefined, 3)).toContain('The Godfather: Part II (1974)');
    expect(titles('the godfahter')[0]).toBe('The Godfather (1972)');
    expect(titles('matirx')[0]).toBe('The Matrix (1999)');
    expect(searchPage(db, 'godfahter').total).toBeGreaterThanOrEqual(3);
    // and says so: no title is spelled that way
    expect(searchPage(db, 'godfahter').lookAlikes).toBe(true);
    expect(searchPage(db, 'godfather').lookAlikes).toBeUndefined();
    expect(searchPage(db, 'zzzzqqq').lookAlikes).toBeUndefined();
  });

  it('offers no look-alikes when the title exists outside the genre or years asked', () => {
    // Before: Jawbreaker (a comedy one letter off) stood in for Jaws, an action horror.
    expect(searchPage(db, 'jaws', { genre: 'Comedy' })).toMatchObject({
      movies: [],
      total: 0,
      withoutFilters: 4,
    });
    expect(searchPage(db, 'heat', { genre: 'Animation' }).movies).toEqual([]);
    expect(searchPage(db, 'matrix', { yearFrom: 2005 })).toMatchObject({
      total: 0,
      withoutFilters: 3,
    });
    expect(searchPage(db, 'godfahter', { genre: 'Crime' }).movies[0].title).toBe('The Godfather');
    expect(searchPage(db, 'jaws').withoutFilters).toBeUndefined();
  });

  it("gives the newest film's year when nothing matches, so a screen can say a later one is missing", () => {
    // ml-latest-small's films run up to 2018: Oppenheimer (2023) and the 2019 Lion King are not in it.
    expect(searchPage(db, 'oppenheimer')).toMatchObject({ total: 0, newestYear: 2018 });
    expect(searchPage(db, 'the lion king 2019')).toMatchObject({ total: 0, newestYear: 2018 });
    expect(searchPage(db, 'the lion king').newestYear).toBeUndefined();
    // A title outside the filters is told by its count instead.
    const filtered = searchPage(db, 'jaws', { genre: 'Comedy' });
    expect(filtered.withoutFilters).toBeGreaterThan(0);
    expect(filtered.newestYear).toBeUndefined();
  });

  it('offers nothing for short or far-off words', () => {
    expect(searchMovies(db, 'zzzzqqq')).toEqual([]);
    expect(searchMovies(db, 'qx')).toEqual([]);
  });
});

describe('genres and onboarding', () => {
  it('lists the genres', () => {
    const genres = listGenres(db);
    expect(genres).toContain('Sci-Fi');
    expect(genres).not.toContain('(no genres listed)');
  });

  it('offers the most rated movies that the profile has not rated, most rated first', () => {
    const profile = createProfile(db, 'Newcomer');
    setProfileRating(db, profile.id, 356, 4); // Forrest Gump, the most rated
    const picks = onboardingPicks(db, profile.id, 12);
    expect(picks).toHaveLength(12);
    expect(picks.map((m) => m.id)).not.toContain(356);
    const counts = picks.map((m) => m.ratingCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const mostRated = db
      .prepare('SELECT id FROM movies WHERE id <> 356 ORDER BY rating_count DESC, id LIMIT 12')
      .pluck()
      .all();
    expect(picks.map((m) => m.id)).toEqual(mostRated);
  });

  it('offers other movies, the next most rated, for someone who has seen none of them', () => {
    const profile = createProfile(db, 'Stranger');
    const first = onboardingPicks(db, profile.id, 12);
    const others = onboardingPicks(
      db,
      profile.id,
      12,
      first.map((m) => m.id),
    );
    expect(others).toHaveLength(12);
    expect(others.filter((m) => first.some((f) => f.id === m.id))).toEqual([]);
    expect(Math.max(...others.map((m) => m.ratingCount))).toBeLessThanOrEqual(
      Math.min(...first.map((m) => m.ratingCount)),
    );
    const offered = [...first, ...others].map((m) => m.id);
    const third = onboardingPicks(db, profile.id, 12, offered);
    expect(third).toHaveLength(12);
    expect(third.filter((m) => offered.includes(m.id))).toEqual([]);
  });
});
