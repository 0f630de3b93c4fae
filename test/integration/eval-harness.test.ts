import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EvaluationRow } from '../../shared/domain';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import type { ModelDefinition, ModelSettings } from '../../main/engine/models/model-definition';
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
  const definition = recencyHybrid as unknown as ModelDefinition<ModelSettings>;

  it('evaluates recency-hybrid on protocol C through fold-in + fine-tune, above popularity', async () => {
    const options = { seed: 1, quick: false, userStride: 1 };
    const rows = await runProtocolC(engineModel(definition, dataset), dataset, options);
    const pop = await runProtocolC(
      (await import('../../main/eval/baselines/popularity')).popularityModel,
      dataset,
      options,
    );
    const ndcg = (r: EvaluationRow[]) => r.find((x) => x.metric === 'NDCG@20')!.value;
    expect(ndcg(rows)).toBeGreaterThan(ndcg(pop));
    expect(rows.find((x) => x.metric === 'RMSE')!.value).toBeLessThan(1.0);
  });

  it('saves and loads to the same scores, and fine-tuning never touches shared weights', async () => {
    const split = newPeopleSplit(dataset);
    const model = await definition.train(
      trainSetToDataset(split.train, dataset),
      definition.defaults,
      { seed: 3 },
    );
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
      expect(loaded.predictRatings(tuned.state, person, items)).toEqual(
        model.predictRatings(tuned.state, person, items),
      );
      const why = loaded.explain(tuned.state, person, 49);
      expect(why.length).toBe(person.items.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EASE dual form', () => {
  it('matches the primal closed form B = I − P·diag(P)⁻¹ on a small matrix', async () => {
    const { fitEaseDual, easeDualScore, easeDualWeight, easeDualContributions } =
      await import('../../main/engine/numeric/ease-dual');
    const { inverseSpd } = await import('../../main/engine/numeric/linalg');
    const rows = [
      [0, 1, 2],
      [1, 2],
      [0, 3],
      [2, 3, 4],
      [1, 4],
    ];
    const n = 5;
    const lambda = 2;
    const g = new Float64Array(n * n);
    for (const r of rows) for (const a of r) for (const b of r) g[a * n + b]++;
    for (let i = 0; i < n; i++) g[i * n + i] += lambda;
    const p = inverseSpd(g, n);
    const B = (i: number, j: number) => (i === j ? 0 : -p[i * n + j] / p[j * n + j]);
    const e = fitEaseDual(n, rows, lambda);
    const items = [0, 2];
    const weights = [1.5, 0.5];
    const out = new Float32Array(n);
    easeDualScore(e, items, weights, out);
    const why = easeDualContributions(e, items, weights, 4);
    for (let j = 0; j < n; j++) {
      const expected = weights[0] * B(0, j) + weights[1] * B(2, j);
      expect(out[j]).toBeCloseTo(expected, 5);
      expect(easeDualWeight(e, 3, j)).toBeCloseTo(B(3, j), 6);
    }
    expect(why[0]).toBeCloseTo(1.5 * B(0, 4), 5);
    expect(why[1]).toBeCloseTo(0.5 * B(2, 4), 5);
  });
});
