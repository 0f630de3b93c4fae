import { ApiError } from '../../shared/api';

/**
 * Loads a sibling area's module on first use: keeps quick commands (search, profiles) from
 * loading TensorFlow, and names the missing piece clearly where a build lacks it.
 */
export function lazyModule<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new ApiError(
          'failed',
          `${what} is not available in this build (${(error as Error).message.split('\n')[0]})`,
        );
      }
      throw error;
    });
    return pending;
  };
}
