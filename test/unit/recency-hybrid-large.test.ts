import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type {
  PersonHistory,
  TrainProgress,
  TrainedModel,
} from '../../main/engine/models/model-definition';
import {
  recencyHybrid,
  recencyHybridDefaults,
  trainRecencyHybrid,
} from '../../main/engine/models/recency-hybrid';
import {
  largeReleaseDefaults,
  type LargeReleaseOptions,
} from '../../main/engine/models/recency-hybrid-large';
import { loadArrays, saveArrays } from '../../main/engine/runtime/array-files';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * The default model on a release with more users than EASE's dual form fits: the primal form
 * (here forced by a lowered user cap) against the dual's exact solution, and a cancelled
 * training resumed from its checkpoint.
 */
const data = plantedDataset({ nUsers: 400, nItems: 500, ratingsPerUser: 40, seed: 5 });
// the dual form compared with the primal one: no sequence network (the primal form trains none)
const settings = { ...recencyHybridDefaults, alsIterations: 2, dim: 8, sequenceWeight: 0 };
const forced = (primalItems: number): LargeReleaseOptions => ({
  ...largeReleaseDefaults,
  dualMaxUsers: 100,
  primalItems,
});
const tmp: string[] = [];
afterAll(async () => {
  for (const dir of tmp) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'recency-large-'));
  tmp.push(dir);
  return dir;
}

/** Each of 60 dataset users: their first half as a profile, the loved rest as what to find. */
const profiles = chronologicalHistories(data)
  .filter((_, u) => u % 7 === 0)
  .slice(0, 60)
  .map((h) => {
    const half = h.items.length >> 1;
    const history: PersonHistory = {
      items: h.items.slice(0, half),
      ratings: h.ratings.slice(0, half),
      times: h.times.slice(0, half),
    };
    const loved = new Set<number>();
    for (let t = half; t < h.items.length; t++) if (h.ratings[t] >= 4) loved.add(h.items[t]);
    return { history, loved };
  });

function top20(model: TrainedModel, history: PersonHistory): number[] {
  const scores = new Float32Array(data.nItems);
  model.scoreAll(model.foldIn(history), history, scores);
  for (const i of history.items) scores[i] = -Infinity;
  return Array.from(scores.keys())
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, 20);
}

function compare(
  a: TrainedModel,
  b: TrainedModel,
): { overlap: number; recallA: number; recallB: number } {
  let overlap = 0;
  let recallA = 0;
  let recallB = 0;
  for (const { history, loved } of profiles) {
    const la = top20(a, history);
    const lb = new Set(top20(b, history));
    overlap += la.filter((i) => lb.has(i)).length / 20;
    recallA += la.filter((i) => loved.has(i)).length / Math.max(1, Math.min(20, loved.size));
    recallB += [...lb].filter((i) => loved.has(i)).length / Math.max(1, Math.min(20, loved.size));
  }
  const n = profiles.length;
  return { overlap: overlap / n, recallA: recallA / n, recallB: recallB / n };
}

describe('recency-hybrid on a large release (EASE in the primal form)', () => {
  const untuned = { ...settings, tuneLists: false };
  const dual = trainRecencyHybrid(data, untuned, { seed: 3 });

  test('over every movie the primal form ranks as the dual form does', async () => {
    const primal = await trainRecencyHybrid(data, untuned, { seed: 3 }, forced(data.nItems));
    const { overlap } = compare(await dual, primal);
    expect(overlap).toBeGreaterThan(0.99);
  });

  test('over the most-rated movies it ranks close to the exact solution', async () => {
    // 400 of the 500 movies hold 94% of the ratings; the rest are left to the first list.
    const primal = await trainRecencyHybrid(data, untuned, { seed: 3 }, forced(400));
    const { overlap, recallA, recallB } = compare(await dual, primal);
    expect(overlap).toBeGreaterThan(0.9);
    expect(recallB).toBeGreaterThan(recallA - 0.02);
  });

  test('a saved model reads its large arrays as lists first use them, and lists alike', async () => {
    const trained = await trainRecencyHybrid(data, untuned, { seed: 3 }, forced(300));
    const dir = await tempDir();
    await trained.save(dir);
    const loaded = await recencyHybrid.load(dir, untuned);
    const a = new Float32Array(data.nItems);
    const b = new Float32Array(data.nItems);
    for (const { history } of profiles.slice(0, 10)) {
      trained.scoreAll(trained.foldIn(history), history, a);
      loaded.scoreAll(loaded.foldIn(history), history, b);
      expect(Array.from(b)).toEqual(Array.from(a));
      const item = top20(trained, history)[0];
      expect(Array.from(loaded.explain!(loaded.foldIn(history), history, item))).toEqual(
        Array.from(trained.explain!(trained.foldIn(history), history, item)),
      );
    }
    for (const seed of [0, 7, 499]) {
      trained.similarItems!(seed, a);
      loaded.similarItems!(seed, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    loaded.dispose?.();
  });

  test('a cancelled training resumes from its checkpoint', async () => {
    const options = forced(300);
    const reference = await trainRecencyHybrid(data, settings, { seed: 3 }, options);
    const checkpointDir = path.join(await tempDir(), 'checkpoint');
    const controller = new AbortController();
    const seen: TrainProgress[] = [];
    await expect(
      trainRecencyHybrid(
        data,
        settings,
        {
          seed: 3,
          checkpointDir,
          signal: controller.signal,
          onProgress: (p) => {
            seen.push(p);
            if (p.stage === 'ranking' && p.fraction! > 0.5) controller.abort();
          },
        },
        options,
      ),
    ).rejects.toThrow(/cancelled/);
    expect(seen.map((p) => p.stage)).toContain('tuning-first');
    // Mark what the checkpoint holds: a resumed run must take B from it, not solve it again.
    const saved = path.join(checkpointDir, 'ranking');
    const b = (await loadArrays(saved)).b as Float32Array;
    await saveArrays(saved, { b: b.map((x) => 2 * x) });

    const resumed = await trainRecencyHybrid(data, settings, { seed: 3, checkpointDir }, options);
    const [ref, got] = await Promise.all(
      [reference, resumed].map(async (model) => {
        const dir = await tempDir();
        await model.save(dir);
        return loadArrays(dir);
      }),
    );
    expect(Array.from(got.easeB)).toEqual(Array.from(ref.easeB, (x) => 2 * x));
    for (const name of ['itemVectors', 'userVectors', 'similarIndex', 'similarScore', 'firstList'])
      expect(Array.from(got[name])).toEqual(Array.from(ref[name]));
  });
});
