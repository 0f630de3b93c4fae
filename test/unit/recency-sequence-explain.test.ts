import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type {
  PersonHistory,
  PersonalState,
  TrainedModel,
} from '../../main/engine/models/model-definition';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import { withoutEntry } from '../../main/engine/models/fallbacks';
import { initBackend } from '../../main/engine/runtime/backend';
import { withSavedModel } from '../helpers/model-contract';
import { syntheticDatasetWithFeatures, tinyHybridWithNetwork } from '../helpers/synthetic-dataset';

/**
 * The default model with its sequence network blended in (sequenceWeight > 0): a card's reasons
 * are exactly how much the item's score drops when each rated movie leaves the history, for the
 * fold-in and for the fine-tuned state's adapter, also for movies older than the network's window.
 */
const data: EngineDataset = syntheticDatasetWithFeatures();
const settings = tinyHybridWithNetwork;

/** 24 ratings (the 12 oldest outside the network's window), mostly of taste group 0. */
const person: PersonHistory = (() => {
  const items = Int32Array.from({ length: 24 }, (_, k) => (k % 4 === 3 ? 2 * k + 1 : 2 * k) % 50);
  return {
    items,
    ratings: Float32Array.from(items, (i) => (i % 2 === 0 ? 5 : 1)),
    times: Float64Array.from(items.keys(), (k) => 2_000_000 + k),
  };
})();
const explained = [3, 20, 33, 46, 49];

let model: TrainedModel;
const trainingLosses = new Set<string>();

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  await initBackend();
  model = await recencyHybrid.train(data, settings, {
    seed: 1,
    onProgress: (p) => p.lossName && trainingLosses.add(p.lossName),
  });
});

test('names the two kinds of loss its training reports, so they are charted apart', () => {
  expect([...trainingLosses]).toEqual(['rating error (MSE)', 'next-movie loss (network)']);
});

function scores(state: PersonalState, h: PersonHistory): Float32Array {
  const out = new Float32Array(data.nItems);
  model.scoreAll(state, h, out);
  return out;
}

/** explain's drops against score(H) − score(H without t), `stateOf` giving each history's state. */
function expectExact(
  h: PersonHistory,
  state: PersonalState,
  stateOf: (h: PersonHistory) => PersonalState,
) {
  const full = scores(state, h);
  const rest = Array.from(h.items, (_, t) => {
    const r = withoutEntry(h, t);
    return scores(stateOf(r), r);
  });
  let network = false;
  for (const item of explained) {
    const drops = model.explain!(state, h, item);
    expect(drops).toHaveLength(h.items.length);
    rest.forEach((s, t) => {
      const exact = full[item] - s[item];
      expect(Math.abs(drops[t] - exact)).toBeLessThan(1e-4 * (1 + Math.abs(full[item])));
    });
    network ||= drops.some((x) => Math.abs(x) > 1e-3);
  }
  expect(network).toBe(true);
}

test('leaves a new profile without the network: its scores are the first list alone', async () => {
  const plain = await recencyHybrid.train(data, { ...settings, sequenceWeight: 0 }, { seed: 1 });
  // what the Model screen says of the model follows whether a network is blended in
  expect([model.readsOrder, plain.readsOrder]).toEqual([true, false]);
  expect([model.readsStars, plain.readsStars]).toEqual([true, false]);
  const empty = {
    items: new Int32Array(0),
    ratings: new Float32Array(0),
    times: new Float64Array(0),
  };
  const out = new Float32Array(data.nItems);
  plain.scoreAll(plain.foldIn(empty), empty, out);
  expect(Array.from(scores(model.foldIn(empty), empty))).toEqual(Array.from(out));
  plain.scoreAll(plain.foldIn(person), person, out);
  expect(Array.from(scores(model.foldIn(person), person))).not.toEqual(Array.from(out));
});

test("explains the fold-in's scores with the exact leave-one-out drop", () => {
  expectExact(person, model.foldIn(person), (h) => model.foldIn(h));
  // a short history: leaving its one movie out leaves a new profile (no network)
  const one = { items: Int32Array.of(4), ratings: Float32Array.of(5), times: Float64Array.of(1) };
  expectExact(one, model.foldIn(one), (h) => model.foldIn(h));
});

test("explains a fine-tuned state's scores exactly, its adapter on every left-out history", async () => {
  const named: string[] = [];
  const tuned = (
    await model.fineTune!(person, model.foldIn(person), {
      seed: 2,
      onStep: (_step, _total, _loss, name) => named.push(name ?? 'unnamed'),
    })
  ).state;
  // rating error first, then the network's loss: two kinds the Model screen charts apart
  expect([...new Set(named)]).toEqual([
    'rating error (MSE) + size penalty',
    'next-movie loss (network)',
  ]);
  const { sequenceGamma: gamma, sequenceDelta: delta } = tuned.params;
  expect(gamma.some((x) => x !== 0)).toBe(true);
  // the state of a history without one movie: its fold-in with the same adapter on the network
  const adapted = (h: PersonHistory): PersonalState => {
    const folded = model.foldIn(h);
    const v = folded.params.sequenceVector;
    return {
      ...folded,
      params: {
        ...folded.params,
        sequenceVector: Float32Array.from(v, (x, c) => x * (1 + gamma[c]) + delta[c]),
        sequenceGamma: gamma,
        sequenceDelta: delta,
      },
    };
  };
  expectExact(person, tuned, adapted);
});

test('saves and loads the fitted scale, and refuses a saved network without it', async () => {
  await withSavedModel(model, async (dir) => {
    const loaded = await recencyHybrid.load(dir, settings);
    const out = new Float32Array(data.nItems);
    loaded.scoreAll(loaded.foldIn(person), person, out);
    expect(Array.from(out)).toEqual(Array.from(scores(model.foldIn(person), person)));
    const file = path.join(dir, 'recency-hybrid.json');
    const meta = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete meta.sequenceScale;
    await writeFile(file, JSON.stringify(meta));
    await expect(recencyHybrid.load(dir, settings)).rejects.toThrow(/sequence network.*pretrain/);
  });
});
