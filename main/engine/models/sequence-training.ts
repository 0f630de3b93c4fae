import { throwIfTrainingAborted, type TrainHooks } from './model-definition';
import { Rng } from '../numeric/rng';
import { Yielder } from '../runtime/yield';
import {
  makeBatch,
  shuffledBatches,
  type BatchSource,
  type SequenceWindow,
  type WindowBatch,
} from './sequence-data';

/**
 * The epoch loop shared by the sequence models: shuffled window batches, validation MSE on each
 * user's held-out final ratings, early stopping with the best weights restored, progress and
 * cancellation through the engine's TrainHooks.
 */
export interface SequenceTrainer {
  /** One optimisation step; returns the batch's training loss. */
  trainBatch(batch: WindowBatch, rng: Rng): number;
  /** Squared error summed over the batch's weighted targets (clipped predictions). */
  validationSse(batch: WindowBatch): number;
  /** Copies of every trainable value; calling the result restores them. */
  snapshot(): () => void;
}

export interface SequenceLoopOptions {
  src: BatchSource;
  windows: SequenceWindow[];
  valStart: Int32Array;
  epochs: number;
  batchSize: number;
  patience: number;
  hooks: TrainHooks;
}

export interface SequenceLoopResult {
  epochsRun: number;
  bestEpoch: number;
  bestValidationMse: number | null;
  secondsPerEpoch: number;
}

export async function runSequenceLoop(
  trainer: SequenceTrainer,
  o: SequenceLoopOptions,
): Promise<SequenceLoopResult> {
  const rng = new Rng(o.hooks.seed + 17);
  const yielder = new Yielder(50);
  const valBatches: WindowBatch[] = [];
  let valCount = 0;
  for (let k = 0; k < o.windows.length; k += 256) {
    const batch = makeBatch(o.src, o.windows.slice(k, k + 256), o.valStart, 'validation');
    const n = batch.targetWeight.reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    valBatches.push(batch);
    valCount += n;
  }
  let best = Infinity;
  let bestEpoch = 0;
  let restoreBest: (() => void) | null = null;
  let epochsRun = 0;
  let trainSeconds = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    throwIfTrainingAborted(o.hooks.signal);
    const started = performance.now();
    let lossSum = 0;
    let steps = 0;
    for (const windows of shuffledBatches(o.windows, o.batchSize, rng)) {
      const batch = makeBatch(o.src, windows, o.valStart, 'train');
      if (!batch.targetWeight.some((w) => w > 0)) continue;
      lossSum += trainer.trainBatch(batch, rng);
      steps++;
      await yielder.maybeYield();
      throwIfTrainingAborted(o.hooks.signal);
    }
    trainSeconds += (performance.now() - started) / 1000;
    epochsRun = epoch;
    let validationLoss: number | undefined;
    if (valCount > 0) {
      let sse = 0;
      for (const b of valBatches) sse += trainer.validationSse(b);
      validationLoss = sse / valCount;
      if (validationLoss < best - 1e-5) {
        best = validationLoss;
        bestEpoch = epoch;
        restoreBest = trainer.snapshot();
      }
    }
    o.hooks.onProgress?.({
      epoch,
      totalEpochs: o.epochs,
      loss: steps ? lossSum / steps : 0,
      validationLoss,
    });
    await yielder.maybeYield();
    if (valCount > 0 && epoch - bestEpoch >= o.patience) break;
  }
  restoreBest?.();
  return {
    epochsRun,
    bestEpoch: bestEpoch || epochsRun,
    bestValidationMse: valCount > 0 ? best : null,
    secondsPerEpoch: epochsRun ? trainSeconds / epochsRun : 0,
  };
}
