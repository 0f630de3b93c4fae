import * as tf from '../runtime/tf';

/**
 * Mean binary cross-entropy on logits, in the stable form max(z,0) − z·y + log(1 + e^−|z|)
 * (only kernels every backend has). `weights` (same shape) masks padded positions.
 */
export function bceWithLogits(
  logits: tf.Tensor,
  labels: tf.Tensor,
  weights?: tf.Tensor,
): tf.Scalar {
  const perItem = tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, labels)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
  if (!weights) return tf.mean(perItem);
  return tf.div(tf.sum(tf.mul(perItem, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
}
