import type { PersonHistory, PersonalState, TrainedModel } from '../models/model-definition';

/**
 * How one person is scored, by the lists and by the evaluation harness alike (one path, so the
 * harness measures what the app shows): the model's ranking scores over every movie, and its
 * predicted ratings where the model predicts ratings.
 */
export interface PersonScorer {
  scoreAll(out: Float32Array): void;
  /** Absent for ranking-only models. */
  predictRatings?(items: Int32Array): Float32Array;
}

export function personScorer(
  model: TrainedModel,
  history: PersonHistory,
  state: PersonalState,
): PersonScorer {
  return {
    scoreAll: (out) => model.scoreAll(state, history, out),
    ...(model.predictsRatings
      ? { predictRatings: (items: Int32Array) => model.predictRatings(state, history, items) }
      : {}),
  };
}
