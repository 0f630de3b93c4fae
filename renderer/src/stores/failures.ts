import { isCancelledError, isLockedError, readableError } from '../api/errors';
import { useProfiles } from './profiles';

/**
 * What a store does with a failed call: a 'locked' answer asks for the passphrase, a cancelled
 * job is not an error, anything else becomes a readable message for the screen to show.
 */
export function describeFailure(error: unknown, profileId?: number | null): string | null {
  if (isCancelledError(error)) return null;
  if (isLockedError(error)) {
    const id = profileId ?? useProfiles.getState().currentId;
    if (id !== null && id !== undefined) useProfiles.getState().requestUnlock(id);
    return 'This profile is locked. Enter its passphrase to see it.';
  }
  return readableError(error);
}

/** True when an answer for `profileId` arrived after the person switched to another profile. */
export function isStaleFor(profileId: number): boolean {
  return useProfiles.getState().currentId !== profileId;
}
