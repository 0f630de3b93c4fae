import { cholesky, choleskySolve } from './linalg';
import type { PersonHistory } from '../models/model-definition';

/**
 * The fold-in of any model whose rating is linear in the person's parameters,
 * r̂ = μ + b + b_i + p·q_i: ridge regression of the residuals r_j − μ − b_j on [q_j; 1]
 * (λ on p, λ_b on b). Being linear in the ratings, it also says exactly how much each rated movie
 * contributed to a predicted score, which is what "because you rated …" shows.
 */
export interface RidgeItems {
  dim: number;
  /** nItems × dim */
  vectors: Float32Array;
  itemBias: Float32Array;
  globalMean: number;
}

export interface RidgeSystem {
  /** Cholesky factor of XᵀX + Λ ((dim+1)²). */
  chol: Float64Array;
  /** Per history entry, the residual r_j − μ − b_j. */
  targets: Float64Array;
}

export function ridgeSystem(
  items: RidgeItems,
  history: PersonHistory,
  lambda: number,
  biasLambda: number,
): RidgeSystem {
  const d = items.dim;
  const D = d + 1;
  const a = new Float64Array(D * D);
  for (let c = 0; c < d; c++) a[c * D + c] = lambda;
  a[d * D + d] = biasLambda;
  const n = history.items.length;
  const targets = new Float64Array(n);
  const x = new Float64Array(D);
  for (let j = 0; j < n; j++) {
    const i = history.items[j];
    targets[j] = history.ratings[j] - items.globalMean - items.itemBias[i];
    for (let c = 0; c < d; c++) x[c] = items.vectors[i * d + c];
    x[d] = 1;
    for (let r = 0; r < D; r++) for (let c = 0; c <= r; c++) a[r * D + c] += x[r] * x[c];
  }
  for (let r = 0; r < D; r++) for (let c = r + 1; c < D; c++) a[r * D + c] = a[c * D + r];
  return { chol: cholesky(a, D), targets };
}

/** The person's vector and bias. */
export function ridgeSolve(
  items: RidgeItems,
  history: PersonHistory,
  system: RidgeSystem,
): { vector: Float32Array; bias: number } {
  const d = items.dim;
  const rhs = new Float64Array(d + 1);
  for (let j = 0; j < history.items.length; j++) {
    const o = history.items[j] * d;
    const t = system.targets[j];
    for (let c = 0; c < d; c++) rhs[c] += items.vectors[o + c] * t;
    rhs[d] += t;
  }
  choleskySolve(system.chol, d + 1, rhs);
  return { vector: Float32Array.from(rhs.subarray(0, d)), bias: rhs[d] };
}

/** Each rated movie's exact share of p·q_item + b: ([q_item;1]ᵀ A⁻¹ [q_j;1]) · target_j. */
export function ridgeExplain(
  items: RidgeItems,
  history: PersonHistory,
  system: RidgeSystem,
  item: number,
): Float32Array {
  const d = items.dim;
  const z = new Float64Array(d + 1);
  for (let c = 0; c < d; c++) z[c] = items.vectors[item * d + c];
  z[d] = 1;
  choleskySolve(system.chol, d + 1, z);
  const out = new Float32Array(history.items.length);
  for (let j = 0; j < out.length; j++) {
    const o = history.items[j] * d;
    let s = z[d];
    for (let c = 0; c < d; c++) s += z[c] * items.vectors[o + c];
    out[j] = s * system.targets[j];
  }
  return out;
}

/** A model's ridge fold-in: solves and explains, reusing each history's system (cached per object). */
export class RidgeFoldIn {
  private readonly systems = new WeakMap<PersonHistory, RidgeSystem>();

  constructor(
    private readonly items: RidgeItems,
    private readonly lambda: number,
    private readonly biasLambda: number,
  ) {}

  private system(history: PersonHistory): RidgeSystem {
    let sys = this.systems.get(history);
    if (!sys) {
      sys = ridgeSystem(this.items, history, this.lambda, this.biasLambda);
      this.systems.set(history, sys);
    }
    return sys;
  }

  solve(history: PersonHistory): { vector: Float32Array; bias: number } {
    return ridgeSolve(this.items, history, this.system(history));
  }

  explain(history: PersonHistory, item: number): Float32Array {
    return ridgeExplain(this.items, history, this.system(history), item);
  }
}
