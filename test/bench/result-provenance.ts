import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { EvaluationRow } from '../../shared/domain';
import type { ModelSettings } from '../../main/engine/models/model-definition';
import { settingsHash } from '../../main/engine/models/settings-hash';
import { repoRoot } from '../helpers/repo-paths';

/** Where a results row came from: which code, which model settings, when, on what machine. */
export interface RowProvenance {
  /** `git rev-parse --short HEAD`, plus '+dirty' when the working tree had changes. */
  commit: string;
  /** Engine models: the settings hash of the settings the run used; baselines: 'baseline'. */
  modelVersion: string;
  /** ISO date of the run. */
  date: string;
  /** Cores, CPU, memory, Node version and tfjs backend of the machine that ran it. */
  machine: string;
}

/** A row of results/quality.json: an evaluation row and its provenance. */
export type ResultRow = EvaluationRow & RowProvenance;

/** Rows written before provenance was recorded carry this in every provenance field. */
export const unrecorded = 'unrecorded';

export const unrecordedProvenance: RowProvenance = {
  commit: unrecorded,
  modelVersion: unrecorded,
  date: unrecorded,
  machine: unrecorded,
};

/** A row as read back from an earlier results file: its own provenance, or 'unrecorded'. */
export function withProvenance(row: EvaluationRow & Partial<RowProvenance>): ResultRow {
  return { ...row, ...unrecordedProvenance, ...definedFields(row) };
}

function definedFields(row: Partial<RowProvenance>): Partial<RowProvenance> {
  const out: Partial<RowProvenance> = {};
  for (const key of ['commit', 'modelVersion', 'date', 'machine'] as const)
    if (typeof row[key] === 'string') out[key] = row[key];
  return out;
}

/** The checked-out commit, '+dirty' when the tree has changes; 'unknown' without git. */
export function currentCommit(cwd = repoRoot): string {
  // the device kit's copy of the tree has no .git: the kit names the commit it was built from
  const named = process.env.MOVIE_ASSISTANT_COMMIT;
  if (named) return named;
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const head = git('rev-parse', '--short', 'HEAD').trim();
    return git('status', '--porcelain').trim() ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** E.g. "2 cores AMD EPYC 7B13, 8 GB, node v20.19.0, backend wasm". */
export function machineDescription(backend: string | null): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} cores ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, backend ${backend ?? 'none'}`
  );
}

/** The model version of a row: the settings hash of an engine model's settings, else 'baseline'. */
export function modelVersionOf(settings: ModelSettings | null): string {
  return settings ? settingsHash(settings) : 'baseline';
}
