import { ApiError } from '../../shared/api';
import type { Profile } from '../../shared/domain';
import type { Db } from './db';
import type { PassphraseHash } from './passphrase';

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

/** A new profile; `lock` (from hashPassphrase, see profile-locks.ts) locks it from the start. */
export function createProfile(db: Db, name: string, lock: PassphraseHash | null = null): Profile {
  const clean = checkName(db, name);
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

/** Sets (or replaces) the profile's lock with a hash from hashPassphrase (see profile-locks.ts). */
export function lockProfile(db: Db, profileId: number, lock: PassphraseHash): Profile {
  getProfile(db, profileId);
  db.prepare('UPDATE profiles SET lock_hash = ? WHERE id = ?').run(lock, profileId);
  return getProfile(db, profileId);
}

/** The profile's stored lock hash, or null when it has no lock. */
export function storedLock(db: Db, profileId: number): string | null {
  getProfile(db, profileId);
  return db.prepare('SELECT lock_hash FROM profiles WHERE id = ?').pluck().get(profileId) as
    string | null;
}

/** Removes the lock without asking for the passphrase (profile-locks.ts checks it first). */
export function clearProfileLock(db: Db, profileId: number): Profile {
  getProfile(db, profileId);
  db.prepare('UPDATE profiles SET lock_hash = NULL WHERE id = ?').run(profileId);
  return getProfile(db, profileId);
}

function checkName(db: Db, name: string, exceptId = 0): string {
  const clean = name.trim();
  if (clean.length === 0 || clean.length > 60)
    throw new ApiError('bad-request', 'A profile name needs 1 to 60 characters.');
  const clash = db
    .prepare('SELECT name FROM profiles WHERE lower(name) = lower(?) AND id <> ?')
    .pluck()
    .get(clean, exceptId) as string | undefined;
  if (clash !== undefined)
    throw new ApiError('conflict', `There is already a profile called "${clash}".`);
  return clean;
}
