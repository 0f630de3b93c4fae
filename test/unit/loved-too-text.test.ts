import { lovedTooText } from '../../main/engine/lists/reasons';

describe('a similar movie’s reason counts people as people would', () => {
  test('one, both, all, or some of them', () => {
    const say = (both: number, lovers: number) =>
      lovedTooText(both, lovers, 'Kikujiro', 'loved this too');
    expect(say(1, 1)).toBe('The one person who loved Kikujiro loved this too');
    expect(say(2, 2)).toBe('Both people who loved Kikujiro loved this too');
    expect(say(3, 3)).toBe('All 3 people who loved Kikujiro loved this too');
    expect(say(1, 2)).toBe('1 of the 2 people who loved Kikujiro loved this too');
    expect(say(2, 7)).toBe('2 of the 7 people who loved Kikujiro loved this too');
  });
});
