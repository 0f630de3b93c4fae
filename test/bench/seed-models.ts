/**
 * Runs one of the seeds' engine models through the evaluation harness (protocols A/B/C of
 * ../shared/EVALUATION.md) and writes test/bench/results/models-<name>.json. Heavy: run with nice.
 *
 *   nice -n 10 npx tsx test/bench/seed-models.ts --model ncf --dataset ml-latest-small --protocols B,C \
 *     [--set epochs=8,negatives=4] [--label ncf-neg8] [--stride 1] [--out path]
 *   nice -n 10 npx tsx test/bench/seed-models.ts --model itemcf-seq --sweep   (α table, protocol B)
 *   [--quick]: main/eval/quick-mode.ts, every 10th person, into models-<name>-quick.json
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../../main/engine/runtime/backend';
import { getModelDefinition } from '../../main/engine/models';
import type { ModelDefinition, ModelSettings } from '../../main/engine/models/model-definition';
import {
  itemCfSeqAlphaSweep,
  latestTrainingRatingValidation,
} from '../../main/eval/itemcf-seq-sweep';
import { leaveLastOutSplit } from '../../main/eval/splits';
import { engineModel } from '../../main/eval/engine-adapter';
import { runProtocolA, runProtocolB, runProtocolC } from '../../main/eval/protocols';
import { parseLooFile } from '../../main/eval/splits';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { datasetsDir } from '../helpers/repo-paths';
import { quickSettings, quickUserStride } from '../../main/eval/quick-mode';
import { replaceRun } from './bench-helpers';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export function parseSettings(text: string | undefined): ModelSettings {
  const out: ModelSettings = {};
  if (!text) return out;
  for (const pair of text.split(/[,;](?=[a-zA-Z]+=)/)) {
    const [k, v] = pair.split('=');
    out[k] = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v);
  }
  return out;
}

/** One recorded run of a seed model; quick: smoke settings, every 10th person, a *-quick.json. */
export interface SeedModelRun {
  model: string;
  dataset: string;
  /** Protocols A/B/C; ignored with sweep. */
  protocols: string[];
  settings: ModelSettings;
  label: string;
  seed: number;
  userStride?: number;
  /** The item-CF + LSTM α table (protocol B) instead of the protocols. */
  sweep?: boolean;
  /** With sweep: on a validation split carved from the training data (tuning α). */
  validation?: boolean;
  out?: string;
  quick?: boolean;
}

async function main(): Promise<void> {
  await runSeedModel({
    model: arg('model')!,
    dataset: arg('dataset', 'ml-latest-small')!,
    protocols: arg('protocols', 'A,B,C')!.split(','),
    settings: parseSettings(arg('set')),
    label: arg('label', arg('model'))!,
    userStride: Number(arg('stride', '1')),
    seed: Number(arg('seed', '42')),
    sweep: process.argv.includes('--sweep'),
    validation: process.argv.includes('--validation'),
    out: arg('out'),
    quick: process.argv.includes('--quick'),
  });
}

/** Runs one recorded run and merges it into results/models-<model>[-quick].json; returns the file. */
export async function runSeedModel(spec: SeedModelRun): Promise<string> {
  const { model: modelName, dataset: datasetName, label, seed, quick = false } = spec;
  const sweep = spec.sweep ?? false;
  const protocols = sweep ? [] : [...spec.protocols];
  const stride = quick ? Math.max(quickUserStride, spec.userStride ?? 1) : (spec.userStride ?? 1);
  const { backend } = await initBackend();
  const dataset = loadDatasetByName(datasetName);
  const epochSeconds: number[] = [];
  const plain = await getModelDefinition(modelName);
  const settings: ModelSettings = quick
    ? quickSettings({ ...plain.defaults, ...spec.settings })
    : spec.settings;
  // Same definition, with per-epoch timing and progress on stderr.
  const definition: ModelDefinition<ModelSettings> = {
    ...plain,
    train: (data, s, hooks) => {
      let last = performance.now();
      return plain.train(data, s, {
        ...hooks,
        onProgress: (p) => {
          const now = performance.now();
          epochSeconds.push((now - last) / 1000);
          console.error(
            `  epoch ${p.epoch}/${p.totalEpochs} loss ${p.loss.toFixed(4)} ${((now - last) / 1000).toFixed(1)} s`,
          );
          last = now;
        },
      });
    },
  };
  const looPath = path.join(datasetsDir, 'splits', `${datasetName}.loo.csv`);
  const sampled = existsSync(looPath) ? parseLooFile(readFileSync(looPath, 'utf8'), dataset) : null;
  const options = { seed, quick: false, userStride: stride };
  const rows = [];
  if (sweep) {
    const t = performance.now();
    // --validation: the same table on a validation split carved from the training data (tuning α).
    const split = spec.validation
      ? latestTrainingRatingValidation(leaveLastOutSplit(dataset))
      : undefined;
    const got = await itemCfSeqAlphaSweep(dataset, { seed, userStride: stride, settings }, split);
    rows.push(...got.map((r) => ({ ...r, model: r.model.replace(modelName, label) })));
    console.error(`sweep ${datasetName}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const r of got)
      console.log(
        `${r.model}\t${datasetName}\tB\t${r.metric}\t${r.value.toFixed(4)}\t${r.seconds.toFixed(1)}s`,
      );
  }
  for (const p of protocols) {
    const model = engineModel(definition, dataset, { fineTune: true, settings });
    const t = performance.now();
    const got =
      p === 'A'
        ? await runProtocolA(model, dataset, options)
        : p === 'B'
          ? await runProtocolB(model, dataset, options, sampled)
          : await runProtocolC(model, dataset, options);
    for (const r of got) rows.push({ ...r, model: label });
    console.error(`${label} ${datasetName} ${p}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const r of got)
      console.log(
        `${label}\t${datasetName}\t${p}\t${r.metric}\t${r.value.toFixed(4)}\t${r.seconds.toFixed(1)}s`,
      );
  }
  const out =
    spec.out ??
    path.resolve(
      import.meta.dirname,
      'results',
      `models-${modelName}${quick ? '-quick' : ''}.json`,
    );
  mkdirSync(path.dirname(out), { recursive: true });
  const previous = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { runs: unknown[] }).runs
    : [];
  const sorted = [...epochSeconds].sort((a, b) => a - b);
  const run = {
    label,
    model: modelName,
    dataset: datasetName,
    protocols: sweep ? [spec.validation ? 'B-sweep-validation' : 'B-sweep'] : protocols,
    backend,
    seed,
    settings: { ...plain.defaults, ...settings },
    medianEpochSeconds: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
    rows,
    at: new Date().toISOString(),
  };
  type StoredRun = Omit<typeof run, 'protocols'> & { protocols?: string[] };
  const protocolsOf = (q: StoredRun) => q.protocols ?? [...new Set(q.rows.map((x) => x.protocol))];
  // A new run replaces an earlier one with the same label, dataset and protocols.
  const same = (q: StoredRun) =>
    q.label === label &&
    q.dataset === datasetName &&
    protocolsOf(q).join() === run.protocols.join();
  const runs = replaceRun(previous as StoredRun[], same, run);
  writeFileSync(out, JSON.stringify({ runs }, null, 1) + '\n');
  return out;
}

// As a script (npx tsx test/bench/seed-models.ts …); imported by the quality bench, it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
