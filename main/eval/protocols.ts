import type { EvaluationRow } from '../../shared/domain';
import type { EngineDataset } from '../core/engine-dataset';
import type { EvaluatedModel, FitOptions, FittedModel } from './evaluated-model';
import {
  catalogueCoverage,
  clip,
  hitAtK,
  intraListSimilarity,
  mae,
  mean,
  ndcgAtK,
  ndcgOfRank,
  rankOf,
  recallAtK,
  rmse,
  rSquared,
  topK,
} from '../engine/validation/metrics';
import {
  leaveLastOutSplit,
  newPeopleSplit,
  temporalSplit,
  type LeaveLastOutSplit,
  type NewPeopleSplit,
  type RatingSplit,
  type SampledCandidates,
} from './splits';
import type { TrainSet } from './histories';

export interface ProtocolOptions extends Omit<FitOptions, 'protocol'> {
  /** Evaluate every n-th user only (quick mode); 1 = everyone. */
  userStride: number;
}

type Row = EvaluationRow;

function rowsOf(
  model: string,
  dataset: string,
  protocol: Row['protocol'],
  seconds: number,
  metrics: Record<string, number>,
): Row[] {
  return Object.entries(metrics).map(([metric, value]) => ({
    model,
    dataset,
    protocol,
    metric,
    value,
    seconds,
  }));
}

async function timedFit(
  model: EvaluatedModel,
  train: TrainSet,
  options: FitOptions,
): Promise<{ fitted: FittedModel; seconds: number }> {
  const start = performance.now();
  const fitted = await model.fit(train, options);
  return { fitted, seconds: fitted.trainSeconds ?? (performance.now() - start) / 1000 };
}

/** Protocol A: RMSE / MAE / R² on each user's last 20% of ratings, predictions clipped to the scale. */
export async function runProtocolA(
  model: EvaluatedModel,
  dataset: EngineDataset,
  options: ProtocolOptions,
  split: RatingSplit = temporalSplit(dataset),
): Promise<Row[]> {
  if (!model.predicts) return [];
  const { fitted, seconds } = await timedFit(model, split.train, { ...options, protocol: 'A' });
  const predicted: number[] = [];
  const actual: number[] = [];
  let predicts = true;
  split.test.forEach((t, u) => {
    if (!predicts || t.items.length === 0 || u % options.userStride !== 0) return;
    const scorer = fitted.forUser(u);
    if (!scorer.predictRatings) {
      predicts = false; // an engine model that turned out not to predict ratings
      return;
    }
    const p = scorer.predictRatings(t.items);
    for (let j = 0; j < t.items.length; j++) {
      predicted.push(clip(p[j], dataset.scale.min, dataset.scale.max));
      actual.push(t.ratings[j]);
    }
  });
  if (!predicts || actual.length === 0) return [];
  return rowsOf(model.name, dataset.name, 'A', seconds, {
    RMSE: rmse(predicted, actual),
    MAE: mae(predicted, actual),
    R2: rSquared(predicted, actual),
  });
}

/** Protocol B: leave-last-one-out, full ranking and sampled-100, coverage and genre ILS. */
export async function runProtocolB(
  model: EvaluatedModel,
  dataset: EngineDataset,
  options: ProtocolOptions,
  sampled: SampledCandidates | null,
  split: LeaveLastOutSplit = leaveLastOutSplit(dataset),
): Promise<Row[]> {
  if (!model.ranks) return [];
  const { fitted, seconds } = await timedFit(model, split.train, { ...options, protocol: 'B' });
  const scores = new Float32Array(dataset.nItems);
  const excluded = new Uint8Array(dataset.nItems);
  const hr: number[] = [];
  const ndcg: number[] = [];
  const hrS: number[] = [];
  const ndcgS: number[] = [];
  const ils: number[] = [];
  const lists: Int32Array[] = [];
  const trainItems = new Set<number>();
  for (const h of split.train.histories) for (const i of h.items) trainItems.add(i);
  for (let u = 0; u < dataset.nUsers; u += options.userStride) {
    const target = split.testItem[u];
    if (target < 0) continue;
    const history = split.train.histories[u];
    fitted.forUser(u).scoreAll!(scores);
    for (const i of history.items) excluded[i] = 1;
    const rank = rankOf(scores, target, excluded);
    hr.push(hitAtK(rank, 10));
    ndcg.push(ndcgOfRank(rank, 10));
    const list = topK(scores, 10, excluded);
    lists.push(list);
    ils.push(intraListSimilarity(list, split.train.genres));
    const negatives = sampled?.negatives[u];
    if (negatives && sampled!.testItem[u] === target) {
      const candidates = Int32Array.from([target, ...negatives]);
      const r = rankOf(scores, target, null, candidates);
      hrS.push(hitAtK(r, 10));
      ndcgS.push(ndcgOfRank(r, 10));
    }
    for (const i of history.items) excluded[i] = 0;
  }
  const metrics: Record<string, number> = { 'HR@10': mean(hr), 'NDCG@10': mean(ndcg) };
  if (hrS.length) {
    metrics['HR@10-sampled100'] = mean(hrS);
    metrics['NDCG@10-sampled100'] = mean(ndcgS);
  }
  metrics.coverage = catalogueCoverage(lists, trainItems.size);
  metrics.ILS = mean(ils);
  return rowsOf(model.name, dataset.name, 'B', seconds, metrics);
}

/**
 * Protocol C: pretrain without the new people, fold in (and fine-tune) each one on their visible
 * half, score the hidden half. `seconds` of these rows is the pretraining time; the per-profile
 * time is its own metric.
 */
export async function runProtocolC(
  model: EvaluatedModel,
  dataset: EngineDataset,
  options: ProtocolOptions,
  split: NewPeopleSplit = newPeopleSplit(dataset),
): Promise<Row[]> {
  const { fitted, seconds } = await timedFit(model, split.train, { ...options, protocol: 'C' });
  const scores = new Float32Array(dataset.nItems);
  const excluded = new Uint8Array(dataset.nItems);
  const predicted: number[] = [];
  const actual: number[] = [];
  const recall: number[] = [];
  const ndcg: number[] = [];
  let profileSeconds = 0;
  let profiles = 0;
  for (let p = 0; p < split.people.length; p += options.userStride) {
    const { visible, hidden } = split.people[p];
    const start = performance.now();
    const scorer = await fitted.foldIn(visible);
    if (model.ranks && scorer.scoreAll) scorer.scoreAll(scores);
    const predictions =
      model.predicts && scorer.predictRatings ? scorer.predictRatings(hidden.items) : null;
    profileSeconds += (performance.now() - start) / 1000;
    profiles++;
    if (predictions) {
      for (let j = 0; j < hidden.items.length; j++) {
        predicted.push(clip(predictions[j], dataset.scale.min, dataset.scale.max));
        actual.push(hidden.ratings[j]);
      }
    }
    if (!model.ranks) continue;
    const relevant = new Set<number>();
    for (let j = 0; j < hidden.items.length; j++)
      if (hidden.ratings[j] >= 4) relevant.add(hidden.items[j]);
    if (relevant.size === 0) continue;
    for (const i of visible.items) excluded[i] = 1;
    const list = topK(scores, 20, excluded);
    for (const i of visible.items) excluded[i] = 0;
    recall.push(recallAtK(list, relevant, 20));
    ndcg.push(ndcgAtK(list, relevant, 20));
  }
  const metrics: Record<string, number> = {};
  if (predicted.length) {
    metrics.RMSE = rmse(predicted, actual);
    metrics.MAE = mae(predicted, actual);
  }
  if (recall.length) {
    metrics['Recall@20'] = mean(recall);
    metrics['NDCG@20'] = mean(ndcg);
  }
  metrics['seconds-per-profile'] = profiles ? profileSeconds / profiles : 0;
  return rowsOf(model.name, dataset.name, 'C', seconds, metrics);
}
