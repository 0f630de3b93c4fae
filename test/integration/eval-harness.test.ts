import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EvaluationRow } from '../../shared/domain';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import type { ModelDefinition, ModelSettings } from '../../main/engine/model-definition';
import { engineModel, trainSetToDataset } from '../../main/eval/engine-adapter';
import { runProtocolC } from '../../main/eval/protocols';
import { runEvaluation } from '../../main/eval/run-evaluation';
import { newPeopleSplit } from '../../main/eval/splits';
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
    expect(rows.every((r) => r.dataset === 'ml-100k' && r.protocol === 'B' && r.default === true)).toBe(true);
    // Same figure as the anchor's popularity row, through the real importer.
    expect(rows.find((r) => r.metric === 'HR@10')!.value).toBeCloseTo(0.0498, 3);
    expect(rows.find((r) => r.metric === 'HR@10-sampled100')).toBeDefined();
  });
});

describe('engine model definitions in the harness', () => {
  const dataset = loadDatasetByName('ml-100k');
  const definition = recencyHybrid as unknown as ModelDefinition<ModelSettings>;

  it('evaluates recency-hybrid on protocol C through fold-in + fine-tune, above popularity', async () => {
    const options = { seed: 1, quick: false, userStride: 1 };
    const rows = await runProtocolC(engineModel(definition, dataset), dataset, options);
    const pop = await runProtocolC((await import('../../main/eval/baselines/popularity')).popularityModel, dataset, options);
    const ndcg = (r: EvaluationRow[]) => r.find((x) => x.metric === 'NDCG@20')!.value;
    expect(ndcg(rows)).toBeGreaterThan(ndcg(pop));
    expect(rows.find((x) => x.metric === 'RMSE')!.value).toBeLessThan(1.0);
  });

  it('saves and loads to the same scores, and fine-tuning never touches shared weights', async () => {
    const split = newPeopleSplit(dataset);
    const model = await definition.train(trainSetToDataset(split.train, dataset), definition.defaults, { seed: 3 });
    const person = split.people[0].visible;
    const itemVectors = Float32Array.from(model.itemVectors);
    const folded = model.foldIn(person);
    const tuned = await model.fineTune(person, folded);
    expect(tuned.state.kind).toBe('fine-tuned');
    expect(model.itemVectors).toEqual(itemVectors);
    const dir = mkdtempSync(path.join(tmpdir(), 'recency-hybrid-'));
    try {
      await model.save(dir);
      const loaded = await definition.load(dir, definition.defaults);
      const a = new Float32Array(dataset.nItems);
      const b = new Float32Array(dataset.nItems);
      model.scoreAll(tuned.state, person, a);
      loaded.scoreAll(tuned.state, person, b);
      expect(b).toEqual(a);
      const items = Int32Array.of(0, 1, 2, 50);
      expect(loaded.predictRatings(tuned.state, person, items)).toEqual(model.predictRatings(tuned.state, person, items));
      const why = loaded.explain(tuned.state, person, 49);
      expect(why.length).toBe(person.items.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
