import type { EngineDataset } from '../core/engine-dataset';
import type { EvaluatedModel } from './evaluated-model';
import { ndcgAtK, recallAtK, topK } from '../engine/validation/metrics';
import { newPeopleSplit } from './splits';

export interface PairedDifference {
  metric: string;
  mean: number;
  standardError: number;
  users: number;
  /** Each person's difference, residue by residue (so separate runs over residues combine). */
  differences: number[];
}

/** The mean of paired differences and its standard error. */
export function pairedDifference(metric: string, d: number[]): PairedDifference {
  const mean = d.reduce((s, x) => s + x, 0) / Math.max(1, d.length);
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return {
    metric,
    mean,
    standardError: Math.sqrt(variance / Math.max(1, d.length)),
    users: d.length,
    differences: d,
  };
}

/**
 * Protocol C repeated over all ten residues of userId mod 10 (each tenth of the users arrives as
 * new people while the other nine tenths pretrain), comparing two models on the same people.
 * Residue 0 is protocol C itself; the other nine add the power that 61 people lack.
 */
export async function pairedProtocolC(
  a: EvaluatedModel,
  b: EvaluatedModel,
  dataset: EngineDataset,
  residues: number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
): Promise<PairedDifference[]> {
  const diffs: Record<string, number[]> = { 'NDCG@20': [], 'Recall@20': [] };
  for (const r of residues) {
    const shifted = { ...dataset, userKeys: Int32Array.from(dataset.userKeys, (k) => k + 10 - r) };
    const split = newPeopleSplit(shifted);
    const per = async (model: EvaluatedModel) => {
      const fitted = await model.fit(split.train, { seed: 1, quick: false, protocol: 'C' });
      const scores = new Float32Array(dataset.nItems);
      const excluded = new Uint8Array(dataset.nItems);
      const out: [number, number][] = [];
      for (const p of split.people) {
        const relevant = new Set<number>();
        p.hidden.items.forEach((i, t) => p.hidden.ratings[t] >= 4 && relevant.add(i));
        if (relevant.size === 0) continue;
        (await fitted.foldIn(p.visible)).scoreAll!(scores);
        for (const i of p.visible.items) excluded[i] = 1;
        const list = topK(scores, 20, excluded);
        for (const i of p.visible.items) excluded[i] = 0;
        out.push([ndcgAtK(list, relevant, 20), recallAtK(list, relevant, 20)]);
      }
      return out;
    };
    const va = await per(a);
    const vb = await per(b);
    va.forEach((x, k) => {
      diffs['NDCG@20'].push(x[0] - vb[k][0]);
      diffs['Recall@20'].push(x[1] - vb[k][1]);
    });
  }
  return Object.entries(diffs).map(([metric, d]) => pairedDifference(metric, d));
}
