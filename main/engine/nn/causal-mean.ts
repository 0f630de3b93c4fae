import * as tf from '../runtime/tf';
import { batchMatMulPlain } from './batch-matmul';

/**
 * Running mean over the real steps of left- or right-padded sequences: out[b, t] = mean of
 * x[b, k] over real steps k ≤ t (0 before the first). Done as a matmul with a constant
 * lower-triangular averaging matrix: tf.cumsum's gradient is wrong for axis 1 of a 3-D tensor
 * in tfjs 4.22 (shape mismatch), and this keeps to the plain matmul kernel.
 */
export function causalMean(x: tf.Tensor3D, mask: Float32Array): tf.Tensor3D {
  const [B, T] = x.shape;
  const avg = new Float32Array(B * T * T);
  for (let b = 0; b < B; b++) {
    let count = 0;
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t]) count++;
      if (count === 0) continue;
      for (let k = 0; k <= t; k++) if (mask[b * T + k]) avg[(b * T + t) * T + k] = 1 / count;
    }
  }
  return batchMatMulPlain(tf.tensor3d(avg, [B, T, T]), x);
}
