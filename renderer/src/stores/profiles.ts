import { create } from 'zustand';
import type { Profile } from '../../../shared/domain';
import { call } from '../api/client';
import { readableError } from '../api/errors';
import { lastProfileId, rememberLastProfile } from './last-profile';
import { useNavigation } from './navigation';
import { resetProfileScoped } from './profile-scope';

interface ProfilesState {
  profiles: Profile[];
  loaded: boolean;
  error: string | null;
  currentId: number | null;
  /** Locked profiles opened with their passphrase on this connection. */
  unlocked: number[];
  /** A locked profile waiting for its passphrase (picked, or a call answered 'locked'). */
  unlockRequest: { profileId: number } | null;
  /** Bumps when the current profile's data must be read again (e.g. after unlocking it). */
  sessionRevision: number;
  load: () => Promise<void>;
  create: (name: string, passphrase?: string) => Promise<Profile>;
  rename: (profileId: number, name: string) => Promise<void>;
  /** Deletes a profile; a locked one this connection has not opened needs its passphrase. */
  remove: (profileId: number, passphrase?: string) => Promise<void>;
  lock: (profileId: number, passphrase: string) => Promise<void>;
  removeLock: (profileId: number, passphrase: string) => Promise<void>;
  select: (profileId: number) => Promise<void>;
  unlock: (profileId: number, passphrase: string) => Promise<void>;
  requestUnlock: (profileId: number) => void;
  cancelUnlock: () => void;
  /** Closes every profile opened with a passphrase ("Lock now"): the next person must type it. */
  signOut: () => Promise<void>;
  adjustRatingCount: (profileId: number, delta: number) => void;
  /** The count read with the profile's ratings, which an import or its undo may have changed. */
  setRatingCount: (profileId: number, count: number) => void;
}

const initial = {
  profiles: [] as Profile[],
  loaded: false,
  error: null,
  currentId: null,
  unlocked: [] as number[],
  unlockRequest: null,
  sessionRevision: 0,
};

function replace(profiles: Profile[], updated: Profile): Profile[] {
  return profiles.map((p) => (p.id === updated.id ? updated : p));
}

export const useProfiles = create<ProfilesState>((set, get) => {
  /** Closes every profile this connection opened with a passphrase (the service has no other way). */
  async function closeOpened(): Promise<void> {
    set({ unlocked: [] });
    await call('profiles.signOut', {}).catch(() => undefined);
  }

  /** Makes a profile current, first closing any other opened one and forgetting its data. */
  async function activate(profileId: number): Promise<void> {
    const { currentId, unlocked } = get();
    if (currentId !== profileId && unlocked.some((id) => id !== profileId)) await closeOpened();
    resetProfileScoped();
    set({ currentId: profileId, sessionRevision: get().sessionRevision + 1 });
    rememberLastProfile(profileId);
  }

  /** At start, reopens the profile used last at its For-you list, unless it is gone or locked. */
  async function reopenLast(profiles: Profile[]): Promise<void> {
    const last = profiles.find((p) => p.id === lastProfileId());
    if (!last || last.locked || get().currentId !== null) return;
    await activate(last.id);
    if (useNavigation.getState().screen === 'profiles') useNavigation.getState().reset('forYou');
  }

  return {
    ...initial,
    load: async () => {
      try {
        const profiles = await call('profiles.list', {});
        const { currentId, loaded } = get();
        set({ profiles, error: null });
        if (!loaded) await reopenLast(profiles);
        set({ loaded: true });
        if (currentId !== null && !profiles.some((p) => p.id === currentId)) {
          resetProfileScoped();
          set({ currentId: null });
        }
      } catch (error) {
        set({ loaded: true, error: readableError(error) });
      }
    },
    create: async (name, passphrase) => {
      // The new profile becomes current, so the ones opened before close first: closing them
      // afterwards would close the new one too, and ask again for the passphrase just typed.
      const closedOthers = get().unlocked.length > 0;
      if (closedOthers) await closeOpened();
      let profile: Profile;
      try {
        profile = await call('profiles.create', passphrase ? { name, passphrase } : { name });
      } catch (error) {
        if (closedOthers) {
          resetProfileScoped();
          set({ currentId: null });
        }
        throw error;
      }
      // The service keeps a profile created with a passphrase open on this connection.
      set({ profiles: [...get().profiles, profile], unlocked: profile.locked ? [profile.id] : [] });
      await activate(profile.id);
      return profile;
    },
    rename: async (profileId, name) => {
      const profile = await call('profiles.rename', { profileId, name });
      set({ profiles: replace(get().profiles, profile) });
    },
    remove: async (profileId, passphrase) => {
      if (passphrase !== undefined) await call('profiles.unlock', { profileId, passphrase });
      await call('profiles.delete', { profileId });
      set({
        profiles: get().profiles.filter((p) => p.id !== profileId),
        unlocked: get().unlocked.filter((id) => id !== profileId),
      });
      if (get().currentId === profileId) {
        resetProfileScoped();
        set({ currentId: null });
      }
      if (lastProfileId() === profileId) rememberLastProfile(null);
    },
    lock: async (profileId, passphrase) => {
      const profile = await call('profiles.lock', { profileId, passphrase });
      set({ profiles: replace(get().profiles, profile) });
      // The service keeps the profile open on this connection for whoever set the passphrase.
      set({ unlocked: [...get().unlocked.filter((id) => id !== profileId), profileId] });
    },
    removeLock: async (profileId, passphrase) => {
      const profile = await call('profiles.removeLock', { profileId, passphrase });
      set({ profiles: replace(get().profiles, profile) });
    },
    select: async (profileId) => {
      if (get().currentId === profileId) return;
      const profile = get().profiles.find((p) => p.id === profileId);
      if (profile?.locked && !get().unlocked.includes(profileId)) {
        set({ unlockRequest: { profileId } });
        return;
      }
      await activate(profileId);
    },
    unlock: async (profileId, passphrase) => {
      const { currentId, unlocked } = get();
      const switching = currentId !== profileId;
      // profiles.signOut closes every open profile, so close the others before opening this one.
      const closedOthers = switching && unlocked.length > 0;
      if (closedOthers) await closeOpened();
      try {
        await call('profiles.unlock', { profileId, passphrase });
      } catch (error) {
        if (closedOthers) {
          resetProfileScoped();
          set({ currentId: null });
        }
        throw error;
      }
      resetProfileScoped();
      set({
        unlocked: [...get().unlocked.filter((id) => id !== profileId), profileId],
        unlockRequest: null,
        currentId: profileId,
        sessionRevision: get().sessionRevision + 1,
      });
      rememberLastProfile(profileId);
    },
    requestUnlock: (profileId) => {
      set({
        unlocked: get().unlocked.filter((id) => id !== profileId),
        unlockRequest: { profileId },
      });
    },
    cancelUnlock: () => set({ unlockRequest: null }),
    signOut: async () => {
      await closeOpened();
      resetProfileScoped();
      set({ currentId: null });
      rememberLastProfile(null);
    },
    adjustRatingCount: (profileId, delta) =>
      set({
        profiles: get().profiles.map((p) =>
          p.id === profileId && p.ratingCount !== null
            ? { ...p, ratingCount: Math.max(0, p.ratingCount + delta) }
            : p,
        ),
      }),
    setRatingCount: (profileId, count) =>
      set({
        profiles: get().profiles.map((p) =>
          p.id === profileId ? { ...p, ratingCount: count } : p,
        ),
      }),
  };
});

export function currentProfile(
  state: Pick<ProfilesState, 'profiles' | 'currentId'>,
): Profile | null {
  return state.profiles.find((p) => p.id === state.currentId) ?? null;
}

export function resetProfilesForTests(): void {
  useProfiles.setState(initial);
}
