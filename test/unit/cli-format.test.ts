import { countOf, movieLine, profileLine, shellWord } from '../../main/cli/format';

describe('the command line counts things in good English', () => {
  test('one rating, two ratings, thousands with a separator', () => {
    expect(countOf(1, 'rating')).toBe('1 rating');
    expect(countOf(0, 'rating')).toBe('0 ratings');
    expect(countOf(2048, 'personal model')).toBe('2,048 personal models');
  });

  test('a movie rated once and a profile with one rating say so', () => {
    const walledIn = {
      id: 89208,
      title: 'Walled In',
      year: 2009,
      genres: ['Horror', 'Thriller'],
      ratingCount: 1,
      averageRating: 3.5,
    };
    expect(movieLine(walledIn)).toMatch(/3\.50 avg, 1 rating$/);
    expect(profileLine({ id: 1, name: 'Zoe', ratingCount: 1, locked: false } as never)).toBe(
      '   1  Zoe  1 rating',
    );
  });

  test('a profile name in a printed command reads back as one word', () => {
    expect(shellWord('Zoe')).toBe('Zoe');
    expect(shellWord('Zoé-2')).toBe('Zoé-2');
    expect(shellWord('Anna Maria')).toBe("'Anna Maria'");
    expect(shellWord("Mum's")).toBe("'Mum'\\''s'");
  });
});
