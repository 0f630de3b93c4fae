import { describe, expect, it } from 'vitest';
import { namedTags } from '../../shared/tag-names';

describe('namedTags', () => {
  it('names the tags a list keeps as a sentence would', () => {
    expect(namedTags(['heist'])).toBe('“heist”');
    expect(namedTags(['heist', 'heists'])).toBe('“heist” or “heists”');
    expect(namedTags(['a', 'b', 'c'])).toBe('“a”, “b” or “c”');
    expect(namedTags(['heist'], 0, 'straight')).toBe('"heist"');
  });

  it('counts the tags matched but not named', () => {
    expect(namedTags(['true story', 'love story', 'love'], 7)).toBe(
      '“true story”, “love story”, “love” or 7 other tags',
    );
    expect(namedTags(['a', 'b', 'c'], 1, 'straight')).toBe('"a", "b", "c" or 1 other tag');
  });
});
