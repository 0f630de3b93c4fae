import * as tf from '../runtime/tf';
import { matMulPlain } from './tf-ops';
import { batchMatMulPlain } from './batch-matmul';
import type { DenseParams } from './params';

/**
 * Scaled dot-product self-attention over a small set of vectors (e.g. a model's feature fields):
 * Q = XW_q, K = XW_k, V = XW_v, out = softmax(QKᵀ/√d)V, which re-weights each field by the others.
 */
export interface SelfAttentionWeights {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
}

export function createSelfAttention(
  params: DenseParams,
  prefix: string,
  inputDim: number,
  attnDim: number,
): void {
  params.add(`${prefix}/wq`, [inputDim, attnDim]);
  params.add(`${prefix}/wk`, [inputDim, attnDim]);
  params.add(`${prefix}/wv`, [inputDim, attnDim]);
}

export function selfAttentionWeightsFrom(
  byName: (name: string) => tf.Tensor,
  prefix: string,
): SelfAttentionWeights {
  return {
    wq: byName(`${prefix}/wq`) as tf.Tensor2D,
    wk: byName(`${prefix}/wk`) as tf.Tensor2D,
    wv: byName(`${prefix}/wv`) as tf.Tensor2D,
  };
}

/** x: B × F × inputDim → { output: B × F × attnDim, weights: B × F × F }. */
export function selfAttention(
  w: SelfAttentionWeights,
  x: tf.Tensor3D,
): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  const [batch, fields, inputDim] = x.shape;
  const attnDim = w.wq.shape[1];
  const flat = tf.reshape(x, [batch * fields, inputDim]) as tf.Tensor2D;
  const project = (m: tf.Tensor2D) =>
    tf.reshape(matMulPlain(flat, m), [batch, fields, attnDim]) as tf.Tensor3D;
  const q = project(w.wq);
  const k = project(w.wk);
  const v = project(w.wv);
  const scores = tf.div(batchMatMulPlain(q, tf.transpose(k, [0, 2, 1])), Math.sqrt(attnDim));
  const weights = tf.softmax(scores) as tf.Tensor3D;
  return { output: batchMatMulPlain(weights, v), weights };
}
