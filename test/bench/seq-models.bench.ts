/**
 * The sequence models of issue 5 (conv-attn-lstm, kg-attn-lstm) through the evaluation harness:
 * protocols A, B and C of ../shared/EVALUATION.md, one labelled run (full model, an ablation, the
 * paper's settings) per call, with training time per epoch, the epoch log (train and validation
 * loss) and the backend. Merges the run into test/bench/results/models-<model>.json (one entry per
 * label × dataset, so runs can be repeated or added one at a time).
 *
 *   npm run bench -- seq-models --model kg-attn-lstm --dataset ml-latest-small [--protocols A,B,C]
 *                               [--label full] [--settings '{"attention":false}'] [--seed 1]
 *                               [--quick]   (main/eval/quick-mode.ts, every 10th person;
 *                                            writes models-<model>-quick.json)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvaluationRow } from '../../shared/domain';
import type { EngineDataset } from '../../main/core/engine-dataset';
import { initBackend } from '../../main/engine/runtime/backend';
import type {
  ModelDefinition,
  ModelSettings,
  TrainProgress,
} from '../../main/engine/models/model-definition';
import { getModelDefinition } from '../../main/engine/models';
import { engineModel } from '../../main/eval/engine-adapter';
import { runProtocolA, runProtocolB, runProtocolC } from '../../main/eval/protocols';
import { loadDatasetThroughCatalogue } from '../../main/eval/run-evaluation';
import { parseLooFile } from '../../main/eval/splits';
import { loadDatasetByName, splitCsvLine } from '../helpers/movielens-csv';
import { sharedDir } from '../helpers/repo-paths';
import { benchDir, replaceRun, writeResult } from './bench-helpers';
import { quickSettings, quickUserStride } from '../../main/eval/quick-mode';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Ten most used tags per movie from ml-latest-small's tags.csv (as the catalogue keeps them). */
function attachTags(dataset: EngineDataset, file: string): void {
  if (!existsSync(file)) return;
  const counts = new Map<number, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [, movieId, tag] = splitCsvLine(line.replace(/\r$/, ''));
    const t = tag?.toLowerCase().trim();
    if (!t) continue;
    const m = counts.get(Number(movieId)) ?? new Map<string, number>();
    m.set(t, (m.get(t) ?? 0) + 1);
    counts.set(Number(movieId), m);
  }
  dataset.movieIds.forEach((id, i) => {
    const m = counts.get(id);
    if (m)
      dataset.movies[i].tags = [...m.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 10)
        .map(([t]) => t);
  });
}

const loaded = new Map<string, Promise<{ dataset: EngineDataset; loader: string }>>();

/** One import per dataset per process (bench quality runs many of these in a row). */
function loadDataset(name: string): Promise<{ dataset: EngineDataset; loader: string }> {
  if (!loaded.has(name)) loaded.set(name, importDataset(name));
  return loaded.get(name)!;
}

/**
 * The dataset through the real importer and catalogue; when the import fails (the importer is
 * being worked on), the CSV reader of the tests plus tags.csv, and the JSON says which.
 */
async function importDataset(name: string): Promise<{ dataset: EngineDataset; loader: string }> {
  const dir = path.join(sharedDir, 'datasets', name);
  try {
    return { dataset: await loadDatasetThroughCatalogue(dir), loader: 'catalogue' };
  } catch (e) {
    const dataset = loadDatasetByName(name);
    attachTags(dataset, path.join(dir, 'tags.csv'));
    const why = (e as Error).message.split('\n')[0].slice(0, 200);
    console.error(`catalogue import failed (${why}); using the CSV reader`);
    return { dataset, loader: `csv (catalogue import failed: ${why})` };
  }
}

interface RunRecord {
  label: string;
  loader: string;
  model: string;
  dataset: string;
  backend: string;
  seed: number;
  settings: ModelSettings;
  protocols: Record<
    string,
    {
      rows: EvaluationRow[];
      training: unknown;
      epochLog: (TrainProgress & { seconds: number })[];
      wallSeconds: number;
    }
  >;
  finishedAt: string;
}

/** One labelled run of a sequence model; quick: smoke settings, every 10th person, a *-quick.json. */
export interface SeqModelRun {
  model: string;
  dataset: string;
  protocols: string[];
  label: string;
  seed: number;
  /** Settings over the model's defaults (the ablation's switch, the epochs that ran). */
  overrides: ModelSettings;
  quick?: boolean;
}

export async function run(args: string[]): Promise<number> {
  await runSeqModel({
    model: option(args, 'model') ?? 'kg-attn-lstm',
    dataset: option(args, 'dataset') ?? 'ml-latest-small',
    protocols: (option(args, 'protocols') ?? 'A,B,C').split(','),
    label: option(args, 'label') ?? 'full',
    seed: Number(option(args, 'seed') ?? 1),
    overrides: JSON.parse(option(args, 'settings') ?? '{}') as ModelSettings,
    quick: args.includes('--quick'),
  });
  return 0;
}

/** Runs one labelled run and merges it into results/models-<model>[-quick].json; returns the file. */
export async function runSeqModel(spec: SeqModelRun): Promise<string> {
  const { model: modelName, dataset: datasetName, label, seed, quick = false } = spec;
  const protocols = spec.protocols.filter((p) => p === 'A' || p === 'B' || p === 'C');
  const resultName = quick ? `models-${modelName}-quick` : `models-${modelName}`;
  const { backend } = await initBackend();
  const definition = await getModelDefinition(modelName);
  const planned = { ...definition.defaults, ...spec.overrides };
  const settings = quick ? quickSettings(planned) : planned;
  const { dataset, loader } = await loadDataset(datasetName);
  const looFile = path.join(sharedDir, 'datasets', 'splits', `${datasetName}.loo.csv`);
  const sampled = existsSync(looFile) ? parseLooFile(readFileSync(looFile, 'utf8'), dataset) : null;
  const record: RunRecord = {
    label,
    loader,
    model: modelName,
    dataset: datasetName,
    backend,
    seed,
    settings,
    protocols: {},
    finishedAt: '',
  };
  for (const protocol of protocols) {
    if (protocol === 'C' && datasetName !== 'ml-latest-small') continue;
    let training: unknown = null;
    const epochLog: (TrainProgress & { seconds: number })[] = [];
    const started = performance.now();
    // Wraps train to keep the epoch log and the model's own training report (s/epoch, epochs run).
    const observed: ModelDefinition<ModelSettings> = {
      ...definition,
      train: async (data, s, hooks) => {
        const t0 = performance.now();
        const model = await definition.train(data, s, {
          ...hooks,
          onProgress: (p) => {
            epochLog.push({ ...p, seconds: (performance.now() - t0) / 1000 });
            console.error(
              `${label} ${datasetName} ${protocol} epoch ${p.epoch}/${p.totalEpochs} loss ${p.loss.toFixed(4)} val ${p.validationLoss?.toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`,
            );
          },
        });
        training = (model as { trainingReport?: unknown }).trainingReport ?? null;
        return model;
      },
    };
    const evaluated = engineModel(observed, dataset, { fineTune: true, settings });
    const opts = { seed, quick: false, userStride: quick ? quickUserStride : 1 };
    const rows =
      protocol === 'A'
        ? await runProtocolA(evaluated, dataset, opts)
        : protocol === 'B'
          ? await runProtocolB(evaluated, dataset, opts, sampled)
          : await runProtocolC(evaluated, dataset, opts);
    const labelled = rows.map((r) => ({
      ...r,
      model: label === 'full' ? modelName : `${modelName} (${label})`,
    }));
    record.protocols[protocol] = {
      rows: labelled,
      training,
      epochLog,
      wallSeconds: (performance.now() - started) / 1000,
    };
    for (const r of labelled)
      console.log(
        `${r.model}\t${r.dataset}\t${r.protocol}\t${r.metric}\t${r.value.toFixed(4)}\t${r.seconds.toFixed(1)} s`,
      );
  }
  record.finishedAt = new Date().toISOString();
  // Merge into the model's results file (read-modify-write right at the end: runs go in parallel).
  const file = path.join(benchDir, 'results', `${resultName}.json`);
  const existing = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: RunRecord[] })
    : { runs: [] };
  const same = (r: RunRecord) => r.label === label && r.dataset === datasetName;
  const previous = existing.runs.find(same);
  if (previous) record.protocols = { ...previous.protocols, ...record.protocols };
  const runs = replaceRun(existing.runs, same, record);
  const written = writeResult(resultName, { model: modelName, runs });
  console.log(`wrote ${written}`);
  return written;
}

export default run;
