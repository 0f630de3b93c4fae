import type { PersonHistory } from '../../engine/models/model-definition';
import { topKWithTies } from '../../engine/validation/list-split';
import type { EvaluatedModel, Scorer } from '../evaluated-model';
import { itemCounts, type TrainSet } from '../histories';

/** For each item, its k most similar items (binary cosine) as a sparse row. */
export interface Neighbours {
  k: number;
  index: Int32Array;
  sim: Float32Array;
}

/** Item-item co-occurrence cosine on binary interactions, pruned to the k nearest per item. */
export function itemNeighbours(train: TrainSet, k: number): Neighbours {
  const n = train.nItems;
  const counts = itemCounts(train);
  const usersOf: number[][] = Array.from({ length: n }, () => []);
  train.histories.forEach((h, u) => {
    for (const i of h.items) usersOf[i].push(u);
  });
  const index = new Int32Array(n * k).fill(-1);
  const sim = new Float32Array(n * k);
  const co = new Float64Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let nt = 0;
    for (const u of usersOf[i]) {
      for (const j of train.histories[u].items) {
        if (j === i) continue;
        if (co[j] === 0) touched[nt++] = j;
        co[j]++;
      }
    }
    // Keep the k best (similarity desc, then item index asc) by insertion into a sorted buffer.
    const base = i * k;
    let filled = 0;
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      const s = co[j] / Math.sqrt(counts[i] * counts[j]);
      const better = (r: number) =>
        s > sim[base + r] || (s === sim[base + r] && j < index[base + r]);
      if (filled === k && !better(k - 1)) continue;
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && better(pos - 1)) {
        sim[base + pos] = sim[base + pos - 1];
        index[base + pos] = index[base + pos - 1];
        pos--;
      }
      sim[base + pos] = s;
      index[base + pos] = j;
    }
    for (let t = 0; t < nt; t++) co[touched[t]] = 0;
  }
  return { k, index, sim };
}

/**
 * Item-kNN on binary interactions. 'candidate': a candidate's score sums its similarity to those of
 * its k nearest items the person rated; 'history': every rated item spreads to its k nearest.
 */
export function itemKnnModel(k = 50, side: 'candidate' | 'history' = 'candidate'): EvaluatedModel {
  return {
    name: 'item-knn',
    ranks: true,
    predicts: false,
    fit(train) {
      const nb = itemNeighbours(train, k);
      const scorer = (h: PersonHistory): Scorer => ({
        scoreAll: (out) => {
          out.fill(0);
          if (side === 'candidate') {
            const rated = new Set(h.items);
            for (let j = 0; j < out.length; j++) {
              let s = 0;
              for (let r = 0; r < k; r++) {
                const i = nb.index[j * k + r];
                if (i < 0) break;
                if (rated.has(i)) s += nb.sim[j * k + r];
              }
              out[j] = s;
            }
            return;
          }
          for (const i of h.items) {
            for (let r = 0; r < k; r++) {
              const j = nb.index[i * k + r];
              if (j < 0) break;
              out[j] += nb.sim[i * k + r];
            }
          }
        },
      });
      return {
        forUser: (u) => scorer(train.histories[u]),
        foldIn: (h) => scorer(h),
        similar: similarByCosine(train),
      };
    },
  };
}

/**
 * Protocol D's similar movies: the seed's binary cosine row (the similarity of the neighbour rows
 * above, computed in full so that ten movies survive the exclusions), best first; ties by
 * training popularity, then movieId. Only training movies are listed.
 */
export function similarByCosine(
  train: TrainSet,
): (seed: number, exclude: Uint8Array, k: number) => Int32Array {
  const counts = itemCounts(train);
  const usersOf: number[][] = Array.from({ length: train.nItems }, () => []);
  train.histories.forEach((h, u) => {
    for (const i of h.items) usersOf[i].push(u);
  });
  const sim = new Float64Array(train.nItems);
  return (seed, exclude, k) => {
    sim.fill(0);
    for (const u of usersOf[seed]) for (const j of train.histories[u].items) sim[j]++;
    for (let j = 0; j < sim.length; j++)
      if (sim[j] > 0) sim[j] /= Math.sqrt(counts[seed] * counts[j]);
    return topKWithTies(
      sim,
      k,
      counts,
      train.movieIds,
      (j) => j !== seed && exclude[j] === 0 && counts[j] > 0,
    );
  };
}
