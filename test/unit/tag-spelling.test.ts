import { describe, expect, it } from 'vitest';
import { tagLetters, tagToShow } from '../../main/catalogue/tag-spelling';

describe('tagToShow', () => {
  it('shows the spelling viewers used most', () => {
    expect(
      tagToShow([
        ['ben affleck', 1],
        ['Ben Affleck', 3],
      ]),
    ).toBe('Ben Affleck');
  });

  it('never shouts: a capitalised spelling loses to any other, and alone is shown in lower case', () => {
    expect(
      tagToShow([
        ['AWESOME', 5],
        ['awesome', 1],
      ]),
    ).toBe('awesome');
    expect(tagToShow([['SPACE TRAVEL', 1]])).toBe('space travel');
    expect(
      tagToShow([
        ['DEPRESSING', 2],
        ['Depressing', 1],
        ['depressing', 2],
      ]),
    ).toBe('depressing');
  });

  it('keeps abbreviations in capitals', () => {
    expect(tagToShow([['WWII', 3]])).toBe('WWII');
    expect(tagToShow([['BD-R', 1]])).toBe('BD-R');
    expect(tagToShow([['IMDB TOP 250', 4]])).toBe('IMDB TOP 250');
  });
});

describe('tagLetters', () => {
  it('makes a tag and the genre it repeats one', () => {
    expect(tagLetters('sci-fi')).toBe(tagLetters('Sci-Fi'));
    expect(tagLetters('film noir')).toBe(tagLetters('Film-Noir'));
    expect(tagLetters('time travel')).not.toBe(tagLetters('Sci-Fi'));
  });
});
