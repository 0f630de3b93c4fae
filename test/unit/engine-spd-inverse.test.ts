import { describe, expect, test } from 'vitest';
import { fitEaseDual, easeDualScore } from '../../main/engine/numeric/ease-dual';
import {
  addToGram,
  easeFromInverse,
  easePrimalScore,
  invertGram,
  keptItems,
  withSimdScoring,
} from '../../main/engine/numeric/ease-primal';
import { inverseSpd } from '../../main/engine/numeric/linalg';
import { Rng } from '../../main/engine/numeric/rng';
import { SpdInverse } from '../../main/engine/numeric/spd-inverse';

/** The blocked sweep inverse (SIMD and plain) against the small Cholesky inverse, and its resume. */

/** XᵀX + λI of a random binary X with popular and rare columns, as EASE's Gram matrix is. */
function gram(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const g = new Float64Array(n * n);
  for (let u = 0; u < 3 * n; u++) {
    const items: number[] = [];
    for (let i = 0; i < n; i++) if (rng.next() < 0.03 + 0.3 / (1 + i / 10)) items.push(i);
    for (const a of items) for (const b of items) g[a * n + b]++;
  }
  for (let i = 0; i < n; i++) g[i * n + i] += 20;
  return g;
}

function load(inv: SpdInverse, g: Float64Array): void {
  for (let i = 0; i < inv.n; i++)
    for (let j = 0; j < inv.n; j++) inv.matrix[i * inv.size + j] = g[i * inv.n + j];
}

function worstDiff(inv: SpdInverse, ref: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < inv.n; i++)
    for (let j = 0; j < inv.n; j++)
      worst = Math.max(worst, Math.abs(inv.matrix[i * inv.size + j] - ref[i * inv.n + j]));
  return worst;
}

describe('SpdInverse', () => {
  const n = 150; // not a multiple of the block: padding rows are exercised
  const g = gram(n, 1);
  const ref = inverseSpd(g, n);
  const scale = Math.max(...ref.map(Math.abs));

  test.each(['auto', 'js'] as const)(
    'inverts like the Cholesky inverse (%s kernel)',
    async (kernel) => {
      const inv = new SpdInverse(n, kernel);
      if (kernel === 'auto') expect(inv.simd).toBe(true); // never compare the reference with itself
      load(inv, g);
      await inv.invert();
      expect(worstDiff(inv, ref)).toBeLessThan(1e-12 * scale * n);
    },
  );

  test('resumes from the matrix saved after a step', async () => {
    const first = new SpdInverse(n);
    load(first, g);
    let saved: Float64Array | null = null;
    await expect(
      first.invert({
        onStep: (done) => {
          if (done === 1) {
            saved = Float64Array.from(first.matrix);
            throw Object.assign(new Error('stopped'), { name: 'AbortError' });
          }
        },
      }),
    ).rejects.toThrow('stopped');
    const second = new SpdInverse(n);
    second.matrix.set(saved!);
    const steps: number[] = [];
    await second.invert({ fromStep: 1, onStep: (done) => void steps.push(done) });
    expect(steps).toEqual([2]);
    expect(worstDiff(second, ref)).toBeLessThan(1e-12 * scale * n);
  });

  test('stops between steps when cancelled', async () => {
    const inv = new SpdInverse(n);
    load(inv, g);
    const controller = new AbortController();
    controller.abort();
    await expect(inv.invert({ signal: controller.signal })).rejects.toThrow('cancelled');
  });
});

describe('EASE in the primal form', () => {
  test('over every rated movie it scores like the exact dual solution', async () => {
    const rng = new Rng(3);
    const nItems = 200;
    const rows = Array.from({ length: 150 }, () => {
      const s = new Set<number>();
      const m = 5 + rng.int(30);
      while (s.size < m) s.add(Math.floor(nItems * rng.next() ** 2));
      return Int32Array.from(s);
    });
    const lambda = 20;
    const dual = fitEaseDual(nItems, rows, lambda);
    const counts = new Int32Array(nItems);
    for (const r of rows) for (const i of r) counts[i]++;
    const kept = keptItems(counts, nItems);
    const g = new Int32Array(kept.kept.length ** 2);
    for (const r of rows) addToGram(g, kept, r);
    const inv = new SpdInverse(kept.kept.length);
    await invertGram(inv, g, lambda);
    const primal = { lambda, ...kept, b: easeFromInverse(inv) };
    const a = new Float32Array(nItems);
    const b = new Float32Array(nItems);
    let worst = 0;
    let largest = 0;
    for (const row of rows.slice(0, 20)) {
      const w = Float64Array.from(row, () => rng.next());
      easeDualScore(dual, row, w, a);
      easePrimalScore(primal, row, w, b);
      const rated = new Set(row);
      for (let j = 0; j < nItems; j++) {
        if (rated.has(j)) continue;
        worst = Math.max(worst, Math.abs(a[j] - b[j]));
        largest = Math.max(largest, Math.abs(a[j]));
      }
    }
    expect(largest).toBeGreaterThan(0.01);
    expect(worst).toBeLessThan(1e-5 * largest);
  });

  test('the SIMD row sums score as the plain loop does', () => {
    const rng = new Rng(4);
    const n = 201; // not a multiple of four: the last columns are summed apart
    const kept = keptItems(
      Int32Array.from({ length: 300 }, (_, i) => (i < n ? 300 - i : 0)),
      n,
    );
    const plain = { lambda: 1, ...kept, b: rng.fillNormal(new Float32Array(n * n), 1) };
    const simd = withSimdScoring(plain);
    expect(simd.simd).toBeDefined();
    const items = Int32Array.from({ length: 40 }, (_, t) => (t * 7) % 300);
    const weights = Float64Array.from(items, () => rng.next() * 3 - 1);
    const a = new Float32Array(300);
    const b = new Float32Array(300);
    easePrimalScore(plain, items, weights, a);
    easePrimalScore(simd, items, weights, b);
    let worst = 0;
    for (let j = 0; j < 300; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]));
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(1);
    expect(worst).toBeLessThan(1e-4);
  });

  test('keeps the most-rated movies and never one nobody rated', () => {
    const { kept, slot } = keptItems(Int32Array.of(3, 0, 7, 3, 1), 3);
    expect(Array.from(kept)).toEqual([2, 0, 3]);
    expect(Array.from(slot)).toEqual([1, -1, 0, 2, -1]);
    expect(Array.from(keptItems(Int32Array.of(0, 2, 0), 5).kept)).toEqual([1]);
  });
});
