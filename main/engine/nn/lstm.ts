import * as tf from '../runtime/tf';
import { matMulPlain } from './tf-ops';
import type { DenseParams } from './params';

/**
 * A single-layer LSTM built from tfjs-core ops, differentiable with tf.grads / valueAndGrads.
 *
 * Gate order in the fused kernels: [input, forget, cell, output]. The input projection of all
 * time steps is one matmul (B·T × in), so each step costs one (B × units)·(units × 4·units)
 * matmul. Every matmul goes through `matMulPlain` (no transposed kernels: the wasm trap).
 *
 * Padding: pass `mask` (B × T, 1 = real step, 0 = padding). A padded step carries the previous
 * state through unchanged, so left-padded sequences (real steps at the end) give `last` = the
 * state after the last real step, and right-padded ones keep it after their last real step too.
 *
 *   const lstm = createLstm(params, 'seq', inputDim, 64);      // once, at model build
 *   const { last, sequence } = runLstm(lstmWeights(params, 'seq'), x, { mask, returnSequences: true });
 */
export interface LstmWeights {
  /** inputDim × 4·units */
  inputKernel: tf.Tensor2D;
  /** units × 4·units */
  recurrentKernel: tf.Tensor2D;
  /** 4·units */
  bias: tf.Tensor1D;
}

export interface LstmSpec {
  prefix: string;
  inputDim: number;
  units: number;
}

/** Adds `<prefix>/wx`, `<prefix>/wh`, `<prefix>/b` to `params` (forget-gate bias starts at 1). */
export function createLstm(
  params: DenseParams,
  prefix: string,
  inputDim: number,
  units: number,
): LstmSpec {
  params.add(`${prefix}/wx`, [inputDim, 4 * units]);
  params.add(`${prefix}/wh`, [units, 4 * units]);
  const bias = new Float32Array(4 * units);
  bias.fill(1, units, 2 * units);
  params.add(`${prefix}/b`, [4 * units], bias);
  return { prefix, inputDim, units };
}

/** The LSTM's tensors from `params` (the variables themselves, or any same-shaped tensors). */
export function lstmWeights(params: DenseParams, prefix: string): LstmWeights {
  return {
    inputKernel: params.get(`${prefix}/wx`) as tf.Tensor as tf.Tensor2D,
    recurrentKernel: params.get(`${prefix}/wh`) as tf.Tensor as tf.Tensor2D,
    bias: params.get(`${prefix}/b`) as tf.Tensor as tf.Tensor1D,
  };
}

/** Picks an LSTM's tensors out of a name → tensor map (e.g. inside a loss given `dense` tensors). */
export function lstmWeightsFrom(byName: (name: string) => tf.Tensor, prefix: string): LstmWeights {
  return {
    inputKernel: byName(`${prefix}/wx`) as tf.Tensor2D,
    recurrentKernel: byName(`${prefix}/wh`) as tf.Tensor2D,
    bias: byName(`${prefix}/b`) as tf.Tensor1D,
  };
}

export interface LstmRunOptions {
  /** B × T, 1 for real steps and 0 for padding. Omitted: every step is real. */
  mask?: tf.Tensor2D;
  /** Also return every step's hidden state (B × T × units). */
  returnSequences?: boolean;
}

export interface LstmOutput {
  /** Hidden state after the last (real) step: B × units. */
  last: tf.Tensor2D;
  /** B × T × units when asked for (padded steps repeat the previous state). */
  sequence?: tf.Tensor3D;
}

/** Runs the LSTM over x (B × T × inputDim) from a zero state. Call inside tf.tidy or a grad fn. */
export function runLstm(w: LstmWeights, x: tf.Tensor3D, options: LstmRunOptions = {}): LstmOutput {
  const [batch, steps, inputDim] = x.shape;
  const units = w.recurrentKernel.shape[0];
  const projected = tf.add(
    matMulPlain(tf.reshape(x, [batch * steps, inputDim]), w.inputKernel),
    w.bias,
  );
  const perStep = tf.unstack(tf.reshape(projected, [batch, steps, 4 * units]), 1) as tf.Tensor2D[];
  const masks = options.mask
    ? (tf.unstack(tf.expandDims(options.mask, 2), 1) as tf.Tensor2D[])
    : null;
  let h: tf.Tensor2D = tf.zeros([batch, units]);
  let c: tf.Tensor2D = tf.zeros([batch, units]);
  const outputs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const z = t === 0 ? perStep[t] : tf.add(perStep[t], matMulPlain(h, w.recurrentKernel));
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as tf.Tensor2D[];
    const cNew = tf.add(
      tf.mul(tf.sigmoid(zf), c),
      tf.mul(tf.sigmoid(zi), tf.tanh(zg)),
    ) as tf.Tensor2D;
    const hNew = tf.mul(tf.sigmoid(zo), tf.tanh(cNew)) as tf.Tensor2D;
    if (masks) {
      const m = masks[t];
      // state = prev + m·(new − prev): padded steps (m = 0) keep the previous state.
      c = tf.add(c, tf.mul(m, tf.sub(cNew, c))) as tf.Tensor2D;
      h = tf.add(h, tf.mul(m, tf.sub(hNew, h))) as tf.Tensor2D;
    } else {
      c = cNew;
      h = hNew;
    }
    if (options.returnSequences) outputs.push(h);
  }
  return {
    last: h,
    sequence: options.returnSequences ? (tf.stack(outputs, 1) as tf.Tensor3D) : undefined,
  };
}
