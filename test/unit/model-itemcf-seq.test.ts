import { initBackend } from '../../main/engine/runtime/backend';
import {
  itemCfSeq,
  type ItemCfSeqModel,
  type ItemCfSeqSettings,
} from '../../main/engine/models/itemcf-seq';
import { itemCfSeqAlphaSweep } from '../../main/eval/itemcf-seq-sweep';
import { groupMargin, trainWithProgress } from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

const data = syntheticDataset();
const settings: ItemCfSeqSettings = {
  ...itemCfSeq.defaults,
  epochs: 8,
  batchSize: 16,
  seqLength: 8,
  units: 16,
  embedDim: 8,
  neighbours: 10,
  learningRate: 0.02,
};

beforeAll(async () => {
  await initBackend();
});

describe('itemcf-seq model', () => {
  let model: ItemCfSeqModel;
  let losses: number[];

  beforeAll(async () => {
    const trained = await trainWithProgress(itemCfSeq, data, settings);
    model = trained.model;
    losses = trained.progress.map((p) => p.loss);
  });

  it('learns the next movie: the loss falls', () => {
    expect(losses).toHaveLength(settings.epochs);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.9);
  });

  it('both parts, and their fusion, rank the person group first', () => {
    const person = syntheticPerson(0, data.nItems, true);
    const state = model.foldIn(person);
    const cf = new Float32Array(data.nItems);
    const seq = new Float32Array(data.nItems);
    model.scoreParts(state, person, cf, seq);
    expect(groupMargin(cf, 0)).toBeGreaterThan(0);
    expect(groupMargin(seq, 0)).toBeGreaterThan(0);
    const fused = new Float32Array(data.nItems);
    model.scoreAll(state, person, fused);
    expect(groupMargin(fused, 0)).toBeGreaterThan(0);
    expect(model.explain(state, person, 20)).toHaveLength(person.items.length);
  });

  it('reports precision, recall, coverage, novelty and ILS for every fusion ratio', async () => {
    const rows = await itemCfSeqAlphaSweep(data, {
      seed: 1,
      userStride: 1,
      settings: { ...settings, epochs: 2 },
    });
    const models = [...new Set(rows.map((r) => r.model))];
    expect(models).toEqual([
      'itemcf-seq α=0',
      'itemcf-seq α=0.25',
      'itemcf-seq α=0.5',
      'itemcf-seq α=0.75',
      'itemcf-seq α=1',
    ]);
    for (const metric of ['precision@10', 'recall@10', 'NDCG@10', 'coverage', 'novelty', 'ILS']) {
      const values = rows.filter((r) => r.metric === metric).map((r) => r.value);
      expect(values).toHaveLength(5);
      for (const v of values) expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    const precision = rows.find((r) => r.metric === 'precision@10')!;
    const recall = rows.find((r) => r.metric === 'recall@10' && r.model === precision.model)!;
    expect(precision.value).toBeCloseTo(recall.value / 10, 10);
  });
});
