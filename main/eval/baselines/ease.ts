import { easeDualScore, fitEaseDual } from '../../engine/ease-dual';
import type { PersonHistory } from '../../engine/model-definition';
import type { EvaluatedModel, Scorer } from '../evaluated-model';
import { pickBest, validationNdcg, validationSplit } from '../tuning';

export const easeLambdas = [50, 100, 200, 500, 1000];

/**
 * EASE with binary input, solved exactly in dual form (see main/engine/ease-dual.ts). λ is fixed
 * when given, else tuned per protocol on a validation split of the training data.
 */
export function easeModel(lambda?: number): EvaluatedModel {
  return {
    name: 'ease',
    ranks: true,
    predicts: false,
    fit(train, options) {
      let chosen = lambda;
      if (chosen === undefined) {
        const split = validationSplit(train, options.protocol === 'C' ? 'later-half' : 'next-item');
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
        notes: { lambda: chosen },
      };
    },
  };
}
