import type { CataloguePort } from './ports';
import type { Session } from './session';

/**
 * Who may hear an event about one profile: the sessions that may open it, and the session that
 * started the job it reports on. An event without an audience is for every connection.
 */
export interface EventAudience {
  profileId: number;
  startedBy?: Session;
}

/**
 * Whether `session` may hear an event with this audience: an unprotected profile's events reach
 * everyone, a locked one's only the sessions that opened it with its passphrase.
 */
export function sessionHears(
  session: Session,
  audience: EventAudience | undefined,
  catalogue: Pick<CataloguePort, 'getProfile'>,
): boolean {
  if (!audience) return true;
  if (audience.startedBy === session || session.hasUnlocked(audience.profileId)) return true;
  const profile = catalogue.getProfile(audience.profileId);
  return profile !== null && !profile.locked;
}
