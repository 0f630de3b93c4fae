import { pairedDifference } from '../../main/eval/paired-protocol-c';

describe('a paired difference', () => {
  test('is the mean of the per-person differences with its standard error, keeping them', () => {
    const p = pairedDifference('NDCG@20', [0.1, -0.1, 0.3, 0.1]);
    expect(p.mean).toBeCloseTo(0.1, 12);
    // sample variance 0.08 / 3, over 4 people
    expect(p.standardError).toBeCloseTo(Math.sqrt(0.08 / 3 / 4), 12);
    expect(p.users).toBe(4);
    expect(p.differences).toEqual([0.1, -0.1, 0.3, 0.1]);
  });

  test('combines separate runs exactly as one run over all their people', () => {
    const a = [0.2, -0.05, 0.1];
    const b = [0.0, 0.15];
    const together = pairedDifference('x', [...a, ...b]);
    const combined = pairedDifference('x', [
      ...pairedDifference('x', a).differences,
      ...pairedDifference('x', b).differences,
    ]);
    expect(combined).toEqual(together);
    expect(together.mean).toBeCloseTo(0.08, 12);
  });

  test('has no standard error from one person', () => {
    expect(pairedDifference('x', [0.5]).standardError).toBe(0);
  });
});
