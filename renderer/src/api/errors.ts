import { badRequestReason, type ApiErrorShape } from '../../../shared/api';

export type ErrorCode = ApiErrorShape['code'];

/**
 * Errors may arrive as ApiError instances, as plain objects (after structured cloning across
 * Electron's contextBridge) or as ordinary Errors, so the code is read by shape, not by class.
 */
export function errorCode(error: unknown): ErrorCode | null {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code as ErrorCode;
  }
  return null;
}

export function isLockedError(error: unknown): boolean {
  return errorCode(error) === 'locked';
}

export function isDamagedError(error: unknown): boolean {
  return errorCode(error) === 'damaged';
}

export function isCancelledError(error: unknown): boolean {
  return errorCode(error) === 'cancelled';
}

const fallbackByCode: Record<ErrorCode, string> = {
  'bad-request': 'That request was not understood.',
  'not-found': 'That could not be found.',
  locked: 'This profile is locked. Enter its passphrase to continue.',
  forbidden: 'That is not allowed.',
  conflict: 'That clashes with something that already exists.',
  cancelled: 'Cancelled.',
  failed: 'Something went wrong.',
  damaged: 'The catalogue file is damaged: restore a backup.',
};

/** A sentence a person can read; never an empty string or "[object Object]". */
export function readableError(error: unknown): string {
  const code = errorCode(error);
  let message = '';
  if (error instanceof Error) message = error.message;
  else if (typeof error === 'string') message = error;
  else if (error && typeof error === 'object' && 'message' in error) {
    message = String((error as { message: unknown }).message ?? '');
  }
  message = message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '').trim();
  if (code === 'bad-request') message = badRequestReason(message);
  if (message) return message;
  return code ? fallbackByCode[code] : 'Something went wrong.';
}
