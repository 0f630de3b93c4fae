import type { EngineDataset } from '../../main/core/engine-dataset';
import {
  leaveLastOutSplit,
  newPeopleSplit,
  parseLooFile,
  temporalSplit,
} from '../../main/eval/splits';

/** Users 10 and 20 (new people in protocol C) and 7; ratings given out of time order. */
function tinyDataset(): EngineDataset {
  const rows: [number, number, number, number][] = [];
  // user index 0 (key 7): 6 ratings, two at the same time (ties broken by movieId)
  for (const [m, t] of [
    [5, 100],
    [1, 50],
    [3, 100],
    [2, 60],
    [4, 70],
    [0, 10],
  ])
    rows.push([0, m, 3 + (m % 3), t]);
  // user index 1 (key 10): 12 ratings at times 12..1 (reverse order)
  for (let m = 0; m < 12; m++) rows.push([1, m, 4, 12 - m]);
  // user index 2 (key 20): 7 ratings → visible 5 (at least 5), hidden 2
  for (let m = 0; m < 7; m++) rows.push([2, m, 2, m]);
  const movieIds = Int32Array.from({ length: 12 }, (_, i) => i * 10);
  return {
    name: 'tiny',
    fingerprint: 'x',
    ratings: {
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: Float32Array.from(rows, (r) => r[2]),
      time: Float64Array.from(rows, (r) => r[3]),
    },
    nUsers: 3,
    nItems: 12,
    movieIds,
    userKeys: Int32Array.of(7, 10, 20),
    movies: Array.from({ length: 12 }, (_, i) => ({
      title: `m${i}`,
      year: null,
      genres: [],
      tags: [],
      people: [],
    })),
    demographics: null,
    scale: { min: 0.5, max: 5 },
  };
}

describe('protocol splits', () => {
  it('A: holds out the last 20% (rounded up, at least 1) by (time, movieId)', () => {
    const { train, test } = temporalSplit(tinyDataset());
    // user 0 sorted: m0(10) m1(50) m2(60) m4(70) m3(100) m5(100): ceil(1.2) = 2 held out
    expect([...train.histories[0].items]).toEqual([0, 1, 2, 4]);
    expect([...test[0].items]).toEqual([3, 5]);
    expect(test[1].items.length).toBe(Math.ceil(12 * 0.2));
    expect([...test[1].items]).toEqual([2, 1, 0]);
    expect(test[2].items.length).toBe(2);
  });

  it('B: the test item is the latest rating, ties going to the larger movieId', () => {
    const { train, testItem } = leaveLastOutSplit(tinyDataset());
    expect(testItem[0]).toBe(5);
    expect(train.histories[0].items.length).toBe(5);
    expect(testItem[1]).toBe(0);
    expect(testItem[2]).toBe(6);
  });

  it('C: ids that are multiples of 10 become new people, first half (at least 5) visible', () => {
    const { train, people } = newPeopleSplit(tinyDataset());
    expect(people.map((p) => p.user)).toEqual([1, 2]);
    expect(people[0].visible.items.length).toBe(6);
    expect([...people[0].visible.items]).toEqual([11, 10, 9, 8, 7, 6]);
    expect(people[1].visible.items.length).toBe(5);
    expect(people[1].hidden.items.length).toBe(2);
    expect(train.histories[1].items.length).toBe(0);
    expect(train.histories[2].items.length).toBe(0);
    expect(train.histories[0].items.length).toBe(6);
  });

  it('reads the sampled-negatives file into item indices', () => {
    const ds = tinyDataset();
    const loo = parseLooFile(
      'userId,testItem,negatives\n7,50,0 10 20\n20,60,30 110\n99,10,0\n',
      ds,
    );
    expect(loo.testItem[0]).toBe(5);
    expect([...loo.negatives[0]!]).toEqual([0, 1, 2]);
    expect(loo.testItem[1]).toBe(-1);
    expect([...loo.negatives[2]!]).toEqual([3, 11]);
  });
});
