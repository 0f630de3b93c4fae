import * as tf from '../runtime/tf';
import { matMulPlain } from './tf-ops';
import type { DenseParams } from './params';

/**
 * A text CNN over token embeddings (Kim 2014, as in the title text-CNN paper): for each window
 * size w, F filters slide over the sequence, ReLU, then max-pool over time; the pooled features of
 * all window sizes are concatenated (B × windows·F).
 *
 * The convolution is written as im2col + matmul: the w shifted slices of the token tensor are
 * concatenated on the channel axis and multiplied by a (w·E × F) kernel. That is exactly conv1d
 * (valid padding, stride 1) but its gradient needs only Slice/Concat/MatMul, which every backend
 * has: tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter, so tf.conv1d cannot be trained there,
 * and matMulPlain avoids wasm's slow transposed matmul.
 */
export interface TextCnnSpec {
  prefix: string;
  embedDim: number;
  windows: readonly number[];
  filters: number;
}

export function createTextCnn(
  params: DenseParams,
  prefix: string,
  embedDim: number,
  windows: readonly number[],
  filters: number,
): TextCnnSpec {
  for (const w of windows) {
    params.add(`${prefix}/k${w}`, [w * embedDim, filters]);
    params.add(`${prefix}/b${w}`, [filters], 'zeros');
  }
  return { prefix, embedDim, windows: [...windows], filters };
}

export function textCnnWidth(spec: TextCnnSpec): number {
  return spec.windows.length * spec.filters;
}

/**
 * tokens: B × L × E (padding positions should be zero vectors); L must be at least the largest
 * window. Returns B × windows·F.
 */
export function runTextCnn(
  spec: TextCnnSpec,
  byName: (name: string) => tf.Tensor,
  tokens: tf.Tensor3D,
): tf.Tensor2D {
  const [batch, length, embed] = tokens.shape;
  const pooled: tf.Tensor2D[] = [];
  for (const w of spec.windows) {
    if (w > length) throw new Error(`window ${w} is longer than the sequence (${length})`);
    const steps = length - w + 1;
    const shifted: tf.Tensor3D[] = [];
    for (let o = 0; o < w; o++) shifted.push(tf.slice(tokens, [0, o, 0], [batch, steps, embed]));
    const windows = tf.reshape(w === 1 ? shifted[0] : tf.concat(shifted, 2), [
      batch * steps,
      w * embed,
    ]) as tf.Tensor2D;
    const conv = tf.relu(
      tf.add(
        matMulPlain(windows, byName(`${spec.prefix}/k${w}`) as tf.Tensor2D),
        byName(`${spec.prefix}/b${w}`),
      ),
    );
    pooled.push(tf.max(tf.reshape(conv, [batch, steps, spec.filters]), 1) as tf.Tensor2D);
  }
  return pooled.length === 1 ? pooled[0] : (tf.concat(pooled, 1) as tf.Tensor2D);
}
