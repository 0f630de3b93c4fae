import { Rng } from '../../engine/numeric/rng';
import type { PersonHistory } from '../../engine/models/model-definition';
import type { EvaluatedModel, Scorer } from '../evaluated-model';
import { flatten, globalMean } from '../histories';
import { solveSpd } from '../../engine/numeric/linalg';

export interface FunkSvdSettings {
  factors: number;
  epochs: number;
  lr: number;
  reg: number;
  initStd: number;
  /** Ridge penalty of the fold-in of a new person's factors and bias. */
  foldInReg: number;
}

export const funkSvdDefaults: FunkSvdSettings = {
  factors: 100,
  epochs: 20,
  lr: 0.005,
  reg: 0.02,
  initStd: 0.1,
  foldInReg: 10,
};

/**
 * Biased matrix factorisation trained by per-rating SGD (FunkSVD as in Surprise's SVD):
 * r̂ = mu + b_u + b_i + p_u·q_i. New people: ridge regression of [p_u, b_u] on the fixed q_i, b_i.
 */
export function funkSvdModel(settings: Partial<FunkSvdSettings> = {}): EvaluatedModel {
  const s = { ...funkSvdDefaults, ...settings };
  return {
    name: 'funk-svd',
    ranks: true,
    predicts: true,
    fit(train, options) {
      const k = s.factors;
      const rng = new Rng(options.seed);
      const flat = flatten(train);
      const mu = globalMean(train);
      const P = rng.fillNormal(new Float32Array(train.nUsers * k), s.initStd);
      const Q = rng.fillNormal(new Float32Array(train.nItems * k), s.initStd);
      const bu = new Float32Array(train.nUsers);
      const bi = new Float32Array(train.nItems);
      const n = flat.user.length;
      for (let e = 0; e < s.epochs; e++) {
        const order = rng.permutation(n);
        for (let t = 0; t < n; t++) {
          const x = order[t];
          const u = flat.user[x];
          const i = flat.item[x];
          const pu = u * k;
          const qi = i * k;
          let dot = 0;
          for (let f = 0; f < k; f++) dot += P[pu + f] * Q[qi + f];
          const err = flat.rating[x] - (mu + bu[u] + bi[i] + dot);
          bu[u] += s.lr * (err - s.reg * bu[u]);
          bi[i] += s.lr * (err - s.reg * bi[i]);
          for (let f = 0; f < k; f++) {
            const p = P[pu + f];
            const q = Q[qi + f];
            P[pu + f] += s.lr * (err * q - s.reg * p);
            Q[qi + f] += s.lr * (err * p - s.reg * q);
          }
        }
      }
      const scorer = (p: ArrayLike<number>, b: number): Scorer => {
        const predict = (i: number) => {
          let dot = 0;
          for (let f = 0; f < k; f++) dot += p[f] * Q[i * k + f];
          return mu + b + bi[i] + dot;
        };
        return {
          scoreAll: (out) => {
            for (let i = 0; i < out.length; i++) out[i] = predict(i);
          },
          predictRatings: (items) => Float32Array.from(items, predict),
        };
      };
      return {
        forUser: (u) => scorer(P.subarray(u * k, u * k + k), bu[u]),
        foldIn: (h: PersonHistory) => {
          const w = foldInFactors(h, Q, bi, mu, k, s.foldInReg);
          return scorer(w.subarray(0, k), w[k]);
        },
      };
    },
  };
}

/** Ridge regression of [p, b] (k factors + a bias) on fixed item factors and biases. */
export function foldInFactors(
  h: PersonHistory,
  Q: Float32Array,
  itemBias: ArrayLike<number>,
  mu: number,
  k: number,
  reg: number,
): Float64Array {
  const d = k + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const x = new Float64Array(d);
  for (let j = 0; j < h.items.length; j++) {
    const i = h.items[j];
    for (let f = 0; f < k; f++) x[f] = Q[i * k + f];
    x[k] = 1;
    const y = h.ratings[j] - mu - itemBias[i];
    for (let r = 0; r < d; r++) {
      b[r] += x[r] * y;
      for (let c = 0; c < d; c++) a[r * d + c] += x[r] * x[c];
    }
  }
  for (let r = 0; r < d; r++) a[r * d + r] += reg;
  return solveSpd(a, d, b);
}
