import { ApiError } from '../../shared/api';
import type { Profile } from '../../shared/domain';
import type { Db } from './db';
import { hashPassphrase, verifyPassphrase } from './passphrase';

interface ProfileRow {
  id: number;
  name: string;
  created_at: number;
  lock_hash: string | null;
  rating_count: number;
}

const SELECT_PROFILE = `SELECT p.id, p.name, p.created_at, p.lock_hash,
  (SELECT COUNT(*) FROM profile_ratings r WHERE r.profile_id = p.id) AS rating_count FROM profiles p`;

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    name: row.name,
    locked: row.lock_hash !== null,
    ratingCount: row.rating_count,
    createdAt: row.created_at,
  };
}

export function listProfiles(db: Db): Profile[] {
  return (db.prepare(`${SELECT_PROFILE} ORDER BY p.created_at, p.id`).all() as ProfileRow[]).map(
    toProfile,
  );
}

export function findProfile(db: Db, profileId: number): Profile | null {
  const row = db.prepare(`${SELECT_PROFILE} WHERE p.id = ?`).get(profileId) as
    ProfileRow | undefined;
  return row ? toProfile(row) : null;
}

/** Like findProfile, but a missing profile is an ApiError('not-found'). */
export function getProfile(db: Db, profileId: number): Profile {
  const profile = findProfile(db, profileId);
  if (!profile) throw new ApiError('not-found', `There is no profile ${profileId}.`);
  return profile;
}

export function createProfile(db: Db, name: string, passphrase?: string): Profile {
  const clean = checkName(db, name);
  const lock = passphrase ? hashPassphrase(passphrase) : null;
  const id = db
    .prepare('INSERT INTO profiles (name, created_at, lock_hash) VALUES (?, ?, ?)')
    .run(clean, Date.now(), lock).lastInsertRowid;
  return getProfile(db, Number(id));
}

export function renameProfile(db: Db, profileId: number, name: string): Profile {
  getProfile(db, profileId);
  const clean = checkName(db, name, profileId);
  db.prepare('UPDATE profiles SET name = ? WHERE id = ?').run(clean, profileId);
  return getProfile(db, profileId);
}

/** Deletes the profile with its ratings and its models (cascade). */
export function deleteProfile(db: Db, profileId: number): void {
  const result = db.prepare('DELETE FROM profiles WHERE id = ?').run(profileId);
  if (result.changes === 0) throw new ApiError('not-found', `There is no profile ${profileId}.`);
}

/** Sets (or replaces) the profile's passphrase lock. */
export function lockProfile(db: Db, profileId: number, passphrase: string): Profile {
  getProfile(db, profileId);
  if (passphrase.length < 4)
    throw new ApiError('bad-request', 'A passphrase needs at least 4 characters.');
  db.prepare('UPDATE profiles SET lock_hash = ? WHERE id = ?').run(
    hashPassphrase(passphrase),
    profileId,
  );
  return getProfile(db, profileId);
}

/** True when the profile has no lock or the passphrase opens it. */
export function checkProfilePassphrase(db: Db, profileId: number, passphrase: string): boolean {
  getProfile(db, profileId);
  const stored = db
    .prepare('SELECT lock_hash FROM profiles WHERE id = ?')
    .pluck()
    .get(profileId) as string | null;
  return stored === null || verifyPassphrase(passphrase, stored);
}

export function removeProfileLock(db: Db, profileId: number, passphrase: string): Profile {
  if (!checkProfilePassphrase(db, profileId, passphrase)) {
    throw new ApiError('forbidden', 'That passphrase does not open this profile.');
  }
  db.prepare('UPDATE profiles SET lock_hash = NULL WHERE id = ?').run(profileId);
  return getProfile(db, profileId);
}

function checkName(db: Db, name: string, exceptId = 0): string {
  const clean = name.trim();
  if (clean.length === 0 || clean.length > 60)
    throw new ApiError('bad-request', 'A profile name needs 1 to 60 characters.');
  const clash = db
    .prepare('SELECT 1 FROM profiles WHERE lower(name) = lower(?) AND id <> ?')
    .get(clean, exceptId);
  if (clash) throw new ApiError('conflict', `There is already a profile called "${clean}".`);
  return clean;
}
