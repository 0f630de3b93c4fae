import {
  easeDualScore,
  easeDualSharedPull,
  fitEaseDual,
  type EaseDualWeights,
} from '../../engine/numeric/ease-dual';
import type { PersonHistory } from '../../engine/models/model-definition';
import { topKWithTies } from '../../engine/validation/list-split';
import type { EvaluatedModel, FittedModel, Scorer } from '../evaluated-model';
import { itemCounts, type TrainSet } from '../histories';
import { pickBest, validationNdcg, protocolShapedValidation } from '../tuning';

export const easeLambdas = [50, 100, 200, 500, 1000];

/**
 * EASE with binary input, solved exactly in dual form (see main/engine/numeric/ease-dual.ts). λ is fixed
 * when given, else tuned per protocol on a validation split of the training data (protocol C's
 * shape for C and for the list protocols D, E, F and F5, which use C's split).
 */
export function easeModel(lambda?: number): EvaluatedModel {
  return {
    name: 'ease',
    ranks: true,
    predicts: false,
    fit(train, options) {
      let chosen = lambda;
      if (chosen === undefined) {
        const kind =
          options.protocol === 'A' || options.protocol === 'B' ? 'next-item' : 'later-half';
        const split = protocolShapedValidation(train, kind);
        chosen = pickBest(easeLambdas, (l) => {
          const e = fitEaseDual(
            train.nItems,
            split.fitOn.histories.map((h) => h.items),
            l,
          );
          return validationNdcg(split, train.nItems, (h, out) =>
            easeDualScore(e, h.items, null, out),
          );
        }).best;
      }
      const ease = fitEaseDual(
        train.nItems,
        train.histories.map((h) => h.items),
        chosen,
      );
      const scorer = (h: PersonHistory): Scorer => ({
        scoreAll: (out) => easeDualScore(ease, h.items, null, out),
      });
      return {
        forUser: (u) => scorer(train.histories[u]),
        foldIn: (h) => scorer(h),
        ...easeLists(ease, train),
        notes: { lambda: chosen },
      };
    },
  };
}

/** B[s, j] for every item j into `out`: (Σ_{r∈rows(s)} Σ_{c∈rows(j)} K[r,c]) / denom_j. */
export function easeRow(e: EaseDualWeights, s: number, out: Float32Array): void {
  easeDualSharedPull(e, s, out);
  for (let j = 0; j < out.length; j++) out[j] /= e.denom[j];
  out[s] = 0;
}

/**
 * Protocols D and E from EASE's weights: a seed's similar movies are its row B[s, ·] (ties:
 * training popularity, then movieId; training movies only); people like you are the training users
 * whose predicted-score vectors x_v·B have the highest cosine with the person's x_u·B.
 */
export function easeLists(
  ease: EaseDualWeights,
  train: TrainSet,
): Pick<FittedModel, 'similar' | 'likeMinded'> {
  const counts = itemCounts(train);
  const row = new Float32Array(train.nItems);
  let vectors: { users: number[]; scores: Float32Array; norms: Float64Array } | null = null;
  const scoreVectors = () => {
    if (vectors) return vectors;
    const users = train.histories.flatMap((h, u) => (h.items.length > 0 ? [u] : []));
    const n = train.nItems;
    const scores = new Float32Array(users.length * n);
    const norms = new Float64Array(users.length);
    users.forEach((u, r) => {
      const out = scores.subarray(r * n, r * n + n);
      easeDualScore(ease, train.histories[u].items, null, out);
      let s = 0;
      for (let j = 0; j < n; j++) s += out[j] * out[j];
      norms[r] = Math.sqrt(s);
    });
    vectors = { users, scores, norms };
    return vectors;
  };
  const mine = new Float32Array(train.nItems);
  return {
    similar: (seed, exclude, k) => {
      easeRow(ease, seed, row);
      return topKWithTies(
        row,
        k,
        counts,
        train.movieIds,
        (j) => j !== seed && exclude[j] === 0 && counts[j] > 0,
      );
    },
    likeMinded: (visible, k) => {
      const { users, scores, norms } = scoreVectors();
      const n = train.nItems;
      easeDualScore(ease, visible.items, null, mine);
      let own = 0;
      for (let j = 0; j < n; j++) own += mine[j] * mine[j];
      own = Math.sqrt(own);
      const cosine = users.map((_, r) => {
        let dot = 0;
        const base = r * n;
        for (let j = 0; j < n; j++) dot += mine[j] * scores[base + j];
        return own > 0 && norms[r] > 0 ? dot / (own * norms[r]) : 0;
      });
      const order = users.map((_, r) => r).sort((a, b) => cosine[b] - cosine[a] || a - b);
      return Int32Array.from(order.slice(0, k), (r) => users[r]);
    },
  };
}
