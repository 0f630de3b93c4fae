import {
  catalogueCoverage,
  clip,
  hitAtK,
  intraListSimilarity,
  jaccard,
  mae,
  ndcgAtK,
  ndcgOfRank,
  rankOf,
  recallAtK,
  rmse,
  rSquared,
  topK,
} from '../../main/engine/validation/metrics';

describe('rating metrics', () => {
  it('computes RMSE, MAE and R² by hand', () => {
    const actual = [3, 4, 5];
    const predicted = [2.5, 4, 4];
    // errors: -0.5, 0, -1 → SSE 1.25
    expect(rmse(predicted, actual)).toBeCloseTo(Math.sqrt(1.25 / 3), 12);
    expect(mae(predicted, actual)).toBeCloseTo(1.5 / 3, 12);
    // SST around mean 4: 1 + 0 + 1 = 2 → R² = 1 − 1.25/2
    expect(rSquared(predicted, actual)).toBeCloseTo(0.375, 12);
  });

  it('gives R² = 0 for predicting the test mean and clips to the scale', () => {
    expect(rSquared([4, 4, 4], [3, 4, 5])).toBeCloseTo(0, 12);
    expect(clip(5.7, 0.5, 5)).toBe(5);
    expect(clip(0.1, 0.5, 5)).toBe(0.5);
    expect(clip(3.2, 0.5, 5)).toBe(3.2);
  });
});

describe('ranking metrics', () => {
  const scores = Float32Array.from([0.9, 0.1, 0.5, 0.5, 0.7]);

  it('ranks among non-excluded items, ties broken by index', () => {
    expect(rankOf(scores, 4, null)).toBe(2);
    expect(rankOf(scores, 2, null)).toBe(3);
    expect(rankOf(scores, 3, null)).toBe(4); // tied with item 2, which has the smaller index
    const excluded = Uint8Array.from([1, 0, 0, 0, 0]);
    expect(rankOf(scores, 4, excluded)).toBe(1);
    expect(rankOf(scores, 1, null, [1, 2, 3])).toBe(3);
  });

  it('finds the top k best first, skipping excluded items', () => {
    expect([...topK(scores, 3, null)]).toEqual([0, 4, 2]);
    expect([...topK(scores, 3, Uint8Array.from([1, 0, 1, 0, 0]))]).toEqual([4, 3, 1]);
    expect([...topK(scores, 10, null)]).toEqual([0, 4, 2, 3, 1]);
  });

  it('computes HR and NDCG for a single test item', () => {
    expect(hitAtK(10, 10)).toBe(1);
    expect(hitAtK(11, 10)).toBe(0);
    expect(ndcgOfRank(1, 10)).toBe(1);
    expect(ndcgOfRank(3, 10)).toBeCloseTo(0.5, 12); // 1/log2(4)
    expect(ndcgOfRank(11, 10)).toBe(0);
  });

  it('computes recall and binary NDCG for several relevant items', () => {
    const list = [7, 3, 9, 1];
    const relevant = new Set([3, 1, 42]);
    expect(recallAtK(list, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(list, relevant, 2)).toBeCloseTo(1 / 3, 12);
    // hits at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal: 3 hits at ranks 1..3
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(list, relevant, 4)).toBeCloseTo(dcg / idcg, 12);
    // only 2 slots: the ideal list has 2 hits
    expect(ndcgAtK(list, relevant, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK([5, 6], new Set([5, 6]), 2)).toBeCloseTo(1, 12);
  });

  it('computes catalogue coverage and genre intra-list similarity', () => {
    expect(
      catalogueCoverage(
        [
          [1, 2, 3],
          [3, 4, 5],
        ],
        10,
      ),
    ).toBeCloseTo(0.5, 12);
    expect(jaccard(['Drama', 'War'], ['Drama'])).toBeCloseTo(0.5, 12);
    expect(jaccard([], [])).toBe(0);
    const genres = [['Drama', 'War'], ['Drama'], ['Comedy']];
    // pairs: (0,1) 1/2, (0,2) 0, (1,2) 0 → mean 1/6
    expect(intraListSimilarity([0, 1, 2], genres)).toBeCloseTo(1 / 6, 12);
  });
});
