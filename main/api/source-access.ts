import { ApiError } from '../../shared/api';
import type { CallContext } from './context';
import { isUploadSource } from './uploads';

/**
 * The file a call may read: an upload, or a path when the session is trusted with paths (the CLI,
 * Electron IPC). A web session (the local host) naming a path is refused, so a page can neither
 * read this computer's files nor learn what they hold from an error.
 */
export function readableSource(ctx: CallContext, source: string, what: string): string {
  if (isUploadSource(source)) return ctx.uploads.resolve(source);
  if (ctx.session.mayReadPath(source)) return source;
  throw new ApiError(
    'forbidden',
    `A web page cannot name files on this computer as ${what}: upload the file instead ` +
      '(drop it or choose it), or use the app or the command line.',
  );
}

/** A path a call may write to: only a trusted session's (the CLI, Electron IPC). */
export function writablePath(ctx: CallContext, file: string, what: string): string {
  if (ctx.session.trust === 'trusted') return file;
  throw new ApiError(
    'forbidden',
    `A web page cannot choose where ${what} is written on this computer: use the app or the command line.`,
  );
}
