import * as tf from '../runtime/tf';

/**
 * tfjs ops the engine's models use in place of the stock ones where a backend has a speed trap.
 * wasm BatchMatMul with transposeA/transposeB is 10–20× slower than without, and every stock
 * matmul gradient uses them: `matMulPlain` transposes explicitly and then runs the plain kernel,
 * forward and backward.
 */
const matMulPlainOp = tf.customGrad(((...args: unknown[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy2)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** a (m×k) · b (k×n), with gradients that avoid transposed matmul kernels. */
export function matMulPlain(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMulPlainOp(a, b) as tf.Tensor2D;
}

/** A dense layer: x·W + b, then an optional activation. */
export function dense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b?: tf.Tensor1D,
  activation?: 'relu' | 'tanh' | 'sigmoid',
): tf.Tensor2D {
  let y = matMulPlain(x, w);
  if (b) y = tf.add(y, b);
  if (activation === 'relu') y = tf.relu(y);
  else if (activation === 'tanh') y = tf.tanh(y);
  else if (activation === 'sigmoid') y = tf.sigmoid(y);
  return y;
}
