import { EvaluationRow } from '../../shared/domain';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import { engineModel } from '../../main/eval/engine-adapter';
import { runProtocolC } from '../../main/eval/protocols';
import { runEvaluation } from '../../main/eval/run-evaluation';
import { datasetDir, loadDatasetByName } from '../helpers/movielens-csv';

describe('runEvaluation', () => {
  it('goes importer → temporary catalogue → loadEngineDataset → harness and returns valid rows', async () => {
    const rows = await runEvaluation({
      datasetPath: datasetDir('ml-100k'),
      protocols: ['B'],
      models: ['popularity'],
      defaultModel: 'popularity',
    });
    for (const r of rows) EvaluationRow.parse(r);
    expect(
      rows.every((r) => r.dataset === 'ml-100k' && r.protocol === 'B' && r.default === true),
    ).toBe(true);
    // Same figure as the anchor's popularity row, through the real importer.
    expect(rows.find((r) => r.metric === 'HR@10')!.value).toBeCloseTo(0.0498, 3);
    expect(rows.find((r) => r.metric === 'HR@10-sampled100')).toBeDefined();
  });
});

describe('engine model definitions in the harness', () => {
  const dataset = loadDatasetByName('ml-100k');

  it('evaluates recency-hybrid on protocol C through fold-in + fine-tune, above popularity', async () => {
    const options = { seed: 1, quick: false, userStride: 1 };
    // two epochs of the sequence part: its blend is exercised, not its 150-epoch training
    const model = engineModel(recencyHybrid, dataset, {
      fineTune: true,
      settings: { sequenceWeight: 3, sequenceEpochs: 2 },
    });
    const rows = await runProtocolC(model, dataset, options);
    const pop = await runProtocolC(
      (await import('../../main/eval/baselines/popularity')).popularityModel,
      dataset,
      options,
    );
    const ndcg = (r: EvaluationRow[]) => r.find((x) => x.metric === 'NDCG@20')!.value;
    expect(ndcg(rows)).toBeGreaterThan(ndcg(pop));
    expect(rows.find((x) => x.metric === 'RMSE')!.value).toBeLessThan(1.0);
  });
});
