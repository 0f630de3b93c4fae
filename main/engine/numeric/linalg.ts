/** Small dense linear algebra on Float64Arrays (row-major), for fold-ins and explanations. */

/** In-place Cholesky factorisation of a symmetric positive-definite n×n matrix (lower triangle). */
export function cholesky(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (d <= 0) throw new Error('matrix is not positive definite');
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return a;
}

/** Solves L Lᵀ x = b for x, given the factor from `cholesky`; b is overwritten with x. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

export function dot(
  a: ArrayLike<number>,
  ao: number,
  b: ArrayLike<number>,
  bo: number,
  n: number,
): number {
  let s = 0;
  for (let c = 0; c < n; c++) s += a[ao + c] * b[bo + c];
  return s;
}

/** Scales each row of an n×d matrix to unit length (zero rows stay zero). */
export function normaliseRows(m: Float32Array, d: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let o = 0; o < m.length; o += d) {
    let s = 0;
    for (let c = 0; c < d; c++) s += m[o + c] * m[o + c];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let c = 0; c < d; c++) out[o + c] = m[o + c] * inv;
  }
  return out;
}

/** Solves the SPD system A x = b without touching A or b. */
export function solveSpd(a: Float64Array, n: number, b: Float64Array): Float64Array {
  return choleskySolve(cholesky(Float64Array.from(a), n), n, Float64Array.from(b));
}

/** Inverse of an SPD n×n matrix via Cholesky (L⁻¹, then L⁻ᵀL⁻¹); returns a new full matrix. */
export function inverseSpd(a: Float64Array, n: number): Float64Array {
  const l = cholesky(Float64Array.from(a), n);
  const w = new Float64Array(n * n); // W = L⁻¹, lower triangular
  for (let j = 0; j < n; j++) {
    w[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      const ri = i * n;
      for (let k = j; k < i; k++) s -= l[ri + k] * w[k * n + j];
      w[ri + j] = s / l[ri + i];
    }
  }
  // A⁻¹ = Wᵀ W: (i, j) = Σ_k W[k, i] W[k, j]; accumulate the lower triangle row by row of W.
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const wki = w[rk + i];
      if (wki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j] += wki * w[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j];
  return inv;
}
