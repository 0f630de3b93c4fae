import { initBackend } from '../../main/engine/backend';
import { Rng } from '../../main/engine/rng';
import { RowDot } from '../../main/engine/row-dot';

test('RowDot gives the same dot products on the backend as in plain JS', async () => {
  const rng = new Rng(4);
  const rows = 3000;
  const dim = 16;
  const matrix = rng.fillNormal(new Float32Array(rows * dim), 1);
  const vector = rng.fillNormal(new Float32Array(dim), 1);
  const plain = new Float32Array(rows);
  new RowDot(matrix, dim).into(vector, plain); // no backend chosen yet: the JS loop
  const choice = await initBackend();
  const dot = new RowDot(matrix, dim);
  const viaBackend = new Float32Array(rows);
  dot.into(vector, viaBackend);
  dot.into(vector, viaBackend); // reuses the matrix on the backend
  dot.dispose();
  expect(choice.backend).toBeTruthy();
  for (let i = 0; i < rows; i++) expect(viaBackend[i]).toBeCloseTo(plain[i], 3);
  let expected = 0;
  for (let c = 0; c < dim; c++) expected += matrix[7 * dim + c] * vector[c];
  expect(plain[7]).toBeCloseTo(expected, 4);
});
