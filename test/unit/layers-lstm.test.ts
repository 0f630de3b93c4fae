import * as tf from '../../main/engine/runtime/tf';
import { createLstm, lstmWeights, runLstm } from '../../main/engine/nn/lstm';
import { DenseParams } from '../../main/engine/nn/params';
import { Rng } from '../../main/engine/numeric/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A plain-JS LSTM over one sequence (rows of x), the reference for the tfjs version. */
function referenceLstm(
  x: number[][],
  wx: Float32Array,
  wh: Float32Array,
  b: Float32Array,
  units: number,
): number[] {
  const h = new Array(units).fill(0);
  const c = new Array(units).fill(0);
  const G = 4 * units;
  for (const xt of x) {
    const z = Array.from(b);
    for (let g = 0; g < G; g++) {
      for (let k = 0; k < xt.length; k++) z[g] += xt[k] * wx[k * G + g];
      for (let k = 0; k < units; k++) z[g] += h[k] * wh[k * G + g];
    }
    for (let u = 0; u < units; u++) {
      c[u] = sigmoid(z[units + u]) * c[u] + sigmoid(z[u]) * Math.tanh(z[2 * units + u]);
      h[u] = sigmoid(z[3 * units + u]) * Math.tanh(c[u]);
    }
  }
  return h;
}

describe('runLstm', () => {
  it('matches a plain-JS LSTM and ignores left padding', () => {
    const params = new DenseParams(new Rng(3));
    createLstm(params, 'seq', 3, 4);
    const w = lstmWeights(params, 'seq');
    const rng = new Rng(5);
    const seq = Array.from({ length: 5 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const padded = [[0, 0, 0], [0, 0, 0], ...seq];
    const values = params.export();
    const expected = referenceLstm(seq, values['seq/wx'], values['seq/wh'], values['seq/b'], 4);
    const plain = tf.tidy(() => runLstm(w, tf.tensor3d([seq])).last.arraySync()[0]);
    const masked = tf.tidy(
      () =>
        runLstm(w, tf.tensor3d([padded]), {
          mask: tf.tensor2d([[0, 0, 1, 1, 1, 1, 1]]),
        }).last.arraySync()[0],
    );
    for (let u = 0; u < 4; u++) {
      expect(plain[u]).toBeCloseTo(expected[u], 5);
      expect(masked[u]).toBeCloseTo(expected[u], 5);
    }
    params.dispose();
  });

  it('has gradients for its weights and inputs', () => {
    const params = new DenseParams(new Rng(1));
    createLstm(params, 'seq', 2, 3);
    const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 7) as tf.Tensor3D;
    const { grads } = tf.variableGrads(
      () => tf.sum(runLstm(lstmWeights(params, 'seq'), x).last) as tf.Scalar,
    );
    for (const name of params.list().map((v) => v.name)) {
      expect(grads[name]).toBeDefined();
      expect(Math.abs(tf.sum(tf.abs(grads[name])).dataSync()[0])).toBeGreaterThan(0);
    }
    params.dispose();
  });
});
