import * as tf from '../runtime/tf';
import { dense } from './tf-ops';
import type { DenseParams } from './params';

/**
 * A multi-layer perceptron on DenseParams: `<prefix>/w<k>`, `<prefix>/b<k>` per layer, hidden
 * layers with one activation, the last layer with its own (linear by default). Every matmul goes
 * through the engine's `dense` (matMulPlain: no transposed kernels, the wasm trap).
 *
 *   const spec = createMlp(params, 'mlp', [16, 64, 32, 16, 1]);
 *   const logits = runMlp(spec, byName, x); // inside a loss given the `dense` tensors
 */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

export interface MlpSpec {
  prefix: string;
  sizes: readonly number[];
  hidden: Activation;
  output: Activation;
}

export function createMlp(
  params: DenseParams,
  prefix: string,
  sizes: readonly number[],
  hidden: Activation = 'relu',
  output: Activation = 'linear',
): MlpSpec {
  if (sizes.length < 2) throw new Error('an MLP needs an input and an output size');
  for (let k = 0; k + 1 < sizes.length; k++) {
    params.add(`${prefix}/w${k}`, [sizes[k], sizes[k + 1]]);
    params.add(`${prefix}/b${k}`, [sizes[k + 1]], 'zeros');
  }
  return { prefix, sizes: [...sizes], hidden, output };
}

/** x (B × sizes[0]) → B × sizes[last]. `byName` returns the tensor to use for a parameter. */
export function runMlp(
  spec: MlpSpec,
  byName: (name: string) => tf.Tensor,
  x: tf.Tensor2D,
): tf.Tensor2D {
  let y = x;
  const last = spec.sizes.length - 2;
  for (let k = 0; k <= last; k++) {
    const act = k === last ? spec.output : spec.hidden;
    y = dense(
      y,
      byName(`${spec.prefix}/w${k}`) as tf.Tensor2D,
      byName(`${spec.prefix}/b${k}`) as tf.Tensor1D,
      act === 'linear' ? undefined : act,
    );
  }
  return y;
}

/** A name → tensor lookup over `dense` tensors given in `params.list()` order (a loss's view). */
export function tensorsByName(
  params: DenseParams,
  tensors: readonly tf.Tensor[],
): (name: string) => tf.Tensor {
  const index = new Map(params.names().map((n, k) => [n, k]));
  return (name) => {
    const k = index.get(name);
    if (k === undefined) throw new Error(`no parameter ${name}`);
    return tensors[k];
  };
}

/** The variables themselves by name (inference outside a loss). */
export function variablesByName(params: DenseParams): (name: string) => tf.Tensor {
  return (name) => params.get(name);
}

/** Parses a size list setting such as "64,32,16". */
export function parseSizes(text: string): number[] {
  const sizes = text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  if (sizes.some((n) => !Number.isInteger(n))) throw new Error(`bad layer sizes "${text}"`);
  return sizes;
}
