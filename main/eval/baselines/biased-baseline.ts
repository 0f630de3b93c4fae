import type { EvaluatedModel, Scorer } from '../evaluated-model';
import { fitBiases, foldInUserBias } from './biases';

/** mu + b_u + b_i; ranks by predicted rating (i.e. by item bias). New people: fold in b_u. */
export function biasedBaselineModel(regItem = 10, regUser = 15): EvaluatedModel {
  return {
    name: 'biased-baseline',
    ranks: true,
    predicts: true,
    fit(train) {
      const { mu, userBias, itemBias } = fitBiases(train, regItem, regUser);
      const scorer = (bu: number): Scorer => ({
        scoreAll: (out) => {
          for (let i = 0; i < out.length; i++) out[i] = mu + bu + itemBias[i];
        },
        predictRatings: (items) => Float32Array.from(items, (i) => mu + bu + itemBias[i]),
      });
      return {
        forUser: (u) => scorer(userBias[u]),
        foldIn: (h) => scorer(foldInUserBias(h, mu, itemBias, regUser)),
      };
    },
  };
}
