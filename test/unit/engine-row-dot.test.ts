import { BackendName } from '../../shared/domain';
import { initBackend } from '../../main/engine/runtime/backend';
import { Rng } from '../../main/engine/numeric/rng';
import { RowDot } from '../../main/engine/numeric/row-dot';

test('RowDot gives the same dot products with the SIMD kernel, on the backend and in plain JS', async () => {
  const rng = new Rng(4);
  const rows = 3001;
  const dim = 16;
  const matrix = rng.fillNormal(new Float32Array(rows * dim), 1);
  const vector = rng.fillNormal(new Float32Array(dim), 1);
  const plain = new Float32Array(rows);
  const js = new RowDot(matrix, dim, 'js');
  js.into(vector, plain);
  expect(js.way).toBe('js');
  let expected = 0;
  for (let c = 0; c < dim; c++) expected += matrix[7 * dim + c] * vector[c];
  expect(plain[7]).toBeCloseTo(expected, 4);

  const choice = await initBackend();
  expect(BackendName.options).toContain(choice.backend);
  for (const kernel of ['simd', 'backend', 'auto'] as const) {
    const dot = new RowDot(matrix, dim, kernel);
    const out = new Float32Array(rows);
    dot.into(vector, out);
    dot.into(vector, out); // reuses the matrix copy
    if (kernel !== 'backend') expect(dot.way).toBe('simd');
    dot.dispose();
    for (let i = 0; i < rows; i++) expect(out[i]).toBeCloseTo(plain[i], 3);
  }
});

test('RowDot falls back to the plain loop where the SIMD kernel does not apply (dim not a multiple of 4)', () => {
  const matrix = Float32Array.from({ length: 5 * 3 }, (_, k) => k);
  const dot = new RowDot(matrix, 3, 'simd');
  const out = new Float32Array(5);
  dot.into(Float32Array.of(1, 0, -1), out);
  expect(dot.way).toBe('js');
  expect([...out]).toEqual([-2, -2, -2, -2, -2]);
});
