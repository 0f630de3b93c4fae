import type { PersonHistory } from '../../engine/models/model-definition';
import { globalMean, type TrainSet } from '../histories';

export interface Biases {
  mu: number;
  userBias: Float64Array;
  itemBias: Float64Array;
}

/** Regularised user + item biases by alternating least squares (Koren's baseline estimates). */
export function fitBiases(train: TrainSet, regItem = 10, regUser = 15, epochs = 10): Biases {
  const mu = globalMean(train);
  const bu = new Float64Array(train.nUsers);
  const bi = new Float64Array(train.nItems);
  const sumI = new Float64Array(train.nItems);
  const cntI = new Float64Array(train.nItems);
  for (let e = 0; e < epochs; e++) {
    sumI.fill(0);
    cntI.fill(0);
    train.histories.forEach((h, u) => {
      for (let j = 0; j < h.items.length; j++) {
        sumI[h.items[j]] += h.ratings[j] - mu - bu[u];
        cntI[h.items[j]]++;
      }
    });
    for (let i = 0; i < train.nItems; i++) bi[i] = sumI[i] / (regItem + cntI[i]);
    train.histories.forEach((h, u) => {
      bu[u] = foldInUserBias(h, mu, bi, regUser);
    });
  }
  return { mu, userBias: bu, itemBias: bi };
}

export function foldInUserBias(
  h: PersonHistory,
  mu: number,
  itemBias: ArrayLike<number>,
  reg: number,
): number {
  let s = 0;
  for (let j = 0; j < h.items.length; j++) s += h.ratings[j] - mu - itemBias[h.items[j]];
  return s / (reg + h.items.length);
}
