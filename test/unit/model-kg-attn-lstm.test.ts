import { initBackend } from '../../main/engine/runtime/backend';
import type { EngineDataset } from '../../main/core/engine-dataset';
import { buildKnowledgeGraph } from '../../main/engine/models/knowledge-graph';
import { kgAttnLstm, type KgAttnLstmSettings } from '../../main/engine/models/kg-attn-lstm';
import { trainTransE } from '../../main/engine/models/transe';
import {
  groupMargin,
  scoresOf,
  tinySequenceTraining,
  trainWithProgress,
} from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

/** The synthetic dataset with tags and people, so the graph has every kind of entity. */
function withGraph(d: EngineDataset): EngineDataset {
  return {
    ...d,
    movies: d.movies.map((m, i) => ({
      ...m,
      tags: i % 2 === 0 ? ['space', 'robots'] : ['love'],
      people: i % 2 === 0 ? [`Director ${i % 4}`] : [`Director ${4 + (i % 4)}`],
    })),
  };
}

const data = withGraph(syntheticDataset());
const settings: KgAttnLstmSettings = {
  ...kgAttnLstm.defaults,
  graphDim: 8,
  itemDim: 8,
  attentionDim: 8,
  transeEpochs: 10,
  ...tinySequenceTraining,
};

// Training runs in these tests take a few seconds on a quiet machine; a shared CPU needs more.
vi.setConfig({ testTimeout: 600_000 });

beforeAll(async () => {
  await initBackend();
});

describe('knowledge graph and TransE', () => {
  it('links movies to genres, tags, decades and people', () => {
    const g = buildKnowledgeGraph(data.movies);
    expect(g.counts['has-genre']).toBe(75);
    expect(g.counts['has-tag']).toBe(75);
    expect(g.counts['in-decade']).toBe(50);
    expect(g.counts['has-person']).toBe(50);
    expect(g.entityNames).toContain('person:Director 2');
    expect(g.nEntities).toBe(50 + g.entityNames.length);
  });

  it('lowers the margin loss and keeps entities in the unit ball', async () => {
    const g = buildKnowledgeGraph(data.movies);
    const r = await trainTransE(g, {
      dim: 8,
      epochs: 15,
      batchSize: 64,
      learningRate: 0.02,
      margin: 1,
      seed: 3,
    });
    expect(r.finalLoss).toBeLessThan(r.firstLoss);
    for (let e = 0; e < g.nEntities; e++) {
      let s = 0;
      for (let c = 0; c < 8; c++) s += r.entities[e * 8 + c] ** 2;
      expect(s).toBeLessThanOrEqual(1 + 1e-5);
    }
  });
});

describe('kg-attn-lstm model', () => {
  it('learns: the loss falls and a new person gets their taste group first', async () => {
    const { model, progress } = await trainWithProgress(kgAttnLstm, data, settings);
    expect(progress).toHaveLength(settings.epochs);
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.7);
    expect(groupMargin(scoresOf(model, 0, data.nItems), 0)).toBeGreaterThan(0.5);
    expect(groupMargin(scoresOf(model, 1, data.nItems), 1)).toBeGreaterThan(0.5);
  });

  it('explains with the attention weights: one per rating, |weights| sum to 1 over the window', async () => {
    const { model } = await trainWithProgress(kgAttnLstm, data, { ...settings, epochs: 4 });
    const person = syntheticPerson(0, data.nItems);
    const state = (await model.fineTune(person, model.foldIn(person))).state;
    const weights = model.explain(state, person, 20);
    expect(weights).toHaveLength(person.items.length);
    const window = Math.min(person.items.length, settings.maxLen);
    const older = weights.slice(0, person.items.length - window);
    expect(older.every((w) => w === 0)).toBe(true);
    const total = weights.reduce((a, w) => a + Math.abs(w), 0);
    expect(total).toBeCloseTo(1, 4);
    // Liked movies (rated above the person's mean) pull up, disliked ones down.
    person.ratings.forEach((r, j) => {
      if (weights[j] !== 0) expect(Math.sign(weights[j])).toBe(r >= 3 ? 1 : -1);
    });
    expect(model.trainingReport).toHaveProperty('graph');
  });

  it('trains every ablation (attention, LSTM, graph embeddings off)', async () => {
    for (const off of [{ attention: false }, { lstm: false }, { graph: false }]) {
      const { model, progress } = await trainWithProgress(kgAttnLstm, data, {
        ...settings,
        ...off,
        epochs: 3,
        transeEpochs: 2,
      });
      expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss);
      const person = syntheticPerson(1, data.nItems);
      expect(model.explain(model.foldIn(person), person, 3)).toHaveLength(person.items.length);
    }
  });
});
