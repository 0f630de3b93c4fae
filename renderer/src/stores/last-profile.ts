/** The profile used last on this machine, kept in localStorage so the app reopens it at start. */
const storageKey = 'movie-assistant.lastProfile';

export function lastProfileId(): number | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(storageKey));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Remembers the profile now in use; null forgets it (signed out, deleted). */
export function rememberLastProfile(profileId: number | null): void {
  try {
    if (profileId === null) globalThis.localStorage?.removeItem(storageKey);
    else globalThis.localStorage?.setItem(storageKey, String(profileId));
  } catch {
    // Storage may be unavailable; the app then starts at the profile picker.
  }
}
