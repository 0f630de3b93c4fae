import { arenaBytes, type SimdArena } from '../numeric/simd-kernels';

/**
 * Embedding tables that live in Float32Arrays outside TensorFlow.js, with a lazy sparse Adam:
 * a batch reads rows out (gatherRows), its row gradients are scatter-added back
 * (accumulateRows / addToRow), and SparseAdam.step updates moments and weights of the touched
 * rows only. This is how the engine trains embeddings fast without tf.gather's gradient
 * (UnsortedSegmentSum), which is pathologically slow on cpu and missing on wasm.
 */
export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class EmbeddingTable {
  readonly values: Float32Array;
  readonly grad: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly mark: Uint8Array;
  private readonly touched: Int32Array;
  private nTouched = 0;

  /**
   * With an arena, the arrays live in its WebAssembly memory and Adam runs as its SIMD kernel
   * (`init` is then copied in); the plain loop below stays the reference.
   */
  constructor(
    readonly rows: number,
    readonly dim: number,
    init?: Float32Array,
    private readonly arena: SimdArena | null = null,
  ) {
    const size = rows * dim;
    if (init && init.length !== size)
      throw new Error(`table init has ${init.length} values, expected ${size}`);
    if (arena) {
      this.values = arena.floats(size);
      if (init) this.values.set(init);
      this.grad = arena.floats(size);
      this.m = arena.floats(size);
      this.v = arena.floats(size);
      this.touched = arena.ints(rows);
    } else {
      this.values = init ?? new Float32Array(size);
      this.grad = new Float32Array(size);
      this.m = new Float32Array(size);
      this.v = new Float32Array(size);
      this.touched = new Int32Array(rows);
    }
    this.mark = new Uint8Array(rows);
  }

  /** Bytes an arena needs for a table of this shape. */
  static arenaBytes(rows: number, dim: number): number {
    return 4 * arenaBytes(rows * dim) + arenaBytes(rows);
  }

  /** Copies rows `ids` into `out` (ids.length × dim), allocating when not given. */
  gatherRows(ids: ArrayLike<number>, out = new Float32Array(ids.length * this.dim)): Float32Array {
    const d = this.dim;
    for (let r = 0; r < ids.length; r++) {
      const o = ids[r] * d;
      out.set(this.values.subarray(o, o + d), r * d);
    }
    return out;
  }

  /** Marks a row as touched in this step; call before writing into `grad` directly. */
  touch(row: number): void {
    if (this.mark[row] === 0) {
      this.mark[row] = 1;
      this.touched[this.nTouched++] = row;
    }
  }

  /** grad[ids[r]] += grads[r] for every r (grads is ids.length × dim). */
  accumulateRows(ids: ArrayLike<number>, grads: ArrayLike<number>): void {
    const d = this.dim;
    const g = this.grad;
    for (let r = 0; r < ids.length; r++) {
      const row = ids[r];
      this.touch(row);
      const o = row * d;
      const gi = r * d;
      for (let c = 0; c < d; c++) g[o + c] += grads[gi + c];
    }
  }

  forEachTouched(fn: (row: number) => void): void {
    for (let k = 0; k < this.nTouched; k++) fn(this.touched[k]);
  }

  get touchedCount(): number {
    return this.nTouched;
  }

  /** One Adam update of the touched rows (t = the optimizer's step, from 1); clears their grads. */
  applyAdam(cfg: Required<AdamConfig>, t: number): void {
    const { learningRate, beta1, beta2, epsilon } = cfg;
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    const stepSize = (learningRate * Math.sqrt(c2)) / c1;
    // Same as lr * mhat / (sqrt(vhat) + eps) with eps scaled to the uncorrected v.
    const epsHat = epsilon * Math.sqrt(c2);
    const d = this.dim;
    if (this.arena) {
      const n = this.nTouched;
      for (let k = 0; k < n; k++) this.mark[this.touched[k]] = 0;
      this.nTouched = 0;
      this.arena.kernels.adam(
        this.values.byteOffset,
        this.grad.byteOffset,
        this.m.byteOffset,
        this.v.byteOffset,
        this.touched.byteOffset,
        n,
        d,
        beta1,
        beta2,
        stepSize,
        epsHat,
      );
      return;
    }
    const { values: w, grad: g, m, v } = this;
    for (let k = 0; k < this.nTouched; k++) {
      const row = this.touched[k];
      this.mark[row] = 0;
      const end = row * d + d;
      for (let i = row * d; i < end; i++) {
        const gi = g[i];
        g[i] = 0;
        const mi = (m[i] = beta1 * m[i] + (1 - beta1) * gi);
        const vi = (v[i] = beta2 * v[i] + (1 - beta2) * gi * gi);
        w[i] -= (stepSize * mi) / (Math.sqrt(vi) + epsHat);
      }
    }
    this.nTouched = 0;
  }

  /** Drops pending gradients without updating. */
  clearGrad(): void {
    for (let k = 0; k < this.nTouched; k++) {
      const row = this.touched[k];
      this.mark[row] = 0;
      this.grad.fill(0, row * this.dim, row * this.dim + this.dim);
    }
    this.nTouched = 0;
  }
}

/** Lazy Adam over several tables sharing one step counter (as a tfjs optimizer would). */
export class SparseAdam {
  readonly config: Required<AdamConfig>;
  private t = 0;

  constructor(config: AdamConfig) {
    this.config = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...config };
  }

  get iterations(): number {
    return this.t;
  }

  step(tables: readonly EmbeddingTable[]): void {
    this.t++;
    for (const table of tables) table.applyAdam(this.config, this.t);
  }
}
