import {
  adapterLoss,
  applyAdapter,
  fitHiddenAdapter,
  type AdapterTask,
} from '../../main/engine/nn/hidden-adapter';
import { Rng } from '../../main/engine/numeric/rng';

/** The personal adapter of sequence models: its gradient, and what fitting it does. */
const d = 6;
const nItems = 9;
const rng = new Rng(3);
const task: AdapterTask = {
  hidden: rng.fillNormal(new Float32Array(5 * d), 1),
  rows: 5,
  targets: Int32Array.of(1, 4, 2, 7, 1),
  items: rng.fillNormal(new Float32Array(nItems * d), 1),
  dim: d,
  l2: 0.05,
};
const negatives = Int32Array.of(0, 3, 5, 6, 8, 0, 3, 5, 6, 8);

test('the adapter loss has the gradient of its finite differences', () => {
  const w = rng.fillNormal(new Float32Array(2 * d), 0.3);
  const grad = new Float64Array(2 * d);
  adapterLoss(task, w, negatives, 2, grad);
  const scratch = new Float64Array(2 * d);
  for (let k = 0; k < 2 * d; k++) {
    const v = w[k];
    w[k] = v + 1e-3;
    const up = adapterLoss(task, w, negatives, 2, scratch);
    w[k] = v - 1e-3;
    const down = adapterLoss(task, w, negatives, 2, scratch);
    w[k] = v;
    expect(grad[k]).toBeCloseTo((up - down) / 2e-3, 3);
  }
});

test('fitting from a zero adapter lowers the person’s loss', async () => {
  const steps: number[] = [];
  const { adapter } = await fitHiddenAdapter({
    ...task,
    l2: 0.001,
    nItems,
    rated: new Set(task.targets),
    steps: 40,
    learningRate: 0.05,
    negatives: 2,
    rng: new Rng(1),
    start: null,
    checkpoint: async (step) => void steps.push(step),
  });
  expect(steps).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
  const zero = new Float32Array(2 * d);
  const w = Float32Array.from([...adapter.gamma, ...adapter.delta]);
  const grad = new Float64Array(2 * d);
  expect(adapterLoss(task, w, negatives, 2, grad)).toBeLessThan(
    adapterLoss(task, zero, negatives, 2, grad),
  );
  // the adapted hidden state is h ∘ (1 + γ) + δ
  const out = applyAdapter(task.hidden, d, adapter, new Float32Array(d), d);
  expect(out[2]).toBeCloseTo(task.hidden[d + 2] * (1 + adapter.gamma[2]) + adapter.delta[2], 6);
  expect(Array.from(applyAdapter(task.hidden, d, null, new Float32Array(d), d))).toEqual(
    Array.from(task.hidden.subarray(d, 2 * d)),
  );
});

test('reports the mean loss of the last five steps, from the first step on', async () => {
  // negatives drawn from one movie (0) only, and a zero learning rate keeps the adapter: each
  // step's loss is the same, so each report must be that loss whatever the window holds
  const reported: number[] = [];
  const { loss } = await fitHiddenAdapter({
    ...task,
    nItems: 1,
    rated: new Set<number>(),
    steps: 8,
    learningRate: 0,
    negatives: 2,
    rng: new Rng(1),
    start: null,
    checkpoint: async (_step, _total, l) => void reported.push(l),
  });
  expect(reported).toHaveLength(8);
  for (const l of reported) expect(l).toBeCloseTo(loss, 9);
  const one = adapterLoss(
    task,
    new Float32Array(2 * d),
    new Int32Array(10),
    2,
    new Float64Array(2 * d),
  );
  expect(loss).toBeCloseTo(one, 9);
});
