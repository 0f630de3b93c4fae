import type { Rng } from '../numeric/rng';
import { sampleUnrated } from './negative-sampler';
import { sigmoid, softplus } from './sampled-bce';

/**
 * A personal adapter on a frozen sequence encoder's hidden states: h' = h ∘ (1 + γ) + δ, the
 * item scores staying h'·e_j. `fitHiddenAdapter` trains γ and δ alone with Adam on one person's
 * own next-item task (each position's hidden state against the item that came next, plus sampled
 * items they never rated), with an L2 pull towards no change; the encoder and items are untouched.
 */
export interface HiddenAdapter {
  gamma: Float32Array;
  delta: Float32Array;
}

export function applyAdapter(
  h: Float32Array,
  hOff: number,
  adapter: HiddenAdapter | null,
  out: Float32Array,
  dim: number,
): Float32Array {
  for (let c = 0; c < dim; c++)
    out[c] = adapter ? h[hOff + c] * (1 + adapter.gamma[c]) + adapter.delta[c] : h[hOff + c];
  return out;
}

/** One person's next-item task for the adapter. */
export interface AdapterTask {
  /** rows × dim hidden states; row r is scored against targets[r]. */
  hidden: Float32Array;
  rows: number;
  targets: Int32Array;
  /** nItems × dim item embeddings (frozen). */
  items: Float32Array;
  dim: number;
  l2: number;
}

/**
 * The mean over rows of softplus(−h'·e_target) + the mean over the row's negatives of
 * softplus(h'·e_negative), plus l2·(|γ|² + |δ|²), for w = γ | δ; its gradient goes into `grad`
 * (2·dim values). `negatives` holds `perRow` items per row.
 */
export function adapterLoss(
  t: AdapterTask,
  w: Float32Array,
  negatives: Int32Array,
  perRow: number,
  grad: Float64Array,
): number {
  const d = t.dim;
  const e = t.items;
  const hp = new Float64Array(d);
  const dh = new Float64Array(d);
  const rowWeight = 1 / Math.max(1, t.rows);
  grad.fill(0);
  let loss = 0;
  const add = (item: number, sign: 1 | -1, weight: number) => {
    const eo = item * d;
    let z = 0;
    for (let c = 0; c < d; c++) z += hp[c] * e[eo + c];
    loss += weight * softplus(sign * z);
    const coef = sign * weight * sigmoid(sign * z);
    for (let c = 0; c < d; c++) dh[c] += coef * e[eo + c];
  };
  for (let r = 0; r < t.rows; r++) {
    const ho = r * d;
    for (let c = 0; c < d; c++) hp[c] = t.hidden[ho + c] * (1 + w[c]) + w[d + c];
    dh.fill(0);
    add(t.targets[r], -1, rowWeight);
    for (let k = 0; k < perRow; k++) add(negatives[r * perRow + k], 1, rowWeight / perRow);
    for (let c = 0; c < d; c++) {
      grad[c] += dh[c] * t.hidden[ho + c];
      grad[d + c] += dh[c];
    }
  }
  for (let k = 0; k < 2 * d; k++) {
    loss += t.l2 * w[k] * w[k];
    grad[k] += 2 * t.l2 * w[k];
  }
  return loss;
}

export interface AdapterFit extends AdapterTask {
  nItems: number;
  /** Items never drawn as negatives (the person's rated ones). */
  rated: Set<number>;
  steps: number;
  learningRate: number;
  negatives: number;
  rng: Rng;
  start: HiddenAdapter | null;
  /**
   * Awaited after every step (progress, yielding, cancelling by throwing): a fine-tune takes a few
   * dozen steps, and its loss chart draws one point per call. The loss passed is the mean of the
   * last five steps': each step draws new negatives, so one step's loss jumps about.
   */
  checkpoint?: (step: number, totalSteps: number, loss: number) => Promise<void>;
}

/** Adam on the adapter, fresh negatives every step; returns it with the last step's loss. */
export async function fitHiddenAdapter(
  o: AdapterFit,
): Promise<{ adapter: HiddenAdapter; loss: number }> {
  const d = o.dim;
  const w = new Float32Array(2 * d);
  if (o.start) {
    w.set(o.start.gamma);
    w.set(o.start.delta, d);
  }
  const m = new Float64Array(2 * d);
  const v = new Float64Array(2 * d);
  const g = new Float64Array(2 * d);
  const negatives = new Int32Array(o.rows * o.negatives);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let loss = 0;
  const recent = new Float64Array(5);
  for (let step = 1; step <= o.steps; step++) {
    for (let k = 0; k < negatives.length; k++)
      negatives[k] = sampleUnrated(o.rated, o.nItems, o.rng);
    loss = adapterLoss(o, w, negatives, o.negatives, g);
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let k = 0; k < 2 * d; k++) {
      m[k] = beta1 * m[k] + (1 - beta1) * g[k];
      v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
      w[k] -= (o.learningRate * m[k]) / c1 / (Math.sqrt(v[k] / c2) + 1e-8);
    }
    recent[step % recent.length] = loss;
    const window = Math.min(step, recent.length);
    await o.checkpoint?.(step, o.steps, recent.reduce((a, b) => a + b, 0) / window);
  }
  return { adapter: { gamma: w.slice(0, d), delta: w.slice(d) }, loss };
}
