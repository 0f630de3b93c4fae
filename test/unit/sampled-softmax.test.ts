import { EmbeddingTable } from '../../main/engine/nn/embedding-table';
import { SampledSoftmax } from '../../main/engine/nn/sampled-softmax';
import { gemmFor, gemmJs } from '../../main/engine/numeric/gemm';
import { Rng } from '../../main/engine/numeric/rng';
import { SimdArena } from '../../main/engine/numeric/simd-kernels';

/** The softmax loss's gradients against finite differences, and the SIMD path against plain. */
const nItems = 12;
const dim = 8;
const rows = 5;
const positives = Int32Array.of(3, 7, 1, 9, 3, 0);
const negatives = Int32Array.of(2, 3, 5, 11, 0, 8, 6);

function setup(rng: Rng) {
  return {
    items: rng.fillNormal(new Float32Array(nItems * dim), 0.5),
    hidden: rng.fillNormal(new Float32Array(rows * dim), 0.5),
  };
}

function lossOf(items: Float32Array, hidden: Float32Array, k = negatives.length) {
  const table = new EmbeddingTable(nItems, dim, items.slice());
  const softmax = new SampledSoftmax(k, rows, dim, gemmJs, (n) => new Float32Array(n));
  const dHidden = new Float32Array(rows * dim);
  const loss = softmax.loss(hidden, rows, table, positives, 1, negatives, 1, dHidden);
  return { loss, dHidden, grad: table.grad.slice() };
}

/** The loss written out: −log softmax of the positive among itself and the other negatives. */
function directLoss(items: Float32Array, hidden: Float32Array): number {
  const dot = (r: number, i: number) => {
    let s = 0;
    for (let c = 0; c < dim; c++) s += hidden[r * dim + c] * items[i * dim + c];
    return s;
  };
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const p = positives[1 + r];
    const logits = [
      dot(r, p),
      ...Array.from(negatives)
        .filter((n) => n !== p)
        .map((n) => dot(r, n)),
    ];
    const sum = logits.reduce((a, z) => a + Math.exp(z), 0);
    total += Math.log(sum) - logits[0];
  }
  return total;
}

describe('sampled softmax loss', () => {
  test('equals the softmax written out, leaving out a negative equal to the positive', () => {
    const { items, hidden } = setup(new Rng(1));
    expect(lossOf(items, hidden).loss).toBeCloseTo(directLoss(items, hidden), 4);
  });

  test('its gradients match finite differences', () => {
    const { items, hidden } = setup(new Rng(2));
    const { dHidden, grad } = lossOf(items, hidden);
    const eps = 1e-3;
    const numeric = (a: Float32Array, k: number) => {
      const up = a.slice();
      const down = a.slice();
      up[k] += eps;
      down[k] -= eps;
      const f = (x: Float32Array) => (a === items ? directLoss(x, hidden) : directLoss(items, x));
      return (f(up) - f(down)) / (2 * eps);
    };
    for (let k = 0; k < hidden.length; k++) expect(dHidden[k]).toBeCloseTo(numeric(hidden, k), 2);
    for (let k = 0; k < items.length; k++) expect(grad[k]).toBeCloseTo(numeric(items, k), 2);
  });

  test('the SIMD kernel gives the plain result', () => {
    const { items, hidden } = setup(new Rng(3));
    const plain = lossOf(items, hidden);
    const arena = SimdArena.create(1 << 20);
    if (!arena) throw new Error('no SIMD here');
    const table = new EmbeddingTable(nItems, dim, items, arena);
    const h = arena.floats(rows * dim);
    h.set(hidden);
    const dHidden = arena.floats(rows * dim);
    const softmax = new SampledSoftmax(negatives.length, rows, dim, gemmFor(arena), (n) =>
      arena.floats(n),
    );
    const loss = softmax.loss(h, rows, table, positives, 1, negatives, 1, dHidden);
    expect(loss).toBeCloseTo(plain.loss, 4);
    for (let k = 0; k < dHidden.length; k++) expect(dHidden[k]).toBeCloseTo(plain.dHidden[k], 4);
    for (let k = 0; k < items.length; k++) expect(table.grad[k]).toBeCloseTo(plain.grad[k], 4);
  });
});
