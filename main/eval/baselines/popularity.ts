import type { EvaluatedModel } from '../evaluated-model';
import { itemCounts } from '../histories';

/**
 * Ranks movies by how many training ratings they have. Its similar movies (protocol D) are the
 * most-rated training movies for every seed; its people like you (protocol E) are nobody, so E
 * falls back to the popularity list: the "no neighbours" floor of ../shared/ANCHORS.md.
 */
export const popularityModel: EvaluatedModel = {
  name: 'popularity',
  ranks: true,
  predicts: false,
  fit(train) {
    const counts = itemCounts(train);
    const scorer = { scoreAll: (out: Float32Array) => out.set(counts) };
    // Training movies, most-rated first (ties by movieId).
    const order = Array.from(counts.keys())
      .filter((i) => counts[i] > 0)
      .sort((a, b) => counts[b] - counts[a] || train.movieIds[a] - train.movieIds[b]);
    return {
      forUser: () => scorer,
      foldIn: () => scorer,
      similar: (seed, exclude, k) => {
        const out: number[] = [];
        for (const i of order) {
          if (out.length === k) break;
          if (i !== seed && exclude[i] === 0) out.push(i);
        }
        return Int32Array.from(out);
      },
      likeMinded: () => new Int32Array(0),
    };
  },
};
