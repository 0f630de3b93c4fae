import { easeDualScore, fitEaseDual } from '../../engine/ease-dual';
import type { PersonHistory } from '../../engine/model-definition';
import type { EvaluatedModel, Scorer } from '../evaluated-model';

/** EASE with binary input, solved exactly in dual form (see main/engine/ease-dual.ts). */
export function easeModel(lambda = 500): EvaluatedModel {
  return {
    name: `ease`,
    ranks: true,
    predicts: false,
    fit(train) {
      const ease = fitEaseDual(train.nItems, train.histories.map((h) => h.items), lambda);
      const scorer = (h: PersonHistory): Scorer => ({ scoreAll: (out) => easeDualScore(ease, h.items, null, out) });
      return { forUser: (u) => scorer(train.histories[u]), foldIn: (h) => scorer(h) };
    },
  };
}
