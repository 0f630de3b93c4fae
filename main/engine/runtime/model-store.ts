import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BackendName, EvaluationRow } from '../../../shared/domain';
import { recoverDir, writeDirAtomic, writeFileAtomic } from './atomic';
import type { ModelSettings, TrainedModel } from '../models/model-definition';
import { findModelDefinition, getModelDefinition } from '../models';
import { settingsHash } from '../models/settings-hash';

/**
 * The pretrained-model store: `<modelsDir>/<name>/` holds a model's weight files (written by the
 * model's own `save`), and `manifest.json`; `<modelsDir>/default.json` names the model the app
 * loads and says why it was chosen. Every write is atomic (the last good model stays).
 */
export const manifestFormat = 1;

export interface ModelManifest {
  format: number;
  model: string;
  description: string;
  /**
   * `<package version>+<dataset fingerprint>.<seed>.<settings hash>`: changes whenever the weights
   * could, so personal states stored under another version are never reused.
   */
  version: string;
  dataset: { name: string; fingerprint: string; users: number; items: number; ratings: number };
  settings: ModelSettings;
  seed: number;
  /** Ratings held out of training for early stopping (each dataset user's latest share). */
  validation?: { share: number; ratings: number };
  createdAt: string;
  backend: BackendName | null;
  trainSeconds: number;
  epochs: { epoch: number; loss: number; validationLoss?: number; lossName?: string }[];
  metrics: EvaluationRow[];
  /** Which runs `metrics` came from (recordEvaluation); absent in manifests written before it. */
  metricsProvenance?: MetricsProvenance;
  /** Why this model is the app's default (from the benchmark that chose it), if it is. */
  why?: string;
}

/** Where a manifest's `metrics` came from, and why rows were left out. */
export interface MetricsProvenance {
  /**
   * The settings hash of this manifest's settings; only rows with this modelVersion (or that of
   * the settings completed by the model's defaults) are kept.
   */
  settingsHash: string;
  /** The commits of the runs the kept rows came from. */
  commits: string[];
  note: string;
}

/** An evaluation row with the provenance the quality benchmark records (test/bench). */
export interface EvaluationRowWithVersion extends EvaluationRow {
  /** The settings hash of the settings the row's run used ('baseline', 'unrecorded', ...). */
  modelVersion?: string;
  /** The commit the run was made from. */
  commit?: string;
}

export interface DefaultChoice {
  model: string;
  why: string;
  chosenAt: string;
}

export interface LoadedModel {
  manifest: ModelManifest;
  model: TrainedModel;
  dir: string;
}

export function modelDir(modelsDir: string, name: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad model name "${name}"`);
  return path.join(modelsDir, name);
}

export async function saveModel(
  modelsDir: string,
  model: TrainedModel,
  manifest: ModelManifest,
): Promise<string> {
  const dir = modelDir(modelsDir, model.name);
  await writeDirAtomic(dir, async (tmp) => {
    await model.save(tmp);
    await writeFileAtomic(
      path.join(tmp, 'manifest.json'),
      JSON.stringify(manifest, null, 2) + '\n',
    );
  });
  return dir;
}

export async function readManifest(dir: string): Promise<ModelManifest> {
  const manifest = JSON.parse(
    await readFile(path.join(dir, 'manifest.json'), 'utf8'),
  ) as ModelManifest;
  if (manifest.format !== manifestFormat)
    throw new Error(`${dir}: manifest format ${manifest.format} is not supported`);
  return manifest;
}

export async function loadModel(modelsDir: string, name: string): Promise<LoadedModel> {
  const dir = modelDir(modelsDir, name);
  await recoverDir(dir);
  const manifest = await readManifest(dir);
  const model = await (await getModelDefinition(manifest.model)).load(dir, manifest.settings);
  return { manifest, model, dir };
}

/** Models present in the store (folders with a readable manifest), by name. */
export async function listModels(modelsDir: string): Promise<ModelManifest[]> {
  let entries: string[];
  try {
    entries = await readdir(modelsDir);
  } catch {
    return [];
  }
  const out: ModelManifest[] = [];
  for (const e of entries.filter((x) => !x.startsWith('.')).sort()) {
    try {
      out.push(await readManifest(path.join(modelsDir, e)));
    } catch {
      // not a model folder
    }
  }
  return out;
}

export async function readDefaultChoice(modelsDir: string): Promise<DefaultChoice | null> {
  try {
    return JSON.parse(
      await readFile(path.join(modelsDir, 'default.json'), 'utf8'),
    ) as DefaultChoice;
  } catch {
    return null;
  }
}

/** Records which model the app loads (the evaluation benchmark calls this with its reason). */
export async function writeDefaultChoice(
  modelsDir: string,
  model: string,
  why: string,
): Promise<void> {
  const choice: DefaultChoice = { model, why, chosenAt: new Date().toISOString() };
  await writeFileAtomic(
    path.join(modelsDir, 'default.json'),
    JSON.stringify(choice, null, 2) + '\n',
  );
}

/**
 * Stores a model's evaluation figures (and why it was chosen) in its manifest, so the app can
 * show them; the weights are untouched. Only rows whose modelVersion is the settings hash of the
 * manifest's settings, as written or as the model's definition completes them, are kept (rows
 * from other settings, or unrecorded ones, measured another model); `metricsProvenance` says which runs they came from, or why none were kept. Returns the
 * provenance written, or null when the model is not in the store (nothing is written then).
 */
export async function recordEvaluation(
  modelsDir: string,
  name: string,
  rows: EvaluationRowWithVersion[],
  why?: string,
): Promise<MetricsProvenance | null> {
  const dir = modelDir(modelsDir, name);
  let manifest: ModelManifest;
  try {
    manifest = await readManifest(dir);
  } catch {
    return null;
  }
  const definition = await findModelDefinition(name);
  const { metrics, provenance } = metricsOfTheseSettings(
    manifest.settings,
    rows,
    definition?.resolveSettings(manifest.settings),
  );
  const updated: ModelManifest = {
    ...manifest,
    metrics,
    metricsProvenance: provenance,
    ...(why ? { why } : {}),
  };
  await writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(updated, null, 2) + '\n');
  return provenance;
}

/**
 * The rows measured with exactly `settings` (plain rows, provenance dropped), and their
 * provenance. `resolved` are those settings as the model's definition completes them with its
 * defaults, which is how the model loads them: a manifest written before a setting was added
 * (off by default) hashes otherwise than the same settings with that setting's default written
 * out, and rows of either hash measured this model.
 */
export function metricsOfTheseSettings(
  settings: ModelSettings,
  rows: EvaluationRowWithVersion[],
  resolved?: ModelSettings,
): { metrics: EvaluationRow[]; provenance: MetricsProvenance } {
  const hash = settingsHash(settings);
  const same = new Set([hash, ...(resolved ? [settingsHash(resolved)] : [])]);
  const matching = rows.filter((r) => r.modelVersion !== undefined && same.has(r.modelVersion));
  const metrics = matching.map(
    ({ modelVersion: _version, commit: _commit, ...row }) => row as EvaluationRow,
  );
  const commits = [...new Set(matching.map((r) => r.commit ?? 'unrecorded'))];
  const others = [...new Set(rows.map((r) => r.modelVersion ?? 'unrecorded'))].filter(
    (v) => !same.has(v),
  );
  const resolvedHash = [...same].find((h) => h !== hash);
  const alsoAs = matching.some((r) => r.modelVersion === resolvedHash)
    ? ` Rows hashed ${resolvedHash} ran with the same settings, completed by the model's defaults.`
    : '';
  const leftOut = rows.length - matching.length;
  const note =
    matching.length === 0
      ? `No figures recorded: none of the ${rows.length} row(s) offered ran with these settings ` +
        `(settings hash ${hash}; the rows name ${others.join(', ') || 'no version'}).`
      : 'Protocol figures come from retraining this model definition with these settings on each ' +
        "protocol's training split, not from these exact weights (trained on the whole dataset)." +
        alsoAs +
        (leftOut > 0
          ? ` ${leftOut} row(s) from other settings (${others.join(', ')}) were left out.`
          : '');
  return { metrics, provenance: { settingsHash: hash, commits, note } };
}

/**
 * The model the app should load: an explicit name (option or MOVIE_ASSISTANT_MODEL), else
 * default.json's, else the only/first model in the store; null when the store is empty.
 */
export async function resolveDefaultModel(
  modelsDir: string,
  explicit?: string,
): Promise<{ name: string; why: string } | null> {
  const wanted = explicit ?? process.env.MOVIE_ASSISTANT_MODEL;
  if (wanted) return { name: wanted, why: 'named explicitly' };
  const choice = await readDefaultChoice(modelsDir);
  if (choice) return { name: choice.model, why: choice.why };
  const models = await listModels(modelsDir);
  if (models.length > 0) return { name: models[0].model, why: 'the only pretrained model found' };
  return null;
}
