import { initBackend } from '../../main/engine/runtime/backend';
import { DenseParams } from '../../main/engine/nn/params';
import { createTextCnn, runTextCnn } from '../../main/engine/nn/text-cnn';
import { Rng } from '../../main/engine/numeric/rng';
import * as tf from '../../main/engine/runtime/tf';

beforeAll(async () => {
  await initBackend();
});

describe('text CNN layer', () => {
  it('equals conv1d (valid, stride 1) + ReLU + max over time, and has gradients on this backend', () => {
    const params = new DenseParams(new Rng(3));
    const spec = createTextCnn(params, 'cnn', 4, [2, 3], 5);
    const x = tf.tensor3d(new Rng(4).fillNormal(new Float32Array(3 * 6 * 4), 1), [3, 6, 4]);
    const ours = runTextCnn(spec, (n) => params.get(n), x);
    const reference = tf.concat(
      [2, 3].map((w) => {
        const kernel = tf.reshape(params.get(`cnn/k${w}`), [w, 4, 5]) as tf.Tensor3D;
        return tf.max(
          tf.relu(tf.add(tf.conv1d(x, kernel, 1, 'valid'), params.get(`cnn/b${w}`))),
          1,
        );
      }),
      1,
    );
    expect(ours.shape).toEqual([3, 10]);
    const a = ours.dataSync();
    const b = reference.dataSync();
    for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 4);
    const grads = tf.grads((t: tf.Tensor) =>
      tf.sum(runTextCnn(spec, (n) => params.get(n), t as tf.Tensor3D)),
    )([x]);
    expect(grads[0].shape).toEqual([3, 6, 4]);
    expect(grads[0].dataSync().some((g) => g !== 0)).toBe(true);
    params.dispose();
  });
});
