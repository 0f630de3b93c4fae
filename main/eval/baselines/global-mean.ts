import type { EvaluatedModel } from '../evaluated-model';
import { globalMean } from '../histories';

/** Predicts the mean training rating for everything; ranks nothing. */
export const globalMeanModel: EvaluatedModel = {
  name: 'global-mean',
  ranks: false,
  predicts: true,
  fit(train) {
    const mu = globalMean(train);
    const scorer = {
      predictRatings: (items: Int32Array) => new Float32Array(items.length).fill(mu),
    };
    return { forUser: () => scorer, foldIn: () => scorer };
  },
};
