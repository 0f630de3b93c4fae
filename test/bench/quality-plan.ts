/**
 * The issue 5 models' own runs behind docs/MODELS.md, with the settings they ran with (as changes
 * from each model's defaults): the sequence models through seq-models.bench.ts, the others through
 * seed-models.ts. `bench quality` replays them in this order; `kind` is what --only selects.
 */
import type { ModelSettings } from '../../main/engine/model-definition';

export type PlanKind = 'models' | 'ablations';

interface PlannedRun {
  kind: PlanKind;
  model: string;
  dataset: string;
  label: string;
  seed: number;
  settings: ModelSettings;
}

export interface PlannedSeqRun extends PlannedRun {
  runner: 'seq-models';
  protocols: string[];
}

export interface PlannedSeedRun extends PlannedRun {
  runner: 'seed-models';
  protocols: string[];
  sweep?: boolean;
  validation?: boolean;
}

export type PlannedModelRun = PlannedSeqRun | PlannedSeedRun;

const small = 'ml-latest-small';
const ml100k = 'ml-100k';

function seq(
  kind: PlanKind,
  model: string,
  dataset: string,
  label: string,
  protocols: string,
  settings: ModelSettings,
): PlannedSeqRun {
  return {
    runner: 'seq-models',
    kind,
    model,
    dataset,
    label,
    seed: 1,
    protocols: protocols.split(','),
    settings,
  };
}

function seed(
  kind: PlanKind,
  model: string,
  dataset: string,
  label: string,
  protocols: string,
  settings: ModelSettings = {},
  sweep: Pick<PlannedSeedRun, 'sweep' | 'validation'> = {},
): PlannedSeedRun {
  return {
    runner: 'seed-models',
    kind,
    model,
    dataset,
    label,
    seed: 42,
    protocols: protocols ? protocols.split(',') : [],
    settings,
    ...sweep,
  };
}

/** Sequence models: the full model, then one part switched off at a time (1 epoch each). */
function sequenceRuns(
  model: 'conv-attn-lstm' | 'kg-attn-lstm',
  parts: string[],
): PlannedModelRun[] {
  return [
    seq('models', model, small, 'full', 'C,A,B', { epochs: 3 }),
    seq('models', model, ml100k, 'full', 'B,A', {}),
    seq('ablations', model, small, 'full-1-epoch', 'C', { epochs: 1 }),
    ...parts.map((part) =>
      seq('ablations', model, small, `no-${part}`, 'C', { epochs: 1, [part]: false }),
    ),
    seq('ablations', model, small, 'popularity-weight-1', 'C', { rankingPopularityWeight: 1 }),
  ];
}

export const modelRunPlan: PlannedModelRun[] = [
  ...sequenceRuns('conv-attn-lstm', ['attention', 'lstm', 'residual']),
  seq('ablations', 'conv-attn-lstm', small, 'paper-settings-1-epoch', 'C', {
    dim: 64,
    filters: 64,
    lstmUnits: 64,
    learningRate: 0.0001,
    epochs: 1,
    patience: 10,
  }),
  ...sequenceRuns('kg-attn-lstm', ['attention', 'lstm', 'graph']),
  seed('models', 'ncf', small, 'ncf', 'B,C', { fineTuneSteps: 40, fineTuneLearningRate: 0.05 }),
  seed('models', 'ncf', small, 'ncf', 'C'),
  seed('models', 'ncf', ml100k, 'ncf', 'B'),
  ...[small, ml100k].flatMap((d) =>
    [1, 8].map((n) => seed('ablations', 'ncf', d, `ncf-neg${n}`, 'B', { negatives: n })),
  ),
  seed('models', 'feature-cnn', small, 'feature-cnn', 'A,B,C'),
  seed('models', 'feature-cnn', ml100k, 'feature-cnn', 'A,B,C'),
  seed('ablations', 'feature-cnn', small, 'feature-cnn-12ep-no-early-stop', 'A,B,C', {
    patience: 2,
    rankingPopularityWeight: 0,
  }),
  ...[small, ml100k].map((d) =>
    seed('ablations', 'feature-cnn', d, 'feature-cnn-no-title', 'A', { titleCnn: false }),
  ),
  seed('models', 'itemcf-seq', small, 'itemcf-seq', 'B,C'),
  seed('models', 'itemcf-seq', ml100k, 'itemcf-seq', 'B'),
  // The α sweep (precision, recall, coverage, novelty, ILS across fusion ratios), and on a
  // validation split for choosing α.
  seed('ablations', 'itemcf-seq', small, 'itemcf-seq', '', { alpha: 0.5 }, { sweep: true }),
  seed('ablations', 'itemcf-seq', ml100k, 'itemcf-seq', '', {}, { sweep: true }),
  seed(
    'ablations',
    'itemcf-seq',
    small,
    'itemcf-seq-validation',
    '',
    { alpha: 0.5 },
    {
      sweep: true,
      validation: true,
    },
  ),
];
