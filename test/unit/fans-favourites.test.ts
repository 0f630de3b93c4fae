import { describe, expect, test } from 'vitest';
import { FansFavourites, lovedIndex } from '../../main/engine/models/fans-favourites';
import { tuneFansFavourites } from '../../main/engine/models/list-tuning';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { pseudoNewPeopleSplit, type ListSplit } from '../../main/engine/validation/list-split';

const history = (items: number[], ratings: number[]): PersonHistory => ({
  items: Int32Array.from(items),
  ratings: Float32Array.from(ratings),
  times: Float64Array.from(items, (_, t) => t),
});

/** Five dataset users over six movies; 4 and up is loved. */
const users = [
  history([0, 1, 2], [5, 4, 2]),
  history([0, 1, 3], [4, 5, 4]),
  history([0, 2, 3], [5, 5, 1]),
  history([1, 4], [4.5, 4]),
  history([5, 0], [4, 3]),
];
const index = lovedIndex(users, 6, 4);

/** Σ over the person's loved movies j of C[j, i] / (|L| · (lovers_i + 1)^power), by brute force. */
function bruteForce(person: PersonHistory, weight: number, power: number): number[] {
  const lovedBy = (i: number) =>
    new Set(
      users.flatMap((u, k) => (u.items.some((x, t) => x === i && u.ratings[t] >= 4) ? [k] : [])),
    );
  const loved = [...person.items].filter((_, t) => person.ratings[t] >= 4);
  return Array.from({ length: 6 }, (_, i) => {
    const fans = lovedBy(i);
    let sum = 0;
    for (const j of loved) sum += [...lovedBy(j)].filter((u) => fans.has(u)).length;
    return loved.length ? (weight * sum) / (loved.length * (fans.size + 1) ** power) : 0;
  });
}

describe("fans' favourites", () => {
  test('the index lists each movie its lovers and each user their loved movies', () => {
    expect([...index.itemUsers.subarray(index.itemStart[0], index.itemStart[1])]).toEqual([
      0, 1, 2,
    ]);
    expect([...index.itemUsers.subarray(index.itemStart[3], index.itemStart[4])]).toEqual([1]);
    expect([...index.userItems.subarray(index.userStart[2], index.userStart[3])]).toEqual([0, 2]);
  });

  test('scores every movie by what the fans of the loved movies loved, discounted by its lovers', () => {
    const person = history([0, 4, 3], [5, 4, 2]);
    const fans = new FansFavourites(index, { weight: 2, power: 0.5, love: 4 });
    const out = new Float32Array(6).fill(1);
    fans.addTo(person, out);
    bruteForce(person, 2, 0.5).forEach((x, i) => expect(out[i]).toBeCloseTo(1 + x, 5));
    // movie 1's fans include two of movie 0's and one of movie 4's
    expect(out[1]).toBeGreaterThan(out[5]);
  });

  test('adds nothing at weight 0 or for a person who loved nothing', () => {
    const out = new Float32Array(6);
    new FansFavourites(index, { weight: 0, power: 1, love: 4 }).addTo(history([0], [5]), out);
    new FansFavourites(index, { weight: 1, power: 1, love: 4 }).addTo(history([0, 1], [3, 2]), out);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test("each entry's drop is exactly the change when it is left out", () => {
    const person = history([0, 3, 4, 2], [5, 2, 4, 4.5]);
    const fans = new FansFavourites(index, { weight: 1.5, power: 0.75, love: 4 });
    for (let item = 0; item < 6; item++) {
      const full = new Float32Array(6);
      fans.addTo(person, full);
      const drops = fans.drops(person, item);
      person.items.forEach((_, t) => {
        const keep = [...person.items.keys()].filter((k) => k !== t);
        const without = new Float32Array(6);
        fans.addTo(
          history(
            keep.map((k) => person.items[k]),
            keep.map((k) => person.ratings[k]),
          ),
          without,
        );
        expect(drops[t]).toBeCloseTo(full[item] - without[item], 5);
      });
    }
  });
});

describe("fans' favourites' tuning", () => {
  /**
   * 200 dataset users in two tastes over 80 movies: each loves 16 movies of its own half (0–39
   * or 40–79) and is lukewarm (3★) on 4 of the other half. Every movie is about as popular, so a
   * ranking without the term cannot tell the halves apart.
   */
  function twoTastes(): ListSplit {
    const histories: PersonHistory[] = [];
    for (let u = 0; u < 200; u++) {
      const own = u % 2 === 0 ? 0 : 40;
      const other = 40 - own;
      const items: number[] = [];
      const ratings: number[] = [];
      for (let k = 0; k < 20; k++) {
        const mine = k % 5 !== 4;
        items.push((mine ? own : other) + ((u * 7 + k * 3) % 40));
        ratings.push(mine ? 5 : 3);
      }
      histories.push(history(items, ratings));
    }
    const keys = Int32Array.from({ length: 200 }, (_, u) => u + 1);
    const movieIds = Int32Array.from({ length: 80 }, (_, i) => i + 1);
    return pseudoNewPeopleSplit(histories, keys, movieIds);
  }
  const noRanking = (_h: PersonHistory, out: Float32Array) => out.fill(0);

  test("gives the term a weight where the fans' loves tell tastes apart", () => {
    expect(tuneFansFavourites(twoTastes(), noRanking, 4).coLoveWeight).toBeGreaterThan(0);
  });

  test('leaves it out (weight 0) where nobody loved anything', () => {
    expect(tuneFansFavourites(twoTastes(), noRanking, 6).coLoveWeight).toBe(0);
  });
});
