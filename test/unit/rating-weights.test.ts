import { FULL_RECENCY_FROM, ratingWeights } from '../../main/engine/models/recency-als';
import { recencyHybridDefaults } from '../../main/engine/models/recency-hybrid';

const settings = { ratingRecency: 50, ratingRecencyItems: 15 };

describe("the weights of a person's ratings in the predicted-stars regression", () => {
  test('the latest rating counts most, and a long history gets the whole recency boost', () => {
    const w = ratingWeights(40, settings);
    expect(w[39]).toBeCloseTo(51);
    expect(w[39 - 15]).toBeCloseTo(1 + 50 / Math.E);
    for (let t = 1; t < w.length; t++) expect(w[t]).toBeGreaterThan(w[t - 1]);
    expect(ratingWeights(FULL_RECENCY_FROM, settings)[FULL_RECENCY_FROM - 1]).toBeCloseTo(51);
  });

  test('a short history gets a small share of the boost, so one 5★ does not outweigh the prior', () => {
    const one = ratingWeights(1, settings)[0];
    expect(one).toBeLessThan(1 + recencyHybridDefaults.userBiasLambda / 10);
    expect(ratingWeights(5, settings)[4]).toBeCloseTo(1 + 50 * (5 / FULL_RECENCY_FROM) ** 3);
    // the share grows with every rating and is whole, without a jump, from FULL_RECENCY_FROM
    const latest = (n: number) => ratingWeights(n, settings)[n - 1];
    for (let n = 2; n <= FULL_RECENCY_FROM; n++) expect(latest(n)).toBeGreaterThan(latest(n - 1));
    expect(latest(FULL_RECENCY_FROM)).toBeCloseTo(latest(FULL_RECENCY_FROM + 1));
  });
});
