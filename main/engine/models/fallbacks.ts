import {
  throwIfTrainingAborted,
  type FineTuneOptions,
  type FineTuneResult,
  type PersonHistory,
  type PersonalState,
  type TrainedModel,
} from './model-definition';

/**
 * What the engine does for the optional parts of TrainedModel a model leaves out. Every caller
 * (the training worker, the lists, the evaluation harness) goes through these two functions, so a
 * model without a fine-tune is never reported as fine-tuned and every model explains its lists.
 */

/**
 * The model's fine-tune, or, for a model that has nothing to train per person, its fold-in
 * (`kind: 'folded-in'`, 0 steps).
 */
export async function fineTuneOrFoldIn(
  model: TrainedModel,
  history: PersonHistory,
  start: PersonalState,
  options: FineTuneOptions = {},
): Promise<FineTuneResult> {
  if (model.fineTune) return model.fineTune(history, start, options);
  throwIfTrainingAborted(options.signal);
  const state = start.kind === 'folded-in' ? start : model.foldIn(history);
  return { state, steps: 0, finalLoss: ownLoss(model, state, history) };
}

/**
 * The mean squared error of the predicted ratings on the person's own ratings, for models that
 * predict ratings; 0 for ranking-only models (they have no rating loss).
 */
export function ownLoss(model: TrainedModel, state: PersonalState, history: PersonHistory): number {
  const n = history.items.length;
  if (!model.predictsRatings || n === 0) return 0;
  const predicted = model.predictRatings(state, history, history.items);
  let sse = 0;
  for (let j = 0; j < n; j++) sse += (predicted[j] - history.ratings[j]) ** 2;
  return sse / n;
}

/** The model's explanation, else the exact leave-one-out drop of the fold-in's score. */
export function explainScore(
  model: TrainedModel,
  state: PersonalState,
  history: PersonHistory,
  item: number,
): Float32Array {
  return model.explain
    ? model.explain(state, history, item)
    : leaveOneOutDrops(model, history, item);
}

/**
 * How much `item`'s score drops when each rated movie is left out of the history, both scores
 * from a fresh fold-in: one foldIn and one scoreAll per rated movie. (A fine-tuned state cannot be
 * refitted without each movie in time, so the drop is that of the fold-in.)
 */
export function leaveOneOutDrops(
  model: TrainedModel,
  history: PersonHistory,
  item: number,
): Float32Array {
  const n = history.items.length;
  const drops = new Float32Array(n);
  if (n === 0) return drops;
  const scores = new Float32Array(model.movieIds.length);
  model.scoreAll(model.foldIn(history), history, scores);
  const full = scores[item];
  for (let t = 0; t < n; t++) {
    const rest = withoutEntry(history, t);
    model.scoreAll(model.foldIn(rest), rest, scores);
    drops[t] = full - scores[item];
  }
  return drops;
}

/** The history without entry t. */
export function withoutEntry(h: PersonHistory, t: number): PersonHistory {
  const drop = <A extends Int32Array | Float32Array | Float64Array>(a: A): A => {
    const out = a.slice(0, a.length - 1) as A;
    out.set(a.subarray(t + 1), t);
    return out;
  };
  return { items: drop(h.items), ratings: drop(h.ratings), times: drop(h.times) };
}
