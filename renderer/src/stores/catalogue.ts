import { create } from 'zustand';
import type { Response } from '../../../shared/api';
import { call } from '../api/client';
import { readableError } from '../api/errors';

type AppInfo = Response<'app.info'>;
type ReleaseSwitch = Response<'catalogue.setActiveRelease'>;

interface CatalogueState {
  info: AppInfo | null;
  genres: string[];
  loading: boolean;
  error: string | null;
  /** The release being made the one the app learns from, while the call runs. */
  switching: number | null;
  /** The last release made active here, with what that did to the profiles' ratings. */
  switched: ReleaseSwitch | null;
  switchError: string | null;
  /** Why the catalogue file cannot be trusted (app.info's, or the event's when it came first). */
  damage: string | null;
  load: () => Promise<void>;
  damaged: (message: string) => void;
  /** Makes the release the one the app learns from, then reloads the catalogue's info. */
  chooseRelease: (releaseId: number) => Promise<boolean>;
}

export const useCatalogue = create<CatalogueState>((set, get) => ({
  info: null,
  genres: [],
  loading: false,
  error: null,
  switching: null,
  switched: null,
  switchError: null,
  damage: null,
  load: async () => {
    set({ loading: true });
    try {
      const info = await call('app.info', {});
      const genres = info.catalogue.movies > 0 ? await call('movies.genres', {}) : [];
      set({ info, genres, loading: false, error: null, damage: info.damage ?? get().damage });
    } catch (error) {
      set({ loading: false, error: readableError(error) });
    }
  },
  damaged: (message) => set({ damage: message }),
  chooseRelease: async (releaseId) => {
    if (get().switching !== null) return false;
    set({ switching: releaseId, switchError: null, switched: null });
    try {
      const switched = await call('catalogue.setActiveRelease', { releaseId });
      set({ switched });
      await get().load();
      return true;
    } catch (error) {
      set({ switchError: readableError(error) });
      return false;
    } finally {
      set({ switching: null });
    }
  },
}));

export function catalogueIsEmpty(info: AppInfo | null): boolean {
  return info !== null && info.catalogue.movies === 0;
}

/** The name of the release the app learns from ("ml-latest-small"), once the app info is in. */
export function useActiveReleaseName(): string | undefined {
  return useCatalogue((s) => s.info?.catalogue.releases.find((r) => r.active)?.format);
}
