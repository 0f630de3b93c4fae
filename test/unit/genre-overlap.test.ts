import { GenreOverlap } from '../../main/engine/models/genre-overlap';

// Items: 0 Toy Story (Animation, Children, Comedy), 1 Monsters, Inc. (the same three),
// 2 Star Trek (Action, Sci-Fi), 3 Shrek (Animation, Comedy), 4 no genres.
const genres = {
  start: Int32Array.from([0, 3, 6, 8, 10, 10]),
  ids: Int32Array.from([0, 1, 2, 0, 1, 2, 3, 4, 0, 2]),
};

describe('the genre factor of similar movies', () => {
  it('multiplies each positive score by (1 + Jaccard)^gamma', () => {
    const scores = Float32Array.from([-Infinity, 1, 1, 1, 1]);
    new GenreOverlap(genres).boost(0, 1, scores);
    expect(scores).toEqual(Float32Array.from([-Infinity, 2, 1, 1 + 2 / 3, 1]));
  });

  it('lets a shared kind of film reorder a list, and gamma 0 changes nothing', () => {
    const overlap = new GenreOverlap(genres);
    const plain = Float32Array.from([-Infinity, 0.5, 0.6, 0.1, 0.2]);
    const same = plain.slice();
    overlap.boost(0, 0, same);
    expect(same).toEqual(plain);
    const boosted = plain.slice();
    overlap.boost(0, 1, boosted);
    expect(boosted[1]).toBeGreaterThan(boosted[2]);
    expect(plain[1]).toBeLessThan(plain[2]);
  });

  it('leaves negative and excluded scores alone, and reads items through a map', () => {
    const scores = Float32Array.from([-0.5, 0.5, -Infinity]);
    const items = [1, 3, 2];
    new GenreOverlap(genres).boost(0, 2, scores, (k) => items[k]);
    expect(scores).toEqual(Float32Array.from([-0.5, 0.5 * (1 + 2 / 3) ** 2, -Infinity]));
  });

  it('forgets one seed before the next', () => {
    const overlap = new GenreOverlap(genres);
    overlap.boost(0, 1, new Float32Array(5).fill(1));
    const scores = new Float32Array(5).fill(1);
    overlap.boost(2, 1, scores);
    expect(scores[1]).toBe(1);
  });
});
