import type { UnknownMovieError } from '../lists/unknown-movie';

/**
 * The errors the engine throws for its callers to recognise. main/api/errors.ts turns them into
 * the API's error codes; the engine itself knows nothing of the API. This file stays free of
 * TensorFlow.js (UnknownMovieError is only named here as a type), so the API can import it
 * without loading the engine.
 */
export type { UnknownMovieError };

/** A list was asked for while no pretrained model is loaded. */
export class ModelNotLoadedError extends Error {
  constructor(readonly pretraining: boolean) {
    const hint = pretraining
      ? 'the first model is being trained, try again in a moment'
      : 'run `movie-assistant pretrain`';
    super(`No pretrained model is available: ${hint}.`);
    this.name = 'ModelNotLoadedError';
  }
}

/** A fine-tune or a pretraining run was cancelled through its signal. */
export class TrainingCancelledError extends Error {
  constructor(readonly job: 'finetune' | 'pretrain') {
    super(
      job === 'finetune'
        ? 'The fine-tune was cancelled.'
        : 'Training was cancelled; the previous model is kept.',
    );
    this.name = 'TrainingCancelledError';
  }
}

/** Pretraining has nothing to train on: no dataset ratings, or no way to read the one named. */
export class NoTrainingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoTrainingDataError';
  }
}

/** Pretraining was asked for a setting the chosen model does not have (e.g. epochs for a closed-form model). */
export class UnsupportedSettingError extends Error {
  constructor(model: string, setting: string) {
    super(`The ${model} model has no "${setting}" setting; train it without --${setting}.`);
    this.name = 'UnsupportedSettingError';
  }
}
