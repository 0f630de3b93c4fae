import { describe, expect, test } from 'vitest';
import { ApiError } from '../../shared/api';
import { toApiErrorShape } from '../../main/api/errors';
import {
  ModelNotLoadedError,
  NoTrainingDataError,
  TrainingCancelledError,
} from '../../main/engine/runtime/errors';
import { UnknownMovieError } from '../../main/engine/lists/unknown-movie';

describe('toApiErrorShape', () => {
  test("maps the engine's own errors to the API's codes", () => {
    expect(toApiErrorShape(new UnknownMovieError(42))).toEqual({
      code: 'not-found',
      message: "Movie 42 is not in the model's catalogue.",
    });
    expect(toApiErrorShape(new ModelNotLoadedError(false))).toEqual({
      code: 'not-found',
      message: 'No pretrained model is available: run `movie-assistant pretrain`.',
    });
    expect(toApiErrorShape(new ModelNotLoadedError(true)).message).toMatch(/being trained/);
    expect(toApiErrorShape(new TrainingCancelledError('finetune'))).toEqual({
      code: 'cancelled',
      message: 'The fine-tune was cancelled.',
    });
    expect(toApiErrorShape(new TrainingCancelledError('pretrain'))).toEqual({
      code: 'cancelled',
      message: 'Training was cancelled; the previous model is kept.',
    });
    expect(toApiErrorShape(new NoTrainingDataError('nothing to train on'))).toEqual({
      code: 'bad-request',
      message: 'nothing to train on',
    });
  });

  test('keeps ApiErrors and reports anything else as failed', () => {
    expect(toApiErrorShape(new ApiError('locked', 'Profile "A" is locked'))).toEqual({
      code: 'locked',
      message: 'Profile "A" is locked',
    });
    expect(toApiErrorShape(new Error('disk full'))).toEqual({
      code: 'failed',
      message: 'disk full',
    });
  });
});
