/**
 * The issue 5 models' own runs behind docs/MODELS.md, with the settings they ran with (as changes
 * from each model's defaults): the sequence models through seq-models.bench.ts, the others through
 * seed-models.ts. `bench quality` replays them in this order; `kind` is what --only selects.
 */
import type { ModelSettings } from '../../main/engine/models/model-definition';
import { convAttnLstm, convAttnLstmPaperSettings } from '../../main/engine/models/conv-attn-lstm';
import { kgAttnLstm } from '../../main/engine/models/kg-attn-lstm';

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

/** The sequence models' definitions (their default L2 is left out of the grid). */
const definitions = { 'conv-attn-lstm': convAttnLstm, 'kg-attn-lstm': kgAttnLstm };

/**
 * Sequence models: the full model (early stopping on each person's last 10% of training ratings),
 * the learning-rate and L2 grid its defaults were chosen from by validation MSE, then one part
 * switched off at a time, each trained to its own early stop.
 */
function sequenceRuns(model: keyof typeof definitions, parts: string[]): PlannedModelRun[] {
  return [
    seq('models', model, small, 'full', 'C,A,B', {}),
    seq('models', model, ml100k, 'full', 'B,A', {}),
    seq('ablations', model, small, 'lr-0.001', 'C', { learningRate: 0.001 }),
    ...[1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
      .filter((l2) => l2 !== definitions[model].defaults.l2)
      .map((l2) => seq('ablations', model, small, `l2-${l2}`, 'C', { l2 })),
    ...parts.map((part) => seq('ablations', model, small, `no-${part}`, 'C', { [part]: false })),
    seq('ablations', model, small, 'popularity-weight-1', 'C', { rankingPopularityWeight: 1 }),
  ];
}

export const modelRunPlan: PlannedModelRun[] = [
  ...sequenceRuns('conv-attn-lstm', ['attention', 'lstm', 'residual']),
  // The paper's widths, learning rate and patience (10), trained until its early stop.
  seq('ablations', 'conv-attn-lstm', small, 'paper-settings', 'C', {
    ...convAttnLstmPaperSettings,
    epochs: 40,
  }),
  ...sequenceRuns('kg-attn-lstm', ['attention', 'lstm', 'graph']),
  seed('models', 'ncf', small, 'ncf-ft40', 'B,C', {
    fineTuneSteps: 40,
    fineTuneLearningRate: 0.05,
  }),
  seed('models', 'ncf', small, 'ncf', 'C'),
  seed('models', 'ncf', ml100k, 'ncf', 'B'),
  ...[small, ml100k].flatMap((d) =>
    [1, 8].map((n) => seed('ablations', 'ncf', d, `ncf-neg${n}`, 'B', { negatives: n })),
  ),
  seed('models', 'feature-cnn', small, 'feature-cnn', 'A,B,C'),
  seed('models', 'feature-cnn', ml100k, 'feature-cnn', 'A,B,C'),
  // No validation hold-out: all 12 epochs on every training rating, ranked by predicted rating.
  seed('ablations', 'feature-cnn', small, 'feature-cnn-12ep-no-early-stop', 'A,B,C', {
    validationShare: 0,
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
