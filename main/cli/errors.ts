/** A mistake in how the command was called: exit code 2 and a one-line reason. */
export class UsageError extends Error {
  override name = 'UsageError';
}
