import * as tf from '../runtime/tf';

/**
 * Batched a (B×m×k) · b (B×k×n) whose gradients transpose explicitly and then use the plain
 * kernel: the 3-D counterpart of tf-ops' `matMulPlain` (wasm BatchMatMul with transposeA/B is
 * 10–20× slower than without).
 */
const batchMatMulPlainOp = tf.customGrad(((...args: unknown[]) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor3D[];
      const dy3 = dy as tf.Tensor3D;
      return [
        tf.matMul(dy3, tf.transpose(sb, [0, 2, 1])),
        tf.matMul(tf.transpose(sa, [0, 2, 1]), dy3),
      ];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

export function batchMatMulPlain(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return batchMatMulPlainOp(a, b) as tf.Tensor3D;
}
