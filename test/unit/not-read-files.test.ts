import { notReadText } from '../../shared/export-contents';

describe("an export's files that no import reads", () => {
  it('are named, up to six, then counted', () => {
    expect(notReadText([])).toBeNull();
    expect(notReadText(['diary.csv'])).toBe(
      'Not read: diary.csv (Movie Assistant reads only the ratings, the watchlist and the watched list)',
    );
    const lists = Array.from({ length: 8 }, (_, k) => `lists/list-${k + 1}.csv`);
    expect(notReadText(lists)).toBe(
      'Not read: lists/list-1.csv, lists/list-2.csv, lists/list-3.csv, lists/list-4.csv, ' +
        'lists/list-5.csv, lists/list-6.csv and 2 more files ' +
        '(Movie Assistant reads only the ratings, the watchlist and the watched list)',
    );
    expect(notReadText(lists.slice(0, 7))).toMatch(/ and 1 more file \(/);
  });
});
