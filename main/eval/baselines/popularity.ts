import type { EvaluatedModel } from '../evaluated-model';
import { itemCounts } from '../histories';

/** Ranks movies by how many training ratings they have. */
export const popularityModel: EvaluatedModel = {
  name: 'popularity',
  ranks: true,
  predicts: false,
  fit(train) {
    const counts = itemCounts(train);
    const scorer = { scoreAll: (out: Float32Array) => out.set(counts) };
    return { forUser: () => scorer, foldIn: () => scorer };
  },
};
