import * as tf from '../runtime/tf';
import type { FusedBiasedMf } from '../numeric/fused-mf';
import { sparseTrainStep } from './sparse-step';

/**
 * The same biased-MF batch as FusedBiasedMf.trainBatch, computed by the backend through
 * sparseTrainStep (gathered rows + tf.valueAndGrads + sparse Adam). Kept for the speed benchmark
 * (fused vs backend path) and as a cross-check of the fused gradients. Items without features only.
 * Returns n · L, the batch's loss (MSE + L2 term) times its size, before the update.
 */
export function tfMfBatch(
  mf: FusedBiasedMf,
  user: Int32Array,
  item: Int32Array,
  rating: Float32Array,
  idx: Int32Array,
  from: number,
  to: number,
  l2: number,
): number {
  if (mf.featureTable) throw new Error('tfMfBatch handles models without item features');
  const n = to - from;
  const u = new Int32Array(n);
  const i = new Int32Array(n);
  const r = new Float32Array(n);
  for (let e = 0; e < n; e++) {
    const x = idx[from + e];
    u[e] = user[x];
    i[e] = item[x];
    r[e] = rating[x];
  }
  const target = tf.tensor1d(r);
  const loss = sparseTrainStep({
    lookups: [
      { table: mf.users, ids: u },
      { table: mf.items, ids: i },
      { table: mf.userBias, ids: u },
      { table: mf.itemBias, ids: i },
    ],
    sparseOptimizer: mf.optimizer,
    loss: ([p, q, bu, bi]) =>
      tf.tidy(() => {
        const pred = tf.addN([tf.sum(tf.mul(p, q), 1), tf.reshape(bu, [n]), tf.reshape(bi, [n])]);
        const err = tf.sub(tf.add(pred, mf.globalMean), target);
        const mse = tf.mean(tf.square(err));
        if (l2 === 0) return mse as tf.Scalar;
        const reg = tf.addN([
          tf.sum(tf.square(p)),
          tf.sum(tf.square(q)),
          tf.sum(tf.square(bu)),
          tf.sum(tf.square(bi)),
        ]);
        return tf.add(mse, tf.mul(reg, l2 / n)) as tf.Scalar;
      }),
  });
  target.dispose();
  return loss * n;
}
