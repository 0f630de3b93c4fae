import type { ProtocolName } from '../../shared/domain';
import type { PersonHistory } from '../engine/models/model-definition';
import type { LikeMindedUsers, SimilarMovies } from '../engine/validation/list-protocols';
import type { TrainSet } from './histories';

/** What the harness asks of a model for one person (a training user or a new person). */
export interface Scorer {
  /** Ranking scores over every item into `out` (higher is better). */
  scoreAll?(out: Float32Array): void;
  /** Predicted ratings of the given items (the harness clips them to the scale). */
  predictRatings?(items: Int32Array): Float32Array;
}

export interface FittedModel {
  /** The scorer of a user that was in the training data. */
  forUser(user: number): Scorer;
  /** A new person known only by their ratings: fold-in and/or fine-tune happen here. */
  foldIn(history: PersonHistory): Scorer | Promise<Scorer>;
  /** Similar movies (protocol D), where the model has such a list. */
  similar?: SimilarMovies;
  /** People like you (protocol E): the training users most like a person. */
  likeMinded?: LikeMindedUsers;
  /** Seconds its training took, where fit did not train (a model trained for an earlier protocol). */
  trainSeconds?: number;
  /** Settings chosen while fitting (e.g. a λ tuned on validation), for the report. */
  notes?: Record<string, number | string>;
}

export interface FitOptions {
  seed: number;
  /** The protocol being run: models that tune on validation shape it like that protocol. */
  protocol: ProtocolName;
  /** Quick mode for CI (quick-mode.ts): engine models train with quickSettings. */
  quick: boolean;
}

/** A model the harness can evaluate: a classical baseline or an adapted engine model definition. */
export interface EvaluatedModel {
  name: string;
  /** Produces ranking scores (protocols B and C's top-N metrics). */
  ranks: boolean;
  /** Produces rating predictions (protocol A, protocol C's RMSE/MAE). */
  predicts: boolean;
  fit(train: TrainSet, options: FitOptions): Promise<FittedModel> | FittedModel;
}
