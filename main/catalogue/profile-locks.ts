import { ApiError } from '../../shared/api';
import type { Profile } from '../../shared/domain';
import type { Db } from './db';
import { hashPassphrase, verifyPassphrase } from './passphrase';
import { clearProfileLock, createProfile, getProfile, lockProfile, storedLock } from './profiles';

/**
 * Profile locks by passphrase. Hashing and checking run scrypt off the service's thread
 * (passphrase.ts), so these are async; the profile rows themselves are written in profiles.ts.
 */

const MIN_LENGTH = 4;

function checkLength(passphrase: string): void {
  if (passphrase.length < MIN_LENGTH)
    throw new ApiError('bad-request', `A passphrase needs at least ${MIN_LENGTH} characters.`);
}

/** A new profile, locked with the passphrase when there is one. */
export async function createProfileWithPassphrase(
  db: Db,
  name: string,
  passphrase: string | undefined,
): Promise<Profile> {
  if (!passphrase) return createProfile(db, name);
  checkLength(passphrase);
  return createProfile(db, name, await hashPassphrase(passphrase));
}

/** Sets (or replaces) the profile's passphrase. */
export async function setProfilePassphrase(
  db: Db,
  profileId: number,
  passphrase: string,
): Promise<Profile> {
  getProfile(db, profileId);
  checkLength(passphrase);
  return lockProfile(db, profileId, await hashPassphrase(passphrase));
}

/** True when the profile has no lock or the passphrase opens it. */
export async function checkProfilePassphrase(
  db: Db,
  profileId: number,
  passphrase: string,
): Promise<boolean> {
  const stored = storedLock(db, profileId);
  return stored === null || verifyPassphrase(passphrase, stored);
}

/** Removes the lock when the passphrase opens it (ApiError 'forbidden' otherwise). */
export async function removeProfileLock(
  db: Db,
  profileId: number,
  passphrase: string,
): Promise<Profile> {
  if (!(await checkProfilePassphrase(db, profileId, passphrase))) {
    throw new ApiError('forbidden', 'That passphrase does not open this profile.');
  }
  return clearProfileLock(db, profileId);
}
