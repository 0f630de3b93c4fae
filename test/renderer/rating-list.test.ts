import type { ProfileRating } from '../../shared/domain';
import { visibleRatings } from '../../renderer/src/util/rating-list';
import { movie } from './fake-api';

/** The My ratings page's search (every word, accents ignored, year too) and its three orders. */
const rows: ProfileRating[] = [
  { movieId: 1, rating: 3, ratedAt: 300, movie: movie(1, 'Amélie', 2001, ['Comedy']) },
  { movieId: 2, rating: 5, ratedAt: 100, movie: movie(2, 'Alien', 1979, ['Horror']) },
  { movieId: 3, rating: 5, ratedAt: 200, movie: movie(3, 'Aliens', 1986, ['Action']) },
];
const ids = (list: ProfileRating[]) => list.map((r) => r.movieId);

describe('visibleRatings', () => {
  it('orders by date, rating (newest first among equals) or title', () => {
    expect(ids(visibleRatings(rows, '', 'date'))).toEqual([1, 3, 2]);
    expect(ids(visibleRatings(rows, '', 'rating'))).toEqual([3, 2, 1]);
    expect(ids(visibleRatings(rows, '', 'title'))).toEqual([2, 3, 1]);
  });

  it('finds by every word typed, without accents, and by year', () => {
    expect(ids(visibleRatings(rows, 'amelie', 'date'))).toEqual([1]);
    expect(ids(visibleRatings(rows, 'ALIEN', 'title'))).toEqual([2, 3]);
    expect(ids(visibleRatings(rows, 'alien 1986', 'date'))).toEqual([3]);
    expect(ids(visibleRatings(rows, '  ', 'date'))).toEqual([1, 3, 2]);
  });
});
