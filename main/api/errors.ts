import type { z } from 'zod';
import { ApiError, ApiErrorShape } from '../../shared/api';

const codes = new Set<string>(ApiErrorShape.shape.code.options);

/** Any thrown value as the error shape that crosses every door. */
export function toApiErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
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

/** A zod failure in plain words: "rating: ratings go in half stars from 0.5 to 5.0". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
