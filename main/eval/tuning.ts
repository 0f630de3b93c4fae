import type { PersonHistory } from '../engine/models/model-definition';
import { emptyHistory, sliceHistory, type TrainSet } from './histories';
import { mean, ndcgAtK, topK } from '../engine/validation/metrics';

/**
 * Validation carved from a protocol's training data only (the test items are never seen), shaped
 * like the protocol: 'next-item' hides each user's last training rating (protocol B);
 * 'later-half' turns every tenth user (index % 10 == 5) into a new person whose later half of
 * ratings is hidden (protocol C).
 */
export interface ProtocolShapedValidation {
  fitOn: TrainSet;
  people: { history: PersonHistory; relevant: Set<number> }[];
  k: number;
}

export function protocolShapedValidation(
  train: TrainSet,
  kind: 'next-item' | 'later-half',
): ProtocolShapedValidation {
  const people: ProtocolShapedValidation['people'] = [];
  if (kind === 'next-item') {
    const histories = train.histories.map((h) => {
      const n = h.items.length;
      if (n < 2) return h;
      const history = sliceHistory(h, 0, n - 1);
      people.push({ history, relevant: new Set([h.items[n - 1]]) });
      return history;
    });
    return { fitOn: { ...train, histories }, people, k: 10 };
  }
  const histories = train.histories.map((h, u) => {
    const n = h.items.length;
    if (u % 10 !== 5 || n < 10) return h;
    const half = Math.floor(n / 2);
    const relevant = new Set<number>();
    for (let t = half; t < n; t++) if (h.ratings[t] >= 4) relevant.add(h.items[t]);
    if (relevant.size) people.push({ history: sliceHistory(h, 0, half), relevant });
    return emptyHistory();
  });
  return { fitOn: { ...train, histories }, people, k: 20 };
}

/** Mean NDCG@k of a scorer over the validation people. */
export function validationNdcg(
  split: ProtocolShapedValidation,
  nItems: number,
  score: (h: PersonHistory, out: Float32Array) => void,
): number {
  const scores = new Float32Array(nItems);
  const excluded = new Uint8Array(nItems);
  const values = split.people.map(({ history, relevant }) => {
    score(history, scores);
    for (const i of history.items) excluded[i] = 1;
    const list = topK(scores, split.k, excluded);
    for (const i of history.items) excluded[i] = 0;
    return ndcgAtK(list, relevant, split.k);
  });
  return mean(values);
}

/** The candidate with the best validation NDCG (ties: the earlier candidate). */
export function pickBest<T>(
  candidates: T[],
  evaluate: (c: T) => number,
): { best: T; scores: number[] } {
  const scores = candidates.map(evaluate);
  let best = 0;
  scores.forEach((s, k) => s > scores[best] && (best = k));
  return { best: candidates[best], scores };
}
