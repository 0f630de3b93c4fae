import * as tf from '../runtime/tf';
import { matMulPlain } from './tf-ops';
import { batchMatMulPlain } from './batch-matmul';
import type { DenseParams } from './params';

/**
 * Additive (Bahdanau) attention of queries over a sequence of states:
 *   e_qk = vᵀ tanh(W_h h_k + W_s s_q + b),  α_q = softmax_k(e_q · | mask),  c_q = Σ_k α_qk h_k.
 * With s = a candidate movie's embedding and h = an LSTM's states over a person's ratings, α says
 * which rated movies the prediction for that candidate leaned on ("because you rated …").
 */
export interface AdditiveAttentionWeights {
  /** stateDim × attnDim */
  wh: tf.Tensor2D;
  /** queryDim × attnDim */
  ws: tf.Tensor2D;
  /** attnDim */
  b: tf.Tensor1D;
  /** attnDim × 1 */
  v: tf.Tensor2D;
}

export function createAdditiveAttention(
  params: DenseParams,
  prefix: string,
  stateDim: number,
  queryDim: number,
  attnDim: number,
): void {
  params.add(`${prefix}/wh`, [stateDim, attnDim]);
  params.add(`${prefix}/ws`, [queryDim, attnDim]);
  params.add(`${prefix}/b`, [attnDim], 'zeros');
  params.add(`${prefix}/v`, [attnDim, 1]);
}

export function additiveAttentionWeightsFrom(
  byName: (name: string) => tf.Tensor,
  prefix: string,
): AdditiveAttentionWeights {
  return {
    wh: byName(`${prefix}/wh`) as tf.Tensor2D,
    ws: byName(`${prefix}/ws`) as tf.Tensor2D,
    b: byName(`${prefix}/b`) as tf.Tensor1D,
    v: byName(`${prefix}/v`) as tf.Tensor2D,
  };
}

export interface AttentionOutput {
  /** B × Q × stateDim */
  context: tf.Tensor3D;
  /** B × Q × K, each row sums to 1 over its unmasked keys */
  weights: tf.Tensor3D;
}

/**
 * states: B × K × stateDim; queries: B × Q × queryDim; mask: B × Q × K (1 = may attend; every
 * query row needs at least one 1, or its weights are uniform over all keys).
 */
export function additiveAttention(
  w: AdditiveAttentionWeights,
  states: tf.Tensor3D,
  queries: tf.Tensor3D,
  mask?: tf.Tensor3D,
): AttentionOutput {
  const [batch, keys, stateDim] = states.shape;
  const [, nq, queryDim] = queries.shape;
  const attnDim = w.b.shape[0];
  const hp = tf.reshape(matMulPlain(tf.reshape(states, [batch * keys, stateDim]), w.wh), [
    batch,
    1,
    keys,
    attnDim,
  ]);
  const sp = tf.reshape(
    tf.add(matMulPlain(tf.reshape(queries, [batch * nq, queryDim]), w.ws), w.b),
    [batch, nq, 1, attnDim],
  );
  const e = tf.tanh(tf.add(hp, sp));
  let scores = tf.reshape(matMulPlain(tf.reshape(e, [batch * nq * keys, attnDim]), w.v), [
    batch,
    nq,
    keys,
  ]);
  if (mask) scores = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9));
  const weights = tf.softmax(scores) as tf.Tensor3D;
  return { context: batchMatMulPlain(weights, states), weights };
}
