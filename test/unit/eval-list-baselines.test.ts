import { inverseSpd } from '../../main/engine/numeric/linalg';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { protocolD, protocolE } from '../../main/engine/validation/list-protocols';
import { splitHistories, type ListSplit } from '../../main/engine/validation/list-split';
import { easeModel } from '../../main/eval/baselines/ease';
import { itemKnnModel } from '../../main/eval/baselines/item-knn';
import { popularityModel } from '../../main/eval/baselines/popularity';
import type { FittedModel } from '../../main/eval/evaluated-model';
import type { TrainSet } from '../../main/eval/histories';

// Six movies (ids 10..60); users with keys 1..5 train, key 10 is the one new person.
// Training counts: movie 0 → 4, 1 → 3, 2 → 2, 3 → 2, 4 → 1, 5 → 0 (unknown to training).
function history(pairs: [number, number][]): PersonHistory {
  return {
    items: Int32Array.from(pairs, (p) => p[0]),
    ratings: Float32Array.from(pairs, (p) => p[1]),
    times: Float64Array.from(pairs, (_, t) => t),
  };
}

const all = [
  history([
    [0, 4],
    [1, 5],
    [2, 3],
  ]),
  history([
    [0, 5],
    [1, 4],
    [3, 4],
  ]),
  history([
    [0, 3],
    [1, 4],
  ]),
  history([
    [0, 4],
    [4, 5],
  ]),
  history([
    [2, 4],
    [3, 5],
  ]),
  // The new person: visible half 0, 4 (5 is unknown to training: dropped); hidden 2, 1, 3.
  history([
    [0, 5],
    [4, 4],
    [5, 5],
    [2, 2],
    [1, 3],
    [3, 5],
  ]),
];
const split: ListSplit = splitHistories(
  all,
  Int32Array.from([1, 2, 3, 4, 5, 10]),
  Int32Array.from([10, 20, 30, 40, 50, 60]),
  (k) => k % 10 === 0,
  (k) => k % 10 !== 0,
  2,
);
const train: TrainSet = {
  nUsers: split.nUsers,
  nItems: split.nItems,
  histories: split.histories,
  scale: { min: 0.5, max: 5 },
  genres: Array.from({ length: 6 }, () => []),
  movieIds: split.movieIds,
};
const options = { seed: 1, protocol: 'D' as const, quick: true };
const none = new Uint8Array(6);
const fit = async (m: { fit: (t: TrainSet, o: typeof options) => unknown }) =>
  (await m.fit(train, options)) as FittedModel;

describe('list baselines on a tiny split', () => {
  test('popularity: the most-rated unseen training movies; no neighbours', async () => {
    const pop = await fit(popularityModel);
    const exclude = new Uint8Array(6);
    exclude[1] = 1;
    // Seed and excluded movies never listed; 2 and 3 tie on count, movieId breaks it; 5 unknown.
    expect([...pop.similar!(0, exclude, 10)]).toEqual([2, 3, 4]);
    expect([...pop.similar!(3, none, 2)]).toEqual([0, 1]);
    expect(pop.likeMinded!(split.people[0].visible, 10)).toHaveLength(0);
    const d = protocolD(split, pop.similar!);
    expect(d['tail-p@10']).toBe(0); // six movies: every one is in the popular head
    const e = protocolE(split, pop.likeMinded!);
    expect(e['co-rated']).toBe(0);
  });

  test('item-kNN: the seed’s cosine row, ties by popularity then movieId', async () => {
    const knn = await fit(itemKnnModel(50));
    // cos(0,1) = 3/√12, cos(0,4) = 1/√4, cos(0,2) = cos(0,3) = 1/√8.
    expect([...knn.similar!(0, none, 10)]).toEqual([1, 4, 2, 3]);
    const exclude = new Uint8Array(6);
    exclude[1] = 1;
    expect([...knn.similar!(0, exclude, 2)]).toEqual([4, 2]);
  });

  test('EASE: B[s, ·] by weight, and users by cosine of predicted scores', async () => {
    const lambda = 2;
    const ease = await fit(easeModel(lambda));
    // Dense primal EASE: P = (XᵀX + λI)⁻¹, B[i, j] = −P[i, j] / P[j, j] off the diagonal.
    const n = 6;
    const g = new Float64Array(n * n);
    for (const h of split.histories)
      for (const i of h.items) for (const j of h.items) g[i * n + j]++;
    for (let i = 0; i < n; i++) g[i * n + i] += lambda;
    const p = inverseSpd(g, n);
    const b = (i: number, j: number) => (i === j ? 0 : -p[i * n + j] / p[j * n + j]);
    for (const seed of [0, 2, 3]) {
      const expected = [0, 1, 2, 3, 4]
        .filter((j) => j !== seed)
        .sort(
          (x, y) => b(seed, y) - b(seed, x) || split.popularity[y] - split.popularity[x] || x - y,
        )
        .slice(0, 3);
      expect([...ease.similar!(seed, none, 3)]).toEqual(expected);
    }
    const scoresOf = (items: ArrayLike<number>) =>
      Array.from({ length: n }, (_, j) => Array.from(items).reduce((s, i) => s + b(i, j), 0));
    const cosine = (x: number[], y: number[]) => {
      const dot = x.reduce((s, v, k) => s + v * y[k], 0);
      return dot / Math.hypot(...x) / Math.hypot(...y);
    };
    const visible = split.people[0].visible;
    const mine = scoresOf(visible.items);
    const expected = [0, 1, 2, 3, 4]
      .map((u) => ({ u, c: cosine(mine, scoresOf(split.histories[u].items)) }))
      .sort((x, y) => y.c - x.c || x.u - y.u)
      .map((x) => x.u);
    expect([...ease.likeMinded!(visible, 3)]).toEqual(expected.slice(0, 3));
  });
});
