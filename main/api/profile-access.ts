import { ApiError } from '../../shared/api';
import type { Profile } from '../../shared/domain';
import type { CallContext } from './context';

/**
 * The check dispatch.ts makes for a request's `profileId`, for channels that name several
 * profiles (watch together): each must exist, and a locked one must have been unlocked in this
 * session, else the call is refused with 'locked'. Returns the profiles in the order asked.
 */
export function assertProfilesAccess(ctx: CallContext, profileIds: readonly number[]): Profile[] {
  return profileIds.map((profileId) => {
    const profile = ctx.catalogue.getProfile(profileId);
    if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
    if (profile.locked && !ctx.session.hasUnlocked(profileId)) {
      throw new ApiError(
        'locked',
        `Profile "${profile.name}" is locked: unlock it with its passphrase`,
      );
    }
    return profile;
  });
}
