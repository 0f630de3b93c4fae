import type { BackendName } from '../../../shared/domain';
import type { EngineDataset } from '../../core/engine-dataset';
import type { ModelSettings, PersonHistory, PersonalState } from '../models/model-definition';
import type { ModelManifest } from './model-store';

/** The messages between the service and the training worker (main/engine/runtime/train-worker.ts). */
export interface PretrainJob {
  kind: 'pretrain';
  dataset: EngineDataset;
  model: string;
  modelsDir: string;
  seed?: number;
  settings?: Partial<ModelSettings>;
  why?: string;
}

export interface FineTuneJob {
  kind: 'finetune';
  modelsDir: string;
  model: string;
  /** Manifest version of the model the state must come from (the worker reloads on change). */
  modelVersion: string;
  history: PersonHistory;
  start: PersonalState;
}

export type TrainingJob = PretrainJob | FineTuneJob;

export interface PretrainOutcome {
  kind: 'pretrain';
  manifest: ModelManifest;
  dir: string;
  seconds: number;
}

export interface FineTuneOutcome {
  kind: 'finetune';
  state: PersonalState;
  steps: number;
  finalLoss: number;
  /** Time of the fine-tune itself, model already loaded. */
  seconds: number;
}

export type TrainingOutcome = PretrainOutcome | FineTuneOutcome;

export interface TrainingProgress {
  unit: 'epochs' | 'steps';
  current: number;
  total: number;
  loss: number;
  validationLoss?: number;
  lossName?: string;
  etaSeconds: number | null;
}

export type ToWorker =
  | { type: 'job'; id: number; job: TrainingJob; backend?: BackendName }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; progress: TrainingProgress }
  | { type: 'done'; id: number; outcome: TrainingOutcome; backend: BackendName }
  | { type: 'error'; id: number; error: { name: string; message: string } };
