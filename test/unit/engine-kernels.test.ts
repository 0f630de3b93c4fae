import * as tf from '../../main/engine/runtime/tf';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerFastSegmentSum, segmentSumInto } from '../../main/engine/numeric/segment-sum';
import { matMulPlain } from '../../main/engine/nn/tf-ops';
import { wasmDir } from '../../main/engine/runtime/backend';
import { Rng } from '../../main/engine/numeric/rng';
import path from 'node:path';

const backends = ['cpu', 'wasm'] as const;

beforeAll(() => {
  setWasmPaths(wasmDir() + path.sep);
});

describe.each(backends)('kernels on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    registerFastSegmentSum();
  });

  test('UnsortedSegmentSum is the one-pass scatter-add', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const ids = tf.tensor1d([2, 0, 2, 5], 'int32');
    const out = tf.unsortedSegmentSum(x, ids, 3);
    expect(Array.from(out.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    const ref = new Float32Array(6);
    segmentSumInto([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, 5], 2, 3, ref);
    expect(Array.from(ref)).toEqual([3, 4, 0, 0, 6, 8]);
  });

  test('the gradient of tf.gather on a large table runs (safety net) and is right', () => {
    const rows = 20000;
    const table = tf.variable(tf.zeros([rows, 16]));
    const ids = tf.tensor1d([5, 7, 5, 19999], 'int32');
    const started = performance.now();
    const { grads } = tf.variableGrads(() => tf.sum(tf.gather(table, ids)) as tf.Scalar, [table]);
    const g = grads[table.name].dataSync();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(g[5 * 16]).toBe(2);
    expect(g[7 * 16]).toBe(1);
    expect(g[19999 * 16 + 15]).toBe(1);
    expect(g[6 * 16]).toBe(0);
    table.dispose();
  });

  test('matMulPlain has the same value and gradients as tf.matMul', () => {
    const rng = new Rng(1);
    const a = tf.tensor2d(rng.fillNormal(new Float32Array(12), 1), [3, 4]);
    const b = tf.tensor2d(rng.fillNormal(new Float32Array(20), 1), [4, 5]);
    const f1 = (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)));
    const f2 = (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.square(matMulPlain(x as tf.Tensor2D, y as tf.Tensor2D)));
    const g1 = tf.grads(f1)([a, b]);
    const g2 = tf.grads(f2)([a, b]);
    expect(f2(a, b).dataSync()[0]).toBeCloseTo(f1(a, b).dataSync()[0], 3);
    for (let k = 0; k < 2; k++) {
      const x = g1[k].dataSync();
      const y = g2[k].dataSync();
      x.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 3));
    }
  });
});
