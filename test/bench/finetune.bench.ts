/**
 * Fine-tune time per profile size (issue 3: under 1 s at 500 ratings on this CPU), with the
 * default pretrained model loaded: fold-in and fine-tune in-process (median of repeats), and the
 * same fine-tune through the training worker (what the app does; model already loaded there),
 * and the exact reasons of a for-you list's 20 cards the first time a history is explained (with
 * a sequence network, its leave-one-out reruns).
 * Profiles are the first 50/200/500 ratings (chronological) of ml-latest-small's heaviest users.
 * Writes test/bench/results/finetune.json.
 *
 *   npm run bench -- finetune [--repeats 5]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { initBackend } from '../../main/engine/runtime/backend';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import {
  loadModel,
  resolveDefaultModel,
  type LoadedModel,
} from '../../main/engine/runtime/model-store';
import { fallbackModelName } from '../../main/engine/models';
import { explainScore, fineTuneOrFoldIn } from '../../main/engine/models/fallbacks';
import { topK } from '../../main/engine/validation/metrics';
import { pretrain } from '../../main/engine/runtime/pretrain';
import { TrainingWorker } from '../../main/engine/runtime/run-training-job';
import { loadMlLatestSmall } from '../helpers/movielens-csv';
import { repoRoot, sharedDir } from '../helpers/repo-paths';
import { writeResult } from './bench-helpers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function profileOf(
  model: TrainedModel,
  data: ReturnType<typeof loadMlLatestSmall>,
  user: number,
  n: number,
): PersonHistory {
  const r = data.ratings;
  const itemOf = new Map<number, number>();
  model.movieIds.forEach((id, i) => itemOf.set(id, i));
  const ks = [...r.user.keys()]
    .filter((k) => r.user[k] === user && itemOf.has(data.movieIds[r.item[k]]))
    .sort((a, b) => r.time[a] - r.time[b])
    .slice(0, n);
  return {
    items: Int32Array.from(ks, (k) => itemOf.get(data.movieIds[r.item[k]])!),
    ratings: Float32Array.from(ks, (k) => r.rating[k]),
    times: Float64Array.from(ks, (k) => r.time[k]),
  };
}

/** Scores the profile's list, then times the reasons of its top 20 (a history not yet explained). */
function reasonsMs(model: TrainedModel, h: PersonHistory): number {
  const state = model.foldIn(h);
  const scores = new Float32Array(model.movieIds.length);
  model.scoreAll(state, h, scores);
  const excluded = new Uint8Array(scores.length);
  for (const i of h.items) excluded[i] = 1;
  const top = topK(scores, 20, excluded);
  const t = performance.now();
  for (const item of top) explainScore(model, state, h, item);
  return performance.now() - t;
}

export default async function run(args: string[]): Promise<number> {
  const i = args.indexOf('--repeats');
  const repeats = i >= 0 ? Number(args[i + 1]) : 5;
  await initBackend();
  const data = loadMlLatestSmall(path.join(sharedDir, 'datasets', 'ml-latest-small'));
  let modelsDir = path.join(repoRoot, 'models');
  let tmp: string | null = null;
  let loaded: LoadedModel;
  const resolved = await resolveDefaultModel(modelsDir);
  if (resolved) loaded = await loadModel(modelsDir, resolved.name);
  else {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'finetune-bench-'));
    modelsDir = tmp;
    await pretrain({ dataset: data, model: fallbackModelName, modelsDir });
    loaded = await loadModel(modelsDir, fallbackModelName);
  }
  const model = loaded.model;
  const counts = new Map<number, number>();
  data.ratings.user.forEach((u) => counts.set(u, (counts.get(u) ?? 0) + 1));
  const heavy = [...counts.entries()]
    .filter(([, c]) => c >= 500)
    .map(([u]) => u)
    .slice(0, 3);
  const rows: {
    ratings: number;
    foldInMs: number;
    fineTuneMsMedian: number;
    fineTuneMsMax: number;
    workerMsMedian: number;
    /** The reasons of a for-you list's 20 cards, the first time that history is explained. */
    reasonsMsMedian: number;
    steps: number;
  }[] = [];
  const worker = new TrainingWorker();
  try {
    for (const n of [50, 200, 500]) {
      const fold: number[] = [];
      const tune: number[] = [];
      const viaWorker: number[] = [];
      const reasons: number[] = [];
      let steps = 0;
      for (const u of heavy) {
        const h = profileOf(model, data, u, n);
        reasons.push(reasonsMs(model, h));
        for (let rep = 0; rep < repeats; rep++) {
          let t = performance.now();
          const start = model.foldIn({ ...h }); // a fresh history object: no cached system
          fold.push(performance.now() - t);
          t = performance.now();
          const result = await fineTuneOrFoldIn(model, h, start);
          tune.push(performance.now() - t);
          steps = result.steps;
        }
        const start = model.foldIn(h);
        const job = {
          kind: 'finetune' as const,
          modelsDir,
          model: model.name,
          modelVersion: loaded.manifest.version,
          history: h,
          start,
        };
        await worker.run(job); // loads the model in the worker once
        const t = performance.now();
        await worker.run(job);
        viaWorker.push(performance.now() - t);
      }
      rows.push({
        ratings: n,
        foldInMs: median(fold),
        fineTuneMsMedian: median(tune),
        fineTuneMsMax: Math.max(...tune),
        workerMsMedian: median(viaWorker),
        reasonsMsMedian: median(reasons),
        steps,
      });
    }
  } finally {
    await worker.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
  console.log(`\nFine-tune per profile, model ${model.name} (${loaded.manifest.version})`);
  console.log(
    "| ratings | fold-in ms | fine-tune ms (median) | fine-tune ms (max) | via worker ms (median) | 20 cards' reasons ms (median) | steps |",
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.ratings} | ${r.foldInMs.toFixed(2)} | ${r.fineTuneMsMedian.toFixed(1)} | ${r.fineTuneMsMax.toFixed(1)} | ${r.workerMsMedian.toFixed(1)} | ${r.reasonsMsMedian.toFixed(1)} | ${r.steps} |`,
    );
  const at500 = rows.find((r) => r.ratings === 500)!;
  console.log(
    `\n500 ratings: ${at500.fineTuneMsMax.toFixed(0)} ms worst case (target < 1000 ms): ${at500.fineTuneMsMax < 1000 ? 'met' : 'NOT met'}`,
  );
  const file = writeResult('finetune', {
    model: model.name,
    version: loaded.manifest.version,
    rows,
    loadAverage: os.loadavg(),
    measuredAt: new Date().toISOString(),
  });
  console.log(`wrote ${file}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
