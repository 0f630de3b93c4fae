import type { z } from 'zod';
import { ApiError, ApiErrorShape } from '../../shared/api';
import {
  ModelNotLoadedError,
  NoTrainingDataError,
  UnsupportedSettingError,
  TrainingCancelledError,
  type UnknownMovieError,
} from '../engine/runtime/errors';

const codes = new Set<string>(ApiErrorShape.shape.code.options);

/** Any thrown value as the error shape that every entry point (IPC, WebSocket, CLI) returns. */
export function toApiErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  const fromEngine = engineErrorShape(error);
  if (fromEngine) return fromEngine;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) {
      return { code: code as ApiErrorShape['code'], message: error.message };
    }
    if (error.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled' };
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      return { code: 'conflict', message: error.message };
    }
    return { code: 'failed', message: error.message || error.name };
  }
  return { code: 'failed', message: String(error) };
}

/** The engine's own errors (main/engine/runtime/errors.ts) as API errors; null for anything else. */
export function engineErrorShape(error: unknown): ApiErrorShape | null {
  if (error instanceof ModelNotLoadedError) return { code: 'not-found', message: error.message };
  if (error instanceof TrainingCancelledError) return { code: 'cancelled', message: error.message };
  if (error instanceof NoTrainingDataError) return { code: 'bad-request', message: error.message };
  if (error instanceof UnsupportedSettingError)
    return { code: 'bad-request', message: error.message };
  if (error instanceof Error && error.name === 'SettingsError')
    return { code: 'bad-request', message: error.message };
  // Recognised by name: its class lives with the lists, which load TensorFlow.js on first use.
  if (error instanceof Error && error.name === 'UnknownMovieError') {
    const { movieId } = error as UnknownMovieError;
    return { code: 'not-found', message: `Movie ${movieId} is not in the model's catalogue.` };
  }
  return null;
}

/** A zod failure in plain words: "rating: ratings go in half stars from 0.5 to 5.0". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
