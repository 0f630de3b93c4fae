import type { EvaluationRow } from '../../shared/domain';
import type { EngineDataset } from '../core/engine-dataset';
import { fuse, itemCfSeq, type ItemCfSeqSettings } from '../engine/models/itemcf-seq';
import { trainSetToDataset } from './engine-adapter';
import { itemCounts } from './histories';
import {
  catalogueCoverage,
  intraListSimilarity,
  mean,
  ndcgOfRank,
  rankOf,
  topK,
} from '../engine/validation/metrics';
import { leaveLastOutSplit, type LeaveLastOutSplit } from './splits';

/**
 * The Seq2Seq paper's table for item-CF fused with a sequence model: protocol B (leave-last-one-out,
 * full ranking, top 10) across fusion ratios α (weight of item-CF; 1 = item-CF only, 0 = LSTM
 * only). One model is trained; every α ranks from the same two standardised parts. Metrics per α:
 * precision@10, recall@10 (= HR@10 with one held-out movie), NDCG@10, catalogue coverage, novelty
 * (mean −log2 of the recommended movies' popularity: the share of training users who rated them)
 * and intra-list similarity (mean pairwise genre Jaccard).
 */
export interface AlphaSweepOptions {
  seed: number;
  /** Evaluate every n-th user only (quick mode); 1 = everyone. */
  userStride: number;
  alphas?: readonly number[];
  settings?: Partial<ItemCfSeqSettings>;
}

export const defaultAlphas = [0, 0.25, 0.5, 0.75, 1] as const;

export async function itemCfSeqAlphaSweep(
  dataset: EngineDataset,
  options: AlphaSweepOptions,
  split: LeaveLastOutSplit = leaveLastOutSplit(dataset),
): Promise<EvaluationRow[]> {
  const alphas = options.alphas ?? defaultAlphas;
  const start = performance.now();
  const model = await itemCfSeq.train(
    trainSetToDataset(split.train, dataset),
    options.settings ?? {},
    { seed: options.seed },
  );
  const seconds = (performance.now() - start) / 1000;
  const n = dataset.nItems;
  const counts = itemCounts(split.train);
  const trainUsers = split.train.histories.filter((h) => h.items.length > 0).length;
  const surprisal = Float64Array.from(counts, (c) => -Math.log2(Math.max(c, 1) / trainUsers));
  const trainItems = counts.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  const perAlpha = alphas.map(() => ({
    hit: [] as number[],
    ndcg: [] as number[],
    novelty: [] as number[],
    ils: [] as number[],
    lists: [] as Int32Array[],
  }));
  const cf = new Float32Array(n);
  const seq = new Float32Array(n);
  const fused = new Float32Array(n);
  const excluded = new Uint8Array(n);
  for (let u = 0; u < dataset.nUsers; u += options.userStride) {
    const target = split.testItem[u];
    if (target < 0) continue;
    const history = split.train.histories[u];
    model.scoreParts(model.foldIn(history), history, cf, seq);
    for (const i of history.items) excluded[i] = 1;
    alphas.forEach((alpha, a) => {
      fuse(alpha, cf, seq, fused);
      const rank = rankOf(fused, target, excluded);
      const list = topK(fused, 10, excluded);
      const acc = perAlpha[a];
      acc.hit.push(rank <= 10 ? 1 : 0);
      acc.ndcg.push(ndcgOfRank(rank, 10));
      acc.novelty.push(mean(Array.from(list, (i) => surprisal[i])));
      acc.ils.push(intraListSimilarity(list, split.train.genres));
      acc.lists.push(list);
    });
    for (const i of history.items) excluded[i] = 0;
  }
  model.dispose();
  const rows: EvaluationRow[] = [];
  alphas.forEach((alpha, a) => {
    const acc = perAlpha[a];
    const metrics: Record<string, number> = {
      'precision@10': mean(acc.hit) / 10,
      'recall@10': mean(acc.hit),
      'NDCG@10': mean(acc.ndcg),
      coverage: catalogueCoverage(acc.lists, trainItems),
      novelty: mean(acc.novelty),
      ILS: mean(acc.ils),
    };
    for (const [metric, value] of Object.entries(metrics)) {
      rows.push({
        model: `itemcf-seq α=${alpha}`,
        dataset: dataset.name,
        protocol: 'B',
        metric,
        value,
        seconds,
      });
    }
  });
  return rows;
}

/**
 * A validation split carved from a protocol-B training set: each user's latest training rating is
 * the validation item, the rest is training. Tuning α on it never looks at the test items.
 */
export function latestTrainingRatingValidation(split: LeaveLastOutSplit): LeaveLastOutSplit {
  const testItem = new Int32Array(split.train.nUsers).fill(-1);
  const histories = split.train.histories.map((h, u) => {
    const n = h.items.length;
    if (n < 2) return h;
    testItem[u] = h.items[n - 1];
    return {
      items: h.items.slice(0, n - 1),
      ratings: h.ratings.slice(0, n - 1),
      times: h.times.slice(0, n - 1),
    };
  });
  return { train: { ...split.train, histories }, testItem };
}
