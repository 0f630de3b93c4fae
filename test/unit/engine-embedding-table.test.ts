import * as tf from '../../main/engine/runtime/tf';
import '@tensorflow/tfjs-backend-cpu';
import { EmbeddingTable, SparseAdam } from '../../main/engine/nn/embedding-table';
import { Rng } from '../../main/engine/numeric/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function denseAdamSteps(
  init: Float32Array,
  rows: number,
  dim: number,
  grads: Float32Array[],
  lr: number,
): Float32Array {
  const v = tf.variable(tf.tensor2d(init, [rows, dim]));
  const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  for (const g of grads)
    opt.applyGradients([{ name: v.name, tensor: tf.tensor2d(g, [rows, dim]) }]);
  const out = v.dataSync() as Float32Array;
  opt.dispose();
  v.dispose();
  return Float32Array.from(out);
}

describe('EmbeddingTable and SparseAdam', () => {
  test('gatherRows copies rows in order, duplicates included', () => {
    const t = new EmbeddingTable(3, 2, Float32Array.of(0, 1, 10, 11, 20, 21));
    expect(Array.from(t.gatherRows(Int32Array.of(2, 0, 2)))).toEqual([20, 21, 0, 1, 20, 21]);
  });

  test('accumulateRows scatter-adds duplicate rows', () => {
    const t = new EmbeddingTable(3, 2);
    t.accumulateRows(Int32Array.of(1, 1, 2), Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(Array.from(t.grad)).toEqual([0, 0, 4, 6, 5, 6]);
    expect(t.touchedCount).toBe(2);
  });

  test('sparse Adam equals dense Adam on the touched rows when the same rows are touched every step', () => {
    const rows = 6;
    const dim = 3;
    const rng = new Rng(3);
    const init = rng.fillNormal(new Float32Array(rows * dim), 1);
    const touched = Int32Array.of(1, 4, 1);
    const grads: Float32Array[] = [];
    const table = new EmbeddingTable(rows, dim, init.slice());
    const adam = new SparseAdam({ learningRate: 0.05 });
    for (let step = 0; step < 5; step++) {
      const g = rng.fillNormal(new Float32Array(touched.length * dim), 1);
      const dense = new Float32Array(rows * dim);
      touched.forEach((r, k) => {
        for (let c = 0; c < dim; c++) dense[r * dim + c] += g[k * dim + c];
      });
      grads.push(dense);
      table.accumulateRows(touched, g);
      adam.step([table]);
    }
    const expected = denseAdamSteps(init, rows, dim, grads, 0.05);
    for (const r of [1, 4]) {
      for (let c = 0; c < dim; c++)
        expect(table.values[r * dim + c]).toBeCloseTo(expected[r * dim + c], 5);
    }
    // Rows never touched keep their values (dense Adam with zero gradients leaves them too).
    for (const r of [0, 2, 3, 5]) {
      for (let c = 0; c < dim; c++) expect(table.values[r * dim + c]).toBe(init[r * dim + c]);
    }
    expect(table.grad.every((x) => x === 0)).toBe(true);
  });

  test('lazy Adam leaves a row alone in steps that do not touch it', () => {
    const table = new EmbeddingTable(2, 1, Float32Array.of(1, 1));
    const adam = new SparseAdam({ learningRate: 0.1 });
    table.accumulateRows(Int32Array.of(0, 1), Float32Array.of(1, 1));
    adam.step([table]);
    const row1 = table.values[1];
    table.accumulateRows(Int32Array.of(0), Float32Array.of(1));
    adam.step([table]);
    expect(table.values[1]).toBe(row1);
    expect(table.values[0]).toBeLessThan(row1);
  });
});
