import { prefixEditDistance } from '../../main/catalogue/edit-distance';
import { parseMovieLensTitle, splitDisplayTitle, titleKey } from '../../main/catalogue/titles';

/** A MovieLens title as the API shows it: parsed at import, split at read. */
const shown = (raw: string) => splitDisplayTitle(parseMovieLensTitle(raw).title);

describe('titles as people write them', () => {
  it.each([
    ['Matrix, The (1999)', 'The Matrix', null],
    ['Toy Story (1995)', 'Toy Story', null],
    [
      "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
      'Amelie',
      "Le Fabuleux destin d'Amélie Poulain",
    ],
    ['Seven (a.k.a. Se7en) (1995)', 'Seven', 'Se7en'],
    ['Twelve Monkeys (a.k.a. 12 Monkeys) (1995)', 'Twelve Monkeys', '12 Monkeys'],
    ['Postman, The (Postino, Il) (1994)', 'The Postman', 'Il Postino'],
    [
      'City of Lost Children, The (Cité des enfants perdus, La) (1995)',
      'The City of Lost Children',
      'La Cité des enfants perdus',
    ],
    ['Hate (Haine, La) (1995)', 'Hate', 'La Haine'],
    [
      'Léon: The Professional (a.k.a. The Professional) (Léon) (1994)',
      'Léon: The Professional',
      'The Professional · Léon',
    ],
    [
      'Three Colors: Red (Trois couleurs: Rouge) (1994)',
      'Three Colors: Red',
      'Trois couleurs: Rouge',
    ],
    ['(500) Days of Summer (2009)', '(500) Days of Summer', null],
    ['Misérables, Les (1995)', 'Les Misérables', null],
    ['Babylon 5', 'Babylon 5', null],
    ['Assembly (Ji jie hao) (2007) ', 'Assembly', 'Ji jie hao'],
  ])('%s shows as %s', (raw, title, originalTitle) => {
    expect(shown(raw)).toEqual({ title, originalTitle });
  });

  it('keeps the year apart', () => {
    expect(parseMovieLensTitle('Seven (a.k.a. Se7en) (1995)').year).toBe(1995);
  });

  it('gives both spellings of a title one key', () => {
    expect(titleKey('The Matrix')).toBe(titleKey('Matrix, The (1999)'));
    expect(titleKey("Le Fabuleux destin d'Amélie Poulain")).toBe(
      titleKey("Fabuleux destin d'Amélie Poulain, Le"),
    );
  });
});

describe('typo distance to the start of a title', () => {
  it('counts a swap of two letters as one edit', () => {
    expect(prefixEditDistance('godfahter', 'godfather', 2)).toBe(1);
    expect(prefixEditDistance('godfahter', 'godfatherpartii', 2)).toBe(1);
    expect(prefixEditDistance('matirx', 'matrix', 2)).toBe(1);
  });

  it('stops as soon as the title is too far', () => {
    expect(prefixEditDistance('godfather', 'toystory', 2)).toBe(3);
    expect(prefixEditDistance('alien', 'alien', 1)).toBe(0);
    expect(prefixEditDistance('alien', 'aliens', 1)).toBe(0);
  });
});
