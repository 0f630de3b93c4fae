/**
 * Reproduces every table of docs/MODELS.md (issues 3 and 5): protocols A, B and C of
 * ../shared/EVALUATION.md on ml-latest-small and ml-100k for the classical baselines and every
 * registered engine model, and the list protocols D, E, F and F5 for listModels below (the deep
 * models train for minutes, so they run the list protocols only when --models names them)
 * (→ results/quality.json, with the ../shared/ANCHORS.md rows beside ours: on ml-latest-small for
 * A, B and C, on both datasets for D, E, F and F5), then the issue 5 models' own recorded runs,
 * ablations and the item-CF α sweep of quality-plan.ts through seq-models.bench.ts and seed-models.ts
 * (→ results/models-<name>.json) and the seconds per epoch of seed-models-epoch.ts (full runs
 * only), then regenerates MODELS.md's tables (models-doc.bench.ts).
 * Chooses the app's default model, the engine model with the best protocol C NDCG@20 on
 * ml-latest-small (ties: the faster to pretrain), and records it in models/default.json (full runs
 * of the baselines and models only).
 *
 * --quick subsamples for CI (main/eval/quick-mode.ts: every 10th person in B and C; engine models
 * and recorded runs with quickSettings: one epoch, short sequences, narrow layers) and writes only *-quick.json
 * files: it never touches the full runs' JSON, models/ or MODELS.md, and prints the tables instead.
 *
 *   npm run bench -- quality [--quick] [--only baselines,models,ablations] [--stride N]
 *                            [--datasets ml-latest-small,ml-100k] [--models a,b]
 *                            [--protocols A,B,C,D,E,F,F5] [--no-default] [--no-doc] [--paired-c]
 *                            [--record-only]
 *
 * --only picks parts: baselines (the classical rows), models (engine models in the harness and
 * their recorded full runs), ablations (the recorded ablations and the α sweep); all by default.
 * A partial run keeps the other models' rows in quality.json. Every row records its provenance
 * (result-provenance.ts: commit, modelVersion = settings hash, date, machine); kept rows keep
 * theirs, and the file's secondsThisRun covers only the run that wrote it. --paired-c adds protocol C repeated
 * over all ten userId residues (608 people on ml-latest-small), as paired differences of the
 * default model against EASE (λ=500). --no-default leaves models/default.json and the default
 * model's recorded figures alone (use it for a partial run). The seconds-per-epoch file of
 * seed-models-epoch.ts is remeasured only when --models is absent or names ncf, feature-cnn or
 * itemcf-seq. --record-only runs nothing (no evaluation, recorded run or timing): it chooses
 * the default from the rows in quality.json and records it (models/default.json, the model's
 * manifest), as after a pretrain.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvaluationRow } from '../../shared/domain';
import {
  readDefaultChoice,
  recordEvaluation,
  writeDefaultChoice,
} from '../../main/engine/runtime/model-store';
import type { ModelSettings } from '../../main/engine/models/model-definition';
import { findModelDefinition, modelNames } from '../../main/engine/models';
import { quickUserStride } from '../../main/eval/quick-mode';
import { readAnchors, type AnchorRow } from '../../main/eval/anchors';
import {
  bestListAnchor,
  readListAnchors,
  type ListAnchorProtocol,
  type ListAnchorRow,
} from '../../main/eval/list-anchors';
import { currentBackend } from '../../main/engine/runtime/backend';
import { trainingSettings } from '../../main/eval/engine-adapter';
import { isListProtocol } from '../../main/eval/list-protocol-runs';
import { easeModel } from '../../main/eval/baselines/ease';
import { baselineNames, evaluableModelNames, evaluatedModel } from '../../main/eval/model-registry';
import { pairedProtocolC, type PairedDifference } from '../../main/eval/paired-protocol-c';
import {
  loadDatasetThroughCatalogue,
  runEvaluation,
  type ProtocolName,
} from '../../main/eval/run-evaluation';
import { datasetsDir, repoRoot, sharedDir } from '../helpers/repo-paths';
import { benchDir, writeResult } from './bench-helpers';
import { run as regenerateModelsDoc } from './models-doc.bench';
import { modelRunPlan, type PlanKind } from './quality-plan';
import {
  currentCommit,
  machineDescription,
  modelVersionOf,
  withProvenance,
  type ResultRow,
  type RowProvenance,
} from './result-provenance';
import { protocolTable, readAnchorSet } from './results-table';
import { runSeedModel } from './seed-models';
import { runEpochSeconds } from './seed-models-epoch';
import { runSeqModel } from './seq-models.bench';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The models that run protocols D, E, F and F5 unless --models names others. */
export const listModels = ['popularity', 'item-knn', 'ease', 'biased-mf', 'recency-hybrid'];

export const benchProtocols: ProtocolName[] = ['A', 'B', 'C', 'D', 'E', 'F', 'F5'];

interface DefaultDecision {
  model: string;
  why: string;
  figures: Record<string, number>;
}

/** The engine model with the best protocol C NDCG@20 on ml-latest-small; ties: faster pretraining. */
export function chooseDefault(rows: EvaluationRow[], anchors: AnchorRow[]): DefaultDecision | null {
  const engine = new Set(modelNames());
  const candidates = rows.filter(
    (r) =>
      r.dataset === 'ml-latest-small' &&
      r.protocol === 'C' &&
      r.metric === 'NDCG@20' &&
      engine.has(r.model),
  );
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.value - a.value || a.seconds - b.seconds);
  const best = candidates[0];
  const get = (protocol: string, metric: string) =>
    rows.find(
      (r) =>
        r.model === best.model &&
        r.dataset === 'ml-latest-small' &&
        r.protocol === protocol &&
        r.metric === metric,
    )?.value;
  const figures: Record<string, number> = {};
  for (const [p, m] of [
    ['C', 'NDCG@20'],
    ['C', 'Recall@20'],
    ['B', 'NDCG@10'],
    ['A', 'RMSE'],
  ] as const) {
    const v = get(p, m);
    if (v !== undefined) figures[`${p} ${m}`] = v;
  }
  const bestAnchor = (p: 'A' | 'B' | 'C', col: string, lower: boolean) => {
    const vs = anchors
      .filter((a) => a.protocol === p && a.values[col] !== undefined)
      .map((a) => a.values[col]);
    return vs.length ? (lower ? Math.min(...vs) : Math.max(...vs)) : undefined;
  };
  const checks: string[] = [];
  const compare = (
    label: string,
    mine: number | undefined,
    anchor: number | undefined,
    lower: boolean,
  ) => {
    if (mine === undefined || anchor === undefined) return;
    const beats = lower ? mine < anchor : mine > anchor;
    checks.push(
      `${label} ${mine.toFixed(4)} vs best anchor ${anchor.toFixed(4)} (${beats ? 'beats' : 'does not beat'})`,
    );
  };
  compare('C NDCG@20', figures['C NDCG@20'], bestAnchor('C', 'NDCG@20', false), false);
  compare('C Recall@20', figures['C Recall@20'], bestAnchor('C', 'Recall@20', false), false);
  compare('B NDCG@10', figures['B NDCG@10'], bestAnchor('B', 'NDCG@10 full', false), false);
  compare('A RMSE', figures['A RMSE'], bestAnchor('A', 'RMSE', true), true);
  const others = candidates
    .slice(1)
    .map((c) => `${c.model} ${c.value.toFixed(4)}`)
    .join(', ');
  const why =
    `Best protocol C NDCG@20 on ml-latest-small among engine models (${best.value.toFixed(4)}` +
    `${others ? `; others: ${others}` : ''}), chosen by npm run bench -- quality. ${checks.join('; ')}.`;
  return { model: best.model, why, figures };
}

/** The list protocols' primary metric per protocol (D also needs catalogue coverage ≥ 0.25). */
const listPrimary: Record<ListAnchorProtocol, string> = {
  D: 'tail-p@10',
  E: 'ndcg@20',
  F: 'ndcg@20',
  F5: 'ndcg@20',
};
const minCoverageD = 0.25;

/**
 * One line per list protocol and dataset: does the default model beat the best anchor row on the
 * protocol's primary metric? E.g. "default beats best anchor on D tail-p@10 ml-latest-small:
 * 0.0694 vs 0.0664 (yes)".
 */
export function listVerdicts(
  rows: EvaluationRow[],
  listAnchors: ListAnchorRow[],
  model: string,
  datasets: string[],
): string[] {
  const out: string[] = [];
  for (const p of ['D', 'E', 'F', 'F5'] as const) {
    const metric = listPrimary[p];
    for (const dataset of datasets) {
      const get = (m: string) =>
        rows.find(
          (r) => r.model === model && r.dataset === dataset && r.protocol === p && r.metric === m,
        )?.value;
      const mine = get(metric);
      const anchor = bestListAnchor(listAnchors, p, dataset, metric);
      if (mine === undefined || anchor === undefined) continue;
      const coverage = get('coverage');
      const short = p === 'D' && (coverage === undefined || coverage < minCoverageD);
      const verdict =
        mine > anchor.value && !short
          ? 'yes'
          : short
            ? `no: coverage ${coverage === undefined ? 'not run' : coverage.toFixed(3)} < ${minCoverageD}`
            : 'no';
      out.push(
        `default beats best anchor on ${p} ${metric} ${dataset}: ${mine.toFixed(4)} vs ${anchor.value.toFixed(4)} (${verdict})`,
      );
    }
  }
  return out;
}

type Part = 'baselines' | PlanKind;

export default async function run(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  const parts = (option(args, 'only') ?? 'baselines,models,ablations').split(',') as Part[];
  const unknown = parts.filter((p) => !['baselines', 'models', 'ablations'].includes(p));
  if (unknown.length) throw new Error(`--only takes baselines, models, ablations; not ${unknown}`);
  const started = performance.now();
  let status = 0;
  const recordOnly = args.includes('--record-only');
  if (parts.includes('baselines') || parts.includes('models'))
    status |= await harnessTables(args, quick, parts);
  if (!recordOnly) status |= await recordedRuns(args, quick, parts);
  // Seconds per epoch of ncf, feature-cnn and itemcf-seq (wall and CPU): full runs only.
  const named = option(args, 'models')?.split(',');
  const epochModels = ['ncf', 'feature-cnn', 'itemcf-seq'];
  const timed = !named || named.some((m) => epochModels.includes(m));
  if (!quick && !recordOnly && parts.includes('models') && timed)
    console.log(`wrote ${await runEpochSeconds('ml-latest-small', 2)}`);
  if (!args.includes('--no-doc')) await regenerateModelsDoc(quick ? ['--quick'] : []);
  console.log(`bench quality: ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  return status;
}

/** The issue 5 models' recorded runs of quality-plan.ts (the parts asked for, the datasets asked for). */
async function recordedRuns(args: string[], quick: boolean, parts: Part[]): Promise<number> {
  const datasets = (option(args, 'datasets') ?? 'ml-latest-small,ml-100k').split(',');
  const models = option(args, 'models')?.split(',');
  const plan = modelRunPlan.filter(
    (r) =>
      parts.includes(r.kind) &&
      datasets.includes(r.dataset) &&
      (!models || models.includes(r.model)),
  );
  let failed = 0;
  for (const [i, r] of plan.entries()) {
    const what = `${r.model} ${r.dataset} ${r.label}`;
    console.log(`\n[${i + 1}/${plan.length}] ${r.runner}: ${what}${quick ? ' (quick)' : ''}`);
    try {
      const common = { model: r.model, dataset: r.dataset, label: r.label, seed: r.seed, quick };
      if (r.runner === 'seq-models')
        await runSeqModel({ ...common, protocols: r.protocols, overrides: r.settings });
      else
        await runSeedModel({
          ...common,
          protocols: r.protocols,
          settings: r.settings,
          sweep: r.sweep,
          validation: r.validation,
        });
    } catch (error) {
      failed++;
      console.log(`${what}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed) console.log(`${failed} recorded run(s) failed`);
  return failed ? 1 : 0;
}

const secondsNote =
  'secondsThisRun is the wall time of the run that last wrote this file; rows kept from earlier ' +
  "runs (see each row's commit and date) are not in it, so it is not the sum of the rows' seconds.";

/** The settings an engine model ran with in the harness (its settings hash is the row's modelVersion); null for a baseline. */
async function settingsRun(model: string, quick: boolean): Promise<ModelSettings | null> {
  const definition = await findModelDefinition(model);
  if (!definition || baselineNames.includes(model)) return null;
  return trainingSettings(definition.defaults, undefined, quick);
}

/** Baselines and engine models through the harness: results/quality[-quick].json. */
async function harnessTables(args: string[], quick: boolean, parts: Part[]): Promise<number> {
  const datasets = (option(args, 'datasets') ?? 'ml-latest-small,ml-100k').split(',');
  const protocols = (option(args, 'protocols')?.split(',') ?? benchProtocols) as ProtocolName[];
  const unknownProtocols = protocols.filter((p) => !benchProtocols.includes(p));
  if (unknownProtocols.length)
    throw new Error(`--protocols takes ${benchProtocols.join(',')}; not ${unknownProtocols}`);
  const named = option(args, 'models')?.split(',');
  // --record-only evaluates nothing: the default is chosen and recorded from the kept rows
  const models = args.includes('--record-only')
    ? []
    : (named ?? evaluableModelNames()).filter((m) =>
        baselineNames.includes(m) ? parts.includes('baselines') : parts.includes('models'),
      );
  // The list protocols run for listModels only, unless --models names the models.
  const protocolsOf = (model: string) =>
    protocols.filter(
      (p) => !isListProtocol(p) || named !== undefined || listModels.includes(model),
    );
  const userStride = Number(option(args, 'stride') ?? (quick ? quickUserStride : 1));
  const anchorsFile = path.join(sharedDir, 'ANCHORS.md');
  const anchors = readAnchors(anchorsFile);
  const listAnchors = readListAnchors(anchorsFile);
  const started = performance.now();
  const commit = currentCommit();
  const rows: ResultRow[] = [];
  const failures: { dataset: string; model: string; error: string }[] = [];
  for (const name of models.length > 0 ? datasets : []) {
    const dataset = await loadDatasetThroughCatalogue(path.join(datasetsDir, name));
    for (const model of models) {
      if (protocolsOf(model).length === 0) continue;
      try {
        const date = new Date().toISOString();
        const got = await runEvaluation({
          dataset,
          looPath: path.join(datasetsDir, 'splits', `${name}.loo.csv`),
          protocols: protocolsOf(model),
          models: [model],
          quick,
          userStride,
          defaultModel: '',
          onModelDone: (m, protocol, r) => {
            if (r.length === 0) return; // e.g. no people-like-you list: no E rows
            const brief = r
              .filter((x) => x.metric !== 'seconds-per-profile' && x.metric !== 'people')
              .map((x) => `${x.metric} ${x.value.toFixed(4)}`);
            console.log(
              `${name} ${protocol} ${m}: ${brief.join(', ')} (${r[0]?.seconds.toFixed(1) ?? 0} s)`,
            );
          },
        });
        const provenance: RowProvenance = {
          commit,
          modelVersion: modelVersionOf(await settingsRun(model, quick)),
          date,
          machine: machineDescription(currentBackend()?.backend ?? null),
        };
        rows.push(...got.map((r) => ({ ...r, ...provenance })));
      } catch (error) {
        // One broken model must not hide every other table.
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ dataset: name, model, error: message });
        console.log(`${name} ${model}: FAILED: ${message}`);
      }
    }
  }
  // A partial run (--only, --models, --datasets, --protocols) keeps the rows it did not redo.
  const resultName = quick ? 'quality-quick' : 'quality';
  const previousFile = path.join(benchDir, 'results', `${resultName}.json`);
  const redone = (r: ResultRow) =>
    models.includes(r.model) &&
    datasets.includes(r.dataset) &&
    protocolsOf(r.model).includes(r.protocol);
  // Kept rows keep their own provenance; rows from before it was recorded say 'unrecorded'.
  const kept = existsSync(previousFile)
    ? (JSON.parse(readFileSync(previousFile, 'utf8')) as { rows: EvaluationRow[] }).rows
        .map(({ default: _, ...r }) => withProvenance(r))
        .filter((r) => !redone(r))
    : [];
  rows.push(...kept);
  const allDatasets = [...new Set(rows.map((r) => r.dataset))];
  const allProtocols = [...new Set(rows.map((r) => r.protocol))] as ProtocolName[];
  const decision =
    allDatasets.includes('ml-latest-small') && allProtocols.includes('C')
      ? chooseDefault(rows, anchors)
      : null;
  const marked = rows.map((r) =>
    decision && r.model === decision.model ? { ...r, default: true } : r,
  );
  console.log('');
  const anchorSet = readAnchorSet(anchorsFile);
  const printed = marked.map((r) => ({ ...r, source: `${resultName}.json` }));
  for (const name of datasets) {
    for (const p of protocols) console.log(protocolTable(printed, p, name, anchorSet).join('\n'));
  }
  if (decision) console.log(`Default model: ${decision.model}. ${decision.why}`);
  const defaultName =
    decision?.model ?? (await readDefaultChoice(path.join(repoRoot, 'models')))?.model;
  if (defaultName && protocols.some(isListProtocol)) {
    console.log(`List protocols of the default model (${defaultName}):`);
    for (const line of listVerdicts(rows, listAnchors, defaultName, datasets)) console.log(line);
  }
  let paired: PairedDifference[] | null = null;
  if (decision && args.includes('--paired-c')) {
    const dataset = await loadDatasetThroughCatalogue(path.join(datasetsDir, 'ml-latest-small'));
    paired = await pairedProtocolC(
      evaluatedModel(decision.model, dataset),
      easeModel(500),
      dataset,
    );
    for (const p of paired) {
      console.log(
        `Protocol C over all 10 residues, ${decision.model} − EASE(λ=500): ${p.metric} ` +
          `${p.mean.toFixed(4)} ± ${p.standardError.toFixed(4)} (standard error, ${p.users} people)`,
      );
    }
  }
  const writeDefault =
    decision && !quick && parts.includes('models') && !args.includes('--no-default');
  if (writeDefault) {
    const modelsDir = path.join(repoRoot, 'models');
    await writeDefaultChoice(modelsDir, decision.model, decision.why);
    const own = marked.filter((r) => r.model === decision.model);
    const provenance = await recordEvaluation(modelsDir, decision.model, own, decision.why);
    console.log(
      provenance
        ? `models/${decision.model}/manifest.json: ${provenance.note}`
        : `note: models/${decision.model} is not pretrained yet; its figures are only in the JSON`,
    );
  }
  const file = writeResult(resultName, {
    quick,
    userStride,
    datasets: allDatasets,
    protocols: allProtocols,
    secondsThisRun: (performance.now() - started) / 1000,
    secondsNote,
    default: decision,
    defaultWritten: Boolean(writeDefault),
    failures,
    pairedProtocolC: paired,
    rows: marked,
  });
  console.log(`wrote ${path.relative(repoRoot, file)}`);
  if (failures.length)
    console.log(
      `${failures.length} model run(s) failed: ${failures.map((f) => `${f.dataset}/${f.model}`).join(', ')}`,
    );
  return failures.length ? 1 : 0;
}
