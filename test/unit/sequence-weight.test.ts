import type {
  PersonHistory,
  PersonalState,
  TrainedModel,
} from '../../main/engine/models/model-definition';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import {
  chooseSequenceWeight,
  sequenceWeightGrid,
  weightValidationSplit,
} from '../../main/engine/models/sequence-weight';
import { userHistories } from '../../main/engine/models/user-histories';
import { initBackend } from '../../main/engine/runtime/backend';
import { withSavedModel } from '../helpers/model-contract';
import { syntheticDataset } from '../helpers/synthetic-dataset';

/**
 * sequenceWeight "auto": the validation split holds out what it says (pseudo-new people whole,
 * everyone else's latest rating), the choice follows the validation figures, and the default
 * trained with "auto" keeps the weight it chose through save and load.
 */
const data = syntheticDataset({ users: 60 });

vi.setConfig({ testTimeout: 120_000 });

/** A stand-in model whose scores for every history are `scores`. */
function fixed(scores: number[]): TrainedModel {
  const state: PersonalState = {
    model: 'x',
    userVector: new Float32Array(0),
    params: {},
    kind: 'folded-in',
  };
  return {
    foldIn: () => state,
    scoreAll: (_s: PersonalState, _h: PersonHistory, out: Float32Array) => out.set(scores),
  } as unknown as TrainedModel;
}

describe('sequence weight validation', () => {
  test('holds out the pseudo-new people whole and every other user their latest rating', () => {
    const h = userHistories(data);
    const v = weightValidationSplit(data, h);
    const pseudoNew = h.histories.filter(
      (x, u) => data.userKeys[u] % 10 === 5 && x.items.length >= 2,
    );
    const others = h.histories.filter((x, u) => data.userKeys[u] % 10 !== 5 && x.items.length >= 3);
    const removed = pseudoNew.reduce((n, x) => n + x.items.length, 0) + others.length;
    expect(v.data.ratings.user.length).toBe(data.ratings.user.length - removed);
    expect(v.next).toHaveLength(others.length);
    const first = others[0];
    expect(v.next[0].item).toBe(first.items.at(-1));
    expect(Array.from(v.next[0].history.items)).toEqual(Array.from(first.items.slice(0, -1)));
    const kept = new Set(Array.from(v.data.ratings.user));
    h.histories.forEach((x, u) => {
      if (data.userKeys[u] % 10 === 5 && x.items.length >= 2) expect(kept.has(u)).toBe(false);
    });
    expect(v.newPeople.length).toBeGreaterThan(0);
  });

  test('chooses the best next-movie weight that does not make new people worse off', () => {
    const one = { items: Int32Array.of(0), ratings: Float32Array.of(4), times: Float64Array.of(1) };
    const split = (relevant: number) => ({
      data: { ...data, nItems: 4 },
      next: [{ history: one, item: 3 }],
      newPeople: [{ visible: one, relevant: new Set([relevant]) }],
    });
    // w = 0 ranks movie 3 last (1 < 2 < 3); the network lifts it: first from w = 1 on
    const without = fixed([0, 3, 2, 1]);
    const network = fixed([0, 3, 2, 4]);
    const helps = chooseSequenceWeight(split(3), without, network);
    expect(helps.rows.map((r) => r.w)).toEqual([...sequenceWeightGrid]);
    expect(helps.weight).toBe(1);
    expect(helps.rows[0].next).toBeLessThan(helps.rows[2].next);
    // new people want movie 1, which movie 3 overtakes from w = 1 on: 0.5 is as far as it goes
    expect(chooseSequenceWeight(split(1), without, network).weight).toBe(0.5);
    expect(chooseSequenceWeight(split(3), fixed([0, 1, 2, 3]), fixed([0, 1, 2, 0])).weight).toBe(0);
  });

  test('the default trained with "auto" keeps the weight it chose through save and load', async () => {
    await initBackend();
    const settings = {
      dim: 8,
      alsIterations: 2,
      sequenceEpochs: 2,
      sequenceDim: 16,
      sequenceMaxLength: 12,
    };
    const progress: number[] = [];
    const model = await recencyHybrid.train(data, settings, {
      seed: 1,
      onProgress: (p) => progress.push(p.epoch / p.totalEpochs),
    });
    const blend = (
      model as unknown as { sequenceBlend: { weight: number; choice: { rows: unknown[] } } }
    ).sequenceBlend;
    expect(model.settings.sequenceWeight).toBe('auto');
    expect(sequenceWeightGrid).toContain(blend.weight);
    expect(blend.choice.rows).toHaveLength(sequenceWeightGrid.length);
    // two trainings, one progress bar that only goes forward
    expect(progress.every((p, k) => k === 0 || p >= progress[k - 1])).toBe(true);
    expect(progress.at(-1)).toBeLessThanOrEqual(1);
    await withSavedModel(model, async (dir) => {
      const loaded = await recencyHybrid.load(dir, settings);
      const l = (loaded as unknown as { sequenceBlend: { weight: number } }).sequenceBlend;
      expect(l.weight).toBe(blend.weight);
      const h = {
        items: Int32Array.of(0, 2, 4),
        ratings: Float32Array.of(5, 4, 5),
        times: Float64Array.of(1, 2, 3),
      };
      const a = new Float32Array(data.nItems);
      const b = new Float32Array(data.nItems);
      model.scoreAll(model.foldIn(h), h, a);
      loaded.scoreAll(loaded.foldIn(h), h, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    });
  });
});
