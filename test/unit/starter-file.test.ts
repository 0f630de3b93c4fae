import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeStarter,
  encodeStarter,
  type StarterCatalogue,
} from '../../main/importers/starter-file';
import { releaseLicenceTerms, starterLicenceText } from '../../main/importers/starter-licence';

const starter: StarterCatalogue = {
  release: { format: 'ml-latest-small', scale: { min: 0.5, max: 5 } },
  movies: [
    {
      id: 1,
      title: 'Toy Story',
      titleKey: 'toy story',
      year: 1995,
      genres: ['Animation', 'Children'],
      imdbId: 'tt0114709',
      tmdbId: 862,
      people: [],
    },
    {
      id: 2571,
      title: 'The Matrix',
      titleKey: 'matrix',
      year: 1999,
      genres: [],
      imdbId: null,
      tmdbId: null,
      people: ['Keanu Reeves', 'Carrie-Anne Moss'],
    },
    {
      id: 193609,
      title: 'Andrew Dice Clay: Dice Rules',
      titleKey: 'andrew dice clay dice rules',
      year: null,
      genres: ['Comedy'],
      imdbId: 'tt0101726',
      tmdbId: 37891,
      people: [],
    },
  ],
  ratings: [
    { userKey: 1, movieId: 1, half: 8, ratedAt: 964982703 },
    { userKey: 1, movieId: 2571, half: 10, ratedAt: 964981247 },
    { userKey: 7, movieId: 2571, half: 1, ratedAt: 1106635946 },
    { userKey: 7, movieId: 193609, half: 7, ratedAt: 1537098603 },
    { userKey: 610, movieId: 1, half: 5, ratedAt: 1479542900 },
  ],
  tags: [
    { userKey: 7, movieId: 2571, tag: 'thought-provoking, "cyberpunk"', taggedAt: 1445714994 },
  ],
  users: [{ userKey: 7, age: 25, gender: 'F', occupation: 'writer' }],
};

describe('the starter catalogue file', () => {
  it('gives back exactly the catalogue it was made from', () => {
    expect(decodeStarter(encodeStarter(starter))).toEqual(starter);
  });

  it('is the same bytes for the same catalogue (deterministic, so pretraining can rewrite it)', () => {
    expect(encodeStarter(starter).equals(encodeStarter(structuredClone(starter)))).toBe(true);
  });

  it('refuses a file of another format', () => {
    const other = encodeStarter(starter);
    const json = JSON.parse(gunzipSync(other).toString('utf8')) as { format: string };
    json.format = 'something-else/9';
    expect(() => decodeStarter(gzipSync(JSON.stringify(json)))).toThrow(/not a starter catalogue/);
  });
});

const readme = `Summary
=======

About the data.


Usage License
=============

The data set may be used under these conditions:

* The user may redistribute the data set, so long as it is distributed under these same license conditions.


Citation
========

> Harper and Konstan. 2015.


Further Information About GroupLens
===================================

Not licence terms.
`;

describe('the licence terms beside the starter catalogue', () => {
  it('are the README’s usage licence and citation sections, verbatim', () => {
    const terms = releaseLicenceTerms(readme)!;
    expect(terms).toContain(
      'Usage License\n=============\n\nThe data set may be used under these conditions:\n\n* The user may redistribute',
    );
    expect(terms).toContain('Citation\n========\n\n> Harper and Konstan. 2015.');
    expect(terms).not.toContain('About the data');
    expect(terms).not.toContain('Further Information');
  });

  it('are absent from a README without a usage licence', () => {
    expect(releaseLicenceTerms('Summary\n=======\n\nNothing else.\n')).toBeNull();
  });

  it('say what the starter file is before quoting the terms', () => {
    const text = starterLicenceText('ml-latest-small', 'ml-latest-small.json.gz', 'TERMS\n');
    expect(text).toMatch(
      /^ml-latest-small\.json\.gz is a transformation of the MovieLens ml-latest-small/,
    );
    expect(text.endsWith('TERMS\n')).toBe(true);
    // One line per paragraph, like the quoted terms: a page wraps both alike.
    expect(text.split('\n')[0]).toMatch(/ Research Group\.$/);
  });
});
