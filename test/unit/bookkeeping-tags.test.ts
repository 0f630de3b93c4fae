import { describe, expect, it } from 'vitest';
import { isBookkeepingTag } from '../../main/catalogue/bookkeeping-tags';

describe('isBookkeepingTag', () => {
  it("knows a viewer's notes of where a film is kept, queued or whether they saw it", () => {
    for (const key of [
      'in netflix queue',
      'no dvd at netflix',
      'not available from netflix',
      'seen more than once',
      'seen at the cinema',
      'not seen',
      'to see',
      'own it',
      'my dvds',
      'dvd r',
      'bd r',
      'tivo',
      'blu ray',
    ]) {
      expect(isBookkeepingTag(key), key).toBe(true);
    }
  });

  it('keeps what describes the film, words that only look alike included', () => {
    for (const key of [
      'pixar',
      'time travel',
      'queen',
      'bluegrass',
      'a dingo ate my baby',
      'give me back my son',
      'must see',
      'the unseen',
      'never seen before',
      'owner',
      'amy adams',
    ]) {
      expect(isBookkeepingTag(key), key).toBe(false);
    }
  });
});
