import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineDataset } from '../../main/core/engine-dataset';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { sasrec, sasrecSettings, type SasrecModel } from '../../main/engine/models/sasrec';
import { Rng } from '../../main/engine/numeric/rng';
import { groupMargin, ownLoss, scoresFor, trainWithProgress } from '../helpers/model-contract';
import { syntheticDataset, syntheticPerson } from '../helpers/synthetic-dataset';

/**
 * What is SASRec's own beyond the model contract (test/unit/model-contract.test.ts): it learns
 * the synthetic taste groups from the sequences, a dataset user's state is the fold-in of their
 * history, explanations are the exact leave-one-out drop (also past the network's window), the
 * SIMD and TypeScript kernels train the same model, the fine-tune fits the person's own
 * sequence, and with ratingInput the ratings shape the scores.
 */
/** The synthetic taste groups in a random order, so that only the group tells what comes next. */
const data: EngineDataset = (() => {
  const base = syntheticDataset({ users: 200 });
  const rng = new Rng(11);
  const time = Float64Array.from(base.ratings.time, () => rng.next() * 1e6);
  return { ...base, ratings: { ...base.ratings, time } };
})();
const settings = {
  dim: 16,
  heads: 2,
  maxLength: 12,
  dropout: 0.1,
  learningRate: 0.01,
  epochs: 20,
  batchSize: 16,
};

let model: SasrecModel;
let losses: number[];

beforeAll(async () => {
  const trained = await trainWithProgress(sasrec, data, settings);
  model = trained.model;
  losses = trained.progress.map((p) => p.loss);
});

function without(h: PersonHistory, k: number): PersonHistory {
  const keep = (_: unknown, j: number) => j !== k;
  return {
    items: h.items.filter(keep),
    ratings: h.ratings.filter(keep),
    times: h.times.filter(keep),
  };
}

describe('sasrec', () => {
  test('learns the taste groups from the sequences', () => {
    expect(losses).toHaveLength(settings.epochs);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.9);
    for (const group of [0, 1] as const) {
      const person = syntheticPerson(group, data.nItems, true);
      const scores = scoresFor(model, person);
      expect(groupMargin(scores, group)).toBeGreaterThan(0.5);
      const top = Array.from(scores.keys())
        .filter((i) => !person.items.includes(i))
        .sort((a, b) => scores[b] - scores[a])
        .slice(0, 10);
      expect(top.filter((i) => i % 2 === group).length).toBeGreaterThanOrEqual(8);
    }
    expect(model.predictsRatings).toBe(false);
  });

  test("a dataset user's state is the fold-in of their whole history", () => {
    const u = 3;
    const items = Int32Array.from(
      [...data.ratings.user.keys()]
        .filter((k) => data.ratings.user[k] === u)
        .sort((a, b) => data.ratings.time[a] - data.ratings.time[b])
        .map((k) => data.ratings.item[k]),
    );
    const history = {
      items,
      ratings: new Float32Array(items.length).fill(4),
      times: Float64Array.from(items.keys()),
    };
    expect(Array.from(model.datasetUserState(u).userVector)).toEqual(
      Array.from(model.foldIn(history).userVector),
    );
  });

  test('predicted stars rise with the score and stay on the scale', () => {
    const person = syntheticPerson(0, data.nItems, true);
    const state = model.foldIn(person);
    const scores = scoresFor(model, person);
    const all = Int32Array.from({ length: data.nItems }, (_, i) => i);
    const stars = model.predictRatings(state, person, all);
    const order = Array.from(all).sort((a, b) => scores[a] - scores[b]);
    for (let k = 1; k < order.length; k++)
      expect(stars[order[k]]).toBeGreaterThanOrEqual(stars[order[k - 1]]);
    expect(Math.min(...stars)).toBeGreaterThanOrEqual(data.scale.min);
    expect(Math.max(...stars)).toBeLessThanOrEqual(data.scale.max);
  });

  test('explains with the exact leave-one-out drop, also for histories longer than its window', () => {
    // 20 movies: the 8 oldest are outside the 12-movie window
    const items = Int32Array.from({ length: 20 }, (_, k) => (k * 7) % data.nItems);
    const person = {
      items,
      ratings: new Float32Array(20).fill(5),
      times: Float64Array.from(items.keys()),
    };
    const state = model.foldIn(person);
    for (const item of [21, 30]) {
      const weights = model.explain(state, person, item);
      expect(weights).toHaveLength(20);
      const full = scoresFor(model, person)[item];
      for (let k = 0; k < 20; k++) {
        const drop = full - scoresFor(model, without(person, k))[item];
        expect(weights[k]).toBeCloseTo(drop, 5);
        if (k < 8) expect(weights[k]).toBe(0);
      }
      expect(weights.slice(8).some((w) => Math.abs(w) > 1e-4)).toBe(true);
    }
  });

  test('the fine-tune fits the person’s own sequence with a personal adapter', async () => {
    const person = syntheticPerson(1, data.nItems, true);
    const start = model.foldIn(person);
    const seen: number[] = [];
    const tuned = await model.fineTune(person, start, {
      seed: 2,
      onStep: (_step, _total, loss) => seen.push(loss),
    });
    expect(tuned.state.kind).toBe('fine-tuned');
    expect(tuned.steps).toBe(30);
    expect(seen).toHaveLength(30); // every step
    expect(ownLoss(model, tuned.state, person)).toBeLessThan(ownLoss(model, start, person));
    const { gamma, delta } = tuned.state.params;
    expect(gamma).toHaveLength(settings.dim);
    expect(delta.some((x) => x !== 0)).toBe(true);
    expect(Array.from(tuned.state.userVector)).not.toEqual(Array.from(start.userVector));
    // the explanation uses the adapter: its full score is the tuned state's score
    const out = new Float32Array(data.nItems);
    model.scoreAll(tuned.state, person, out);
    const weights = model.explain(tuned.state, person, 21);
    const last = person.items.length - 1;
    expect(weights[last]).toBeCloseTo(out[21] - scoreWithAdapter(without(person, last), 21), 4);
    const single = {
      items: Int32Array.of(3),
      ratings: Float32Array.of(5),
      times: Float64Array.of(1),
    };
    expect((await model.fineTune(single, model.foldIn(single))).steps).toBe(0);

    function scoreWithAdapter(h: PersonHistory, item: number): number {
      const v = model.foldIn(h).userVector;
      let s = 0;
      for (let c = 0; c < settings.dim; c++) {
        const x = v[c] * (1 + gamma[c]) + delta[c];
        s += x * model.itemVectors[item * settings.dim + c];
      }
      return s;
    }
  });

  test('the SIMD kernels and the TypeScript reference train the same model', async () => {
    const quick = { ...settings, epochs: 2 };
    const simd = await sasrec.train(data, quick, { seed: 4 });
    process.env.MOVIE_ASSISTANT_NO_SIMD = '1';
    let js: SasrecModel;
    try {
      js = await sasrec.train(data, quick, { seed: 4 });
    } finally {
      delete process.env.MOVIE_ASSISTANT_NO_SIMD;
    }
    let worst = 0;
    for (let k = 0; k < simd.itemVectors.length; k++)
      worst = Math.max(worst, Math.abs(simd.itemVectors[k] - js.itemVectors[k]));
    expect(worst).toBeLessThan(1e-3);
    expect(worst).toBeGreaterThan(0); // two different paths (else one was not taken)
    const person = syntheticPerson(0, data.nItems, true);
    const a = scoresFor(simd, person);
    const b = scoresFor(js, person);
    for (let i = 0; i < data.nItems; i++) expect(a[i]).toBeCloseTo(b[i], 2);
  });

  test('with ratingInput it reads the ratings: explained and saved with them', async () => {
    const rated = sasrecSettings.parse({ ...settings, epochs: 2, ratingInput: true });
    const network = await sasrec.train(data, rated, { seed: 6 });
    const person = syntheticPerson(0, data.nItems, true);
    const disliked = { ...person, ratings: person.ratings.map(() => 1) };
    const loved = scoresFor(network, person);
    const hated = scoresFor(network, disliked);
    expect(loved.some((x, i) => Math.abs(x - hated[i]) > 1e-3)).toBe(true);
    expect(scoresFor(model, disliked)).toEqual(scoresFor(model, person)); // the default reads none
    const state = network.foldIn(disliked);
    const weights = network.explain(state, disliked, 21);
    for (const k of [0, disliked.items.length - 1])
      expect(weights[k]).toBeCloseTo(
        scoresFor(network, disliked)[21] - scoresFor(network, without(disliked, k))[21],
        5,
      );
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sasrec-rating-'));
    try {
      await network.save(dir);
      const loaded = await sasrec.load(dir, rated);
      expect(scoresFor(loaded, disliked)).toEqual(hated);
      // a network saved without rating levels reads none, whatever the settings say
      await model.save(dir);
      const older = await sasrec.load(dir, rated);
      expect(scoresFor(older, disliked)).toEqual(scoresFor(model, disliked));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('refuses heads that do not divide the dimension', async () => {
    await expect(sasrec.train(data, { ...settings, heads: 3 }, { seed: 1 })).rejects.toMatchObject({
      name: 'SettingsError',
      field: 'heads',
    });
  });
});
