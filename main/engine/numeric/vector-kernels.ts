import type { SimdArena } from './simd-kernels';

/**
 * Row-wise kernels of the typed-array networks, next to the matrix product (gemm.ts): layer
 * normalisation forward and backward over rows of d values, the causal softmax of attention and
 * its backward, and inverted-dropout masks. The
 * TypeScript versions here are the reference and the fallback; `vectorKernelsFor(arena)` runs the
 * SIMD kernels of simd-kernels.wat on arrays in that arena where d (or n) is a multiple of 4.
 *
 * Masks come from four xorshift32 streams (element k from stream k mod 4) whose state the caller
 * keeps in an Int32Array of 4 (in the arena for the kernel) and seeds from its Rng, so both
 * versions draw exactly the same masks.
 */
export interface VectorKernels {
  /** y = γ ∘ x̂ + β with x̂ = (x − mean) / sqrt(var + eps) per row; keeps x̂ and 1/sqrt(var + eps). */
  layerNorm(
    x: Float32Array,
    y: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    rows: number,
    d: number,
    eps: number,
  ): void;
  /** dγ += Σ dy ∘ x̂, dβ += Σ dy; dx (= or +=) rstd ∘ (g − mean(g) − x̂ ∘ mean(g ∘ x̂)), g = γ ∘ dy. */
  layerNormBack(
    dy: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    gamma: Float32Array,
    dGamma: Float32Array,
    dBeta: Float32Array,
    dx: Float32Array,
    rows: number,
    d: number,
    accumulate: boolean,
  ): void;
  /** mask[0..n) = 0 with probability `rate`, else 1 / (1 − rate); advances `state`. */
  dropoutMask(mask: Float32Array, n: number, state: Int32Array, rate: number): void;
  /**
   * Row i of the rows × cols map p (at pOff, row stride ld; cols a multiple of 4, ≥ rows) becomes
   * softmax(scale · p[i, 0..i]) and 0 for i < j < cols; with a mask, dropped = p ∘ mask (same
   * offset and stride).
   */
  causalSoftmax(
    p: Float32Array,
    pOff: number,
    mask: Float32Array | null,
    dropped: Float32Array | null,
    rows: number,
    cols: number,
    ld: number,
    scale: number,
  ): void;
  /**
   * The softmax's backward in place: g (rows × cols at 0, stride ld) holds the gradient of the
   * (dropped) weights; it becomes the gradient of the scores before scaling (times scale).
   */
  causalSoftmaxBack(
    g: Float32Array,
    p: Float32Array,
    pOff: number,
    mask: Float32Array | null,
    rows: number,
    cols: number,
    ld: number,
    scale: number,
  ): void;
}

const threshold = (rate: number) => Math.min(4294967295, Math.round(rate * 4294967296));

export const vectorKernelsJs: VectorKernels = {
  layerNorm(x, y, xhat, rstd, gamma, beta, rows, d, eps) {
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let mean = 0;
      for (let c = 0; c < d; c++) mean += x[o + c];
      mean /= d;
      let v = 0;
      for (let c = 0; c < d; c++) {
        const t = x[o + c] - mean;
        v += t * t;
      }
      const s = 1 / Math.sqrt(v / d + eps);
      rstd[r] = s;
      for (let c = 0; c < d; c++) {
        const h = (x[o + c] - mean) * s;
        xhat[o + c] = h;
        y[o + c] = gamma[c] * h + beta[c];
      }
    }
  },

  layerNormBack(dy, xhat, rstd, gamma, dGamma, dBeta, dx, rows, d, accumulate) {
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let sumG = 0;
      let sumGx = 0;
      for (let c = 0; c < d; c++) {
        const g = dy[o + c];
        const h = xhat[o + c];
        dGamma[c] += g * h;
        dBeta[c] += g;
        const gg = g * gamma[c];
        sumG += gg;
        sumGx += gg * h;
      }
      const mg = sumG / d;
      const mgx = sumGx / d;
      const s = rstd[r];
      for (let c = 0; c < d; c++) {
        const v = s * (dy[o + c] * gamma[c] - mg - xhat[o + c] * mgx);
        dx[o + c] = accumulate ? dx[o + c] + v : v;
      }
    }
  },

  dropoutMask(mask, n, state, rate) {
    const th = threshold(rate);
    const keep = 1 / (1 - rate);
    for (let k = 0; k < n; k += 4) {
      for (let lane = 0; lane < 4; lane++) {
        let x = state[lane];
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        state[lane] = x;
        if (k + lane < n) mask[k + lane] = x >>> 0 < th ? 0 : keep;
      }
    }
  },

  causalSoftmax(p, pOff, mask, dropped, rows, cols, ld, scale) {
    for (let i = 0; i < rows; i++) {
      const o = pOff + i * ld;
      let max = -Infinity;
      for (let j = 0; j <= i; j++) if (p[o + j] > max) max = p[o + j];
      let sum = 0;
      for (let j = 0; j <= i; j++) {
        const e = Math.exp((p[o + j] - max) * scale);
        p[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j <= i; j++) p[o + j] *= inv;
      p.fill(0, o + i + 1, o + cols);
      if (mask && dropped) {
        for (let j = 0; j <= i; j++) dropped[o + j] = p[o + j] * mask[o + j];
        dropped.fill(0, o + i + 1, o + cols);
      }
    }
  },

  causalSoftmaxBack(g, p, pOff, mask, rows, cols, ld, scale) {
    for (let i = 0; i < rows; i++) {
      const o = i * ld;
      const po = pOff + o;
      if (mask) for (let j = 0; j <= i; j++) g[o + j] *= mask[po + j];
      let dot = 0;
      for (let j = 0; j <= i; j++) dot += g[o + j] * p[po + j];
      for (let j = 0; j <= i; j++) g[o + j] = p[po + j] * (g[o + j] - dot) * scale;
      g.fill(0, o + i + 1, o + cols);
    }
  },
};

export function vectorKernelsFor(arena: SimdArena | null): VectorKernels {
  if (!arena) return vectorKernelsJs;
  const k = arena.kernels;
  const memory = arena.memory;
  const at = (a: Float32Array | Int32Array) => {
    if (a.buffer !== memory.buffer)
      throw new Error('vector kernel: an array is not in the SIMD arena');
    return a.byteOffset;
  };
  return {
    layerNorm(x, y, xhat, rstd, gamma, beta, rows, d, eps) {
      if (d % 4 !== 0)
        return vectorKernelsJs.layerNorm(x, y, xhat, rstd, gamma, beta, rows, d, eps);
      k.layerNorm(at(x), at(y), at(xhat), at(rstd), at(gamma), at(beta), rows, d, eps);
    },
    layerNormBack(dy, xhat, rstd, gamma, dGamma, dBeta, dx, rows, d, accumulate) {
      if (d % 4 !== 0)
        return vectorKernelsJs.layerNormBack(
          dy,
          xhat,
          rstd,
          gamma,
          dGamma,
          dBeta,
          dx,
          rows,
          d,
          accumulate,
        );
      k.layerNormBack(
        at(dy),
        at(xhat),
        at(rstd),
        at(gamma),
        at(dGamma),
        at(dBeta),
        at(dx),
        rows,
        d,
        accumulate ? 1 : 0,
      );
    },
    dropoutMask(mask, n, state, rate) {
      if (n % 4 !== 0) return vectorKernelsJs.dropoutMask(mask, n, state, rate);
      k.dropoutMask(at(mask), n, at(state), threshold(rate) | 0, 1 / (1 - rate));
    },
    causalSoftmax(p, pOff, mask, dropped, rows, cols, ld, scale) {
      if (cols % 4 !== 0 || ld % 4 !== 0)
        return vectorKernelsJs.causalSoftmax(p, pOff, mask, dropped, rows, cols, ld, scale);
      const drop = mask && dropped;
      k.causalSoftmax(
        at(p) + 4 * pOff,
        drop ? at(mask) + 4 * pOff : 0,
        drop ? at(dropped) + 4 * pOff : 0,
        drop ? 1 : 0,
        rows,
        cols,
        ld,
        scale,
      );
    },
    causalSoftmaxBack(g, p, pOff, mask, rows, cols, ld, scale) {
      if (cols % 4 !== 0 || ld % 4 !== 0)
        return vectorKernelsJs.causalSoftmaxBack(g, p, pOff, mask, rows, cols, ld, scale);
      k.causalSoftmaxBack(
        at(g),
        at(p) + 4 * pOff,
        mask ? at(mask) + 4 * pOff : 0,
        mask ? 1 : 0,
        rows,
        cols,
        ld,
        scale,
      );
    },
  };
}
