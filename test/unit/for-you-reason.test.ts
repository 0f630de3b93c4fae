import type { MovieSummary } from '../../shared/domain';
import type { ListData } from '../../main/engine/lists/list-data';
import { forYouReason, type BecauseEntry } from '../../main/engine/lists/reasons';

const data = { model: { scale: { max: 5 } } } as unknown as ListData;
const titles = ['The Silence of the Lambs', 'Notting Hill', 'Fargo', 'Alien'];
const movies = new Map(
  titles.map((title, k): [number, MovieSummary] => [
    k + 1,
    { id: k + 1, title, year: null, genres: [], ratingCount: 0, averageRating: null },
  ]),
);
/** Each movie behind it: [movieId, rating], or [movieId, stand-in rating, 'seen'] for one marked seen. */
type Behind = [number, number] | [number, number, 'seen'];
const because = (...pairs: Behind[]): BecauseEntry[] =>
  pairs.map(([movieId, rating, seen], k) => ({
    movieId,
    rating,
    weight: 1 - k / 10,
    seen: seen === 'seen',
  }));
const text = (...pairs: Behind[]) => forYouReason(data, 0, because(...pairs), movies, []).text;

describe('a for-you reason says what the profile thought of each movie behind it', () => {
  test('liked, disliked and in between', () => {
    expect(text([1, 4.5], [4, 5])).toBe('Because you liked The Silence of the Lambs and Alien');
    // A 1★ movie pulls the default's scores the other way: it is named as disliked, not liked.
    expect(text([1, 4.5], [2, 1])).toBe(
      'Because you liked The Silence of the Lambs and disliked Notting Hill',
    );
    expect(text([2, 2], [1, 0.5])).toBe(
      'Because you disliked Notting Hill and The Silence of the Lambs',
    );
    expect(text([3, 3], [1, 4])).toBe('Because you liked The Silence of the Lambs and rated Fargo');
  });

  test('a film marked seen, not rated, was watched, whatever rating stands for it', () => {
    expect(text([4, 3.5, 'seen'])).toBe('Because you watched Alien');
    expect(text([1, 4.5], [4, 3.5, 'seen'])).toBe(
      'Because you liked The Silence of the Lambs and watched Alien',
    );
  });

  test('names the two strongest and keeps every one as a link', () => {
    const reason = forYouReason(data, 0, because([1, 4], [2, 1], [3, 3]), movies, []);
    expect(reason.text).toBe(
      'Because you liked The Silence of the Lambs and disliked Notting Hill',
    );
    expect(reason.because.map((b) => b.title)).toEqual([
      'The Silence of the Lambs',
      'Notting Hill',
    ]);
    expect(reason.kind).toBe('your-ratings');
  });

  test('names a second movie only when it pulled at least a third as much as the first', () => {
    const pulls = (second: number): BecauseEntry[] => [
      { movieId: 1, rating: 5, weight: 0.33, seen: false },
      { movieId: 4, rating: 4.5, weight: second, seen: false },
    ];
    const weak = forYouReason(data, 0, pulls(0.003), movies, []);
    expect(weak.text).toBe('Because you liked The Silence of the Lambs');
    expect(weak.because.map((b) => b.movieId)).toEqual([1]);
    expect(forYouReason(data, 0, pulls(0.12), movies, []).text).toBe(
      'Because you liked The Silence of the Lambs and Alien',
    );
  });
});
