import {
  ApiError,
  badRequestMessage,
  channels,
  type ApiErrorShape,
  type Channel,
} from '../../shared/api';
import { CatalogueDamagedError, isCatalogueDamage } from '../catalogue/damage';
import type { CallContext } from './context';
import { describeIssues, toApiErrorShape } from './errors';
import { handlers, type Handler } from './handlers';

export type DispatchResult = { ok: true; response: unknown } | { ok: false; error: ApiErrorShape };

/** Channels that check a locked profile's passphrase themselves instead of needing it unlocked. */
const opensLockedProfile = new Set<Channel>(['profiles.unlock', 'profiles.removeLock']);

export interface DispatchOptions {
  /** Check every response against its schema too (tests and development). */
  validateResponses: boolean;
}

export const defaultDispatchOptions: DispatchOptions = {
  validateResponses: process.env.NODE_ENV !== 'production',
};

/**
 * The boundary every entry point (Electron IPC, the local host, the CLI) goes through: validates
 * the request with the channel's schema, refuses profiles the session has not unlocked, runs the
 * handler, and turns whatever it throws into an ApiErrorShape. Never throws.
 */
export async function dispatch(
  channel: string,
  request: unknown,
  ctx: CallContext,
  options: DispatchOptions = defaultDispatchOptions,
): Promise<DispatchResult> {
  try {
    if (!isChannel(channel)) throw new ApiError('bad-request', `Unknown channel "${channel}"`);
    const schemas = channels[channel];
    const parsed = schemas.request.safeParse(request ?? {});
    if (!parsed.success) {
      throw new ApiError('bad-request', badRequestMessage(channel, describeIssues(parsed.error)));
    }
    const profileId = (parsed.data as { profileId?: number }).profileId;
    if (profileId !== undefined && !opensLockedProfile.has(channel)) {
      assertProfileAccess(ctx, profileId);
    }
    const handler = handlers[channel] as Handler<Channel>;
    const response = await handler(parsed.data as never, ctx);
    if (!options.validateResponses) return { ok: true, response };
    const checked = schemas.response.safeParse(response);
    if (!checked.success) {
      throw new ApiError(
        'failed',
        `The service answered ${channel} with a malformed response: ${describeIssues(checked.error)}`,
      );
    }
    return { ok: true, response: checked.data };
  } catch (error) {
    if (isCatalogueDamage(error)) {
      const damaged = new CatalogueDamagedError(
        ctx.catalogue.dbPath,
        error.message,
        ctx.backups.newestBackup(),
      );
      return { ok: false, error: { code: damaged.code, message: damaged.message } };
    }
    return { ok: false, error: toApiErrorShape(error) };
  }
}

export function isChannel(channel: string): channel is Channel {
  return Object.prototype.hasOwnProperty.call(channels, channel);
}

function assertProfileAccess(ctx: CallContext, profileId: number): void {
  const profile = ctx.catalogue.getProfile(profileId);
  if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
  if (profile.locked && !ctx.session.hasUnlocked(profileId)) {
    throw new ApiError(
      'locked',
      `Profile "${profile.name}" is locked: unlock it with its passphrase`,
    );
  }
}
