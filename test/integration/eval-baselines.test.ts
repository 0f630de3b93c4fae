import { readFileSync } from 'node:fs';
import path from 'node:path';
import { biasedBaselineModel } from '../../main/eval/baselines/biased-baseline';
import { easeModel } from '../../main/eval/baselines/ease';
import { globalMeanModel } from '../../main/eval/baselines/global-mean';
import { itemKnnModel } from '../../main/eval/baselines/item-knn';
import { popularityModel } from '../../main/eval/baselines/popularity';
import { runProtocolA, runProtocolB, runProtocolC } from '../../main/eval/protocols';
import { parseLooFile } from '../../main/eval/splits';
import type { EvaluationRow } from '../../shared/domain';
import { datasetDir, loadDatasetByName } from '../helpers/movielens-csv';

// Baselines of the harness against the independent implementations of ../shared/ANCHORS.md.
const dataset = loadDatasetByName('ml-latest-small');
const loo = parseLooFile(
  readFileSync(path.join(datasetDir('splits'), 'ml-latest-small.loo.csv'), 'utf8'),
  dataset,
);
const options = { seed: 1, quick: false, userStride: 1 };
const value = (rows: EvaluationRow[], metric: string) =>
  rows.find((r) => r.metric === metric)!.value;

describe('classical baselines land on the anchors (ml-latest-small)', () => {
  it('protocol B on ml-100k: item-kNN (cosine, k=50, binary) and EASE λ=200', async () => {
    const small = loadDatasetByName('ml-100k');
    const sampled = parseLooFile(
      readFileSync(path.join(datasetDir('splits'), 'ml-100k.loo.csv'), 'utf8'),
      small,
    );
    const knn = await runProtocolB(itemKnnModel(50), small, options, sampled);
    expect(value(knn, 'HR@10')).toBeCloseTo(0.0859, 2);
    expect(value(knn, 'NDCG@10')).toBeCloseTo(0.0407, 2);
    const ease = await runProtocolB(easeModel(200), small, options, sampled);
    expect(value(ease, 'HR@10')).toBeCloseTo(0.088, 2);
  });

  it('protocol A: global mean and the biased baseline', async () => {
    const mean = await runProtocolA(globalMeanModel, dataset, options);
    expect(value(mean, 'RMSE')).toBeCloseTo(1.0684, 3);
    expect(value(mean, 'MAE')).toBeCloseTo(0.8367, 3);
    const biased = await runProtocolA(biasedBaselineModel(), dataset, options);
    expect(value(biased, 'RMSE')).toBeCloseTo(0.9024, 2);
    expect(value(biased, 'R2')).toBeCloseTo(0.2847, 2);
  });

  it('protocol B: popularity and EASE (λ=50, which the anchor row reproduces)', async () => {
    const pop = await runProtocolB(popularityModel, dataset, options, loo);
    expect(value(pop, 'HR@10')).toBeCloseTo(0.0426, 3);
    expect(value(pop, 'NDCG@10-sampled100')).toBeCloseTo(0.3533, 3);
    const ease = await runProtocolB(easeModel(50), dataset, options, loo);
    expect(value(ease, 'HR@10')).toBeCloseTo(0.0852, 2);
    expect(value(ease, 'NDCG@10')).toBeCloseTo(0.0411, 2);
  });

  it('protocol C: EASE λ=500 fold-in and popularity', async () => {
    const ease = await runProtocolC(easeModel(500), dataset, options);
    expect(value(ease, 'NDCG@20')).toBeCloseTo(0.2465, 2);
    expect(value(ease, 'Recall@20')).toBeCloseTo(0.1589, 2);
    const pop = await runProtocolC(popularityModel, dataset, options);
    expect(value(pop, 'NDCG@20')).toBeCloseTo(0.157, 2);
  });
});
