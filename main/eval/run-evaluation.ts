import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EvaluationRow, ProtocolName } from '../../shared/domain';
import type { EngineDataset } from '../core/engine-dataset';
import type { ModelSettings } from '../engine/models/model-definition';
import { evaluableModelNames, evaluatedModel } from './model-registry';
import { isListProtocol, runListProtocol } from './list-protocol-runs';
import { runProtocolA, runProtocolB, runProtocolC, type ProtocolOptions } from './protocols';
import { quickUserStride } from './quick-mode';
import { parseLooFile, type SampledCandidates } from './splits';

export type { ProtocolName };

export interface EvaluationOptions {
  /** A MovieLens release (folder or zip): imported into a temporary catalogue first. */
  datasetPath?: string;
  /** Or a dataset already in memory, or (the API's request shape) a path. */
  dataset?: EngineDataset | string;
  protocols?: ProtocolName[];
  /** The API's request shape: one protocol. */
  protocol?: ProtocolName;
  /** Model names (baselines and engine models); all when omitted. */
  models?: string[];
  /** The API's request shape: one model. */
  model?: string;
  /** Quick mode for CI (quick-mode.ts): quick settings, every 10th person in B and C. */
  quick?: boolean;
  /** Evaluate every n-th user in B and C instead (default: 10 when quick, else 1). */
  userStride?: number;
  /** Settings over an engine model's defaults (a benchmark's quick run); baselines ignore them. */
  engineSettings?: (name: string, defaults: ModelSettings) => ModelSettings;
  seed?: number;
  /** The `<name>.loo.csv` with the sampled negatives; by default `<dataset path>/../splits/`. */
  looPath?: string;
  /** Rows of this model get `default: true`; by default the model named in models/default.json. */
  defaultModel?: string;
  modelsDir?: string;
  /** Where the temporary catalogue of a `datasetPath` goes (default: the system's temp folder). */
  scratchDir?: string;
  onModelDone?: (model: string, protocol: ProtocolName, rows: EvaluationRow[]) => void;
}

/** importer → temporary SQLite catalogue → loadEngineDataset, in the release's own item ids. */
export async function loadDatasetThroughCatalogue(
  datasetPath: string,
  scratchDir = tmpdir(),
): Promise<EngineDataset> {
  const { openCatalogue } = await import('../catalogue/db');
  const { importRelease } = await import('../importers/import-release');
  const { loadEngineDataset } = await import('../catalogue/training-data');
  const dir = mkdtempSync(path.join(scratchDir, 'movie-assistant-eval-'));
  const db = openCatalogue(path.join(dir, 'catalogue.db'));
  try {
    await importRelease(db, datasetPath);
    return loadEngineDataset(db, undefined, { idSpace: 'release' });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The sampled negatives of protocol B: `looPath`, else `splits/<name>.loo.csv` next to the
 * dataset folder the evaluation was given (`<dataset>/../splits/`); none for a dataset in memory
 * without a looPath, or when the file is missing (protocol B then has no sampled metrics).
 */
export function looFileFor(
  datasetName: string,
  datasetPath: string | undefined,
  looPath: string | undefined,
): string | null {
  if (looPath) return looPath;
  if (!datasetPath) return null;
  return path.join(path.resolve(datasetPath), '..', 'splits', `${datasetName}.loo.csv`);
}

function sampledCandidates(dataset: EngineDataset, file: string | null): SampledCandidates | null {
  if (!file || !existsSync(file)) return null;
  return parseLooFile(readFileSync(file, 'utf8'), dataset);
}

export interface EvaluationJob {
  signal?: AbortSignal;
  onProgress?: (progress: {
    phase: string;
    current: number;
    total: number | null;
    unit: 'steps';
  }) => void;
}

async function defaultModelName(modelsDir: string | undefined): Promise<string | undefined> {
  const { readDefaultChoice } = await import('../engine/runtime/model-store');
  const dir = modelsDir ?? path.resolve(import.meta.dirname, '../../models');
  return (await readDefaultChoice(dir))?.model;
}

/**
 * Runs the protocols of ../shared/EVALUATION.md for each model and returns every row. Accepts
 * the API's request ({dataset: path, protocol, model}) as well as the long form.
 */
export async function runEvaluation(
  options: EvaluationOptions,
  job: EvaluationJob = {},
): Promise<EvaluationRow[]> {
  const path_ = typeof options.dataset === 'string' ? options.dataset : options.datasetPath;
  const inMemory = typeof options.dataset === 'object' ? options.dataset : null;
  job.onProgress?.({ phase: 'loading dataset', current: 0, total: null, unit: 'steps' });
  const dataset =
    inMemory ?? (path_ ? await loadDatasetThroughCatalogue(path_, options.scratchDir) : null);
  if (!dataset) throw new Error('runEvaluation needs a dataset or a datasetPath');
  const protocols = options.protocols ?? (options.protocol ? [options.protocol] : ['A', 'B', 'C']);
  const names = options.models ?? (options.model ? [options.model] : evaluableModelNames());
  const defaultModel = options.defaultModel ?? (await defaultModelName(options.modelsDir));
  const total = names.length * protocols.length;
  let done = 0;
  const sampled = protocols.includes('B')
    ? sampledCandidates(dataset, looFileFor(dataset.name, path_, options.looPath))
    : null;
  const base: ProtocolOptions = {
    seed: options.seed ?? 1,
    quick: options.quick ?? false,
    userStride: 1,
  };
  const rows: EvaluationRow[] = [];
  for (const name of names) {
    for (const protocol of protocols) {
      if (job.signal?.aborted) {
        const { AbortError } = await import('../engine/models/model-definition');
        throw new AbortError();
      }
      job.onProgress?.({
        phase: `${name} · protocol ${protocol}`,
        current: done++,
        total,
        unit: 'steps',
      });
      const model = evaluatedModel(name, dataset, options.engineSettings);
      const stride = options.userStride ?? (options.quick ? quickUserStride : 1);
      const opts = { ...base, userStride: protocol !== 'A' ? stride : 1 };
      const got = isListProtocol(protocol)
        ? await runListProtocol(model, dataset, protocol, base)
        : protocol === 'A'
          ? await runProtocolA(model, dataset, opts)
          : protocol === 'B'
            ? await runProtocolB(model, dataset, opts, sampled)
            : await runProtocolC(model, dataset, opts);
      const marked = got.map((r) => (name === defaultModel ? { ...r, default: true } : r));
      options.onModelDone?.(name, protocol, marked);
      rows.push(...marked);
    }
  }
  return rows;
}
