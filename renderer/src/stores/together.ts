import { create } from 'zustand';
import type { Response } from '../../../shared/api';
import { call } from '../api/client';
import { readableError } from '../api/errors';
import { isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';
import { useProfiles } from './profiles';

type TogetherList = Response<'recommend.together'>;

export interface TogetherFilters {
  genre: string;
  /** A decade's first year (1980 for the 1980s); null for any. */
  decade: number | null;
  /** Only movies with at least this many ratings in the catalogue; 0 for any. */
  minPopularity: number;
  /** Only movies viewers tagged with these words ("christmas"); '' for any. */
  tag: string;
}

interface TogetherState {
  /** Who is watching; null until someone is picked (the screen starts with the open profile). */
  picked: number[] | null;
  filters: TogetherFilters;
  list: TogetherList | null;
  /** The group the list on screen was asked for, to ask again on coming back. */
  askedFor: number[] | null;
  loading: boolean;
  error: string | null;
  /** A list was asked for: from then on, a change of group or filter asks again at once. */
  asked: boolean;
  setPicked: (picked: number[]) => void;
  setFilters: (filters: Partial<TogetherFilters>) => void;
  find: (profileIds: number[]) => Promise<void>;
  /** No list on screen (fewer than two are watching, or one was locked since), still asked for. */
  clear: () => void;
}

const initial = {
  picked: null,
  filters: { genre: '', decade: null, minPopularity: 0, tag: '' },
  list: null,
  askedFor: null,
  loading: false,
  error: null,
  asked: false,
};

/** The last list asked for: an older answer arriving late is dropped. */
let sequence = 0;

/**
 * "Watch together" as the person left it: the group, the filters and its list stay while they
 * open a movie and come back, and go when the app switches to another profile.
 */
export const useTogether = create<TogetherState>((set, get) => ({
  ...initial,
  setPicked: (picked) => set({ picked }),
  setFilters: (filters) => set({ filters: { ...get().filters, ...filters } }),
  find: async (profileIds) => {
    const mine = ++sequence;
    const openedBy = useProfiles.getState().currentId;
    const { filters } = get();
    set({ loading: true, error: null, asked: true });
    try {
      const answer = await call('recommend.together', {
        profileIds,
        limit: 20,
        genre: filters.genre || undefined,
        decade: filters.decade ?? undefined,
        minPopularity: filters.minPopularity,
        tag: filters.tag.trim() || undefined,
      });
      if (mine !== sequence || (openedBy !== null && isStaleFor(openedBy))) return;
      set({ list: answer, askedFor: profileIds, loading: false });
    } catch (error) {
      if (mine !== sequence) return;
      set({ loading: false, error: readableError(error) });
    }
  },
  clear: () => {
    sequence++;
    set({ list: null, askedFor: null, loading: false, error: null });
  },
}));

registerProfileScoped(() => {
  sequence++;
  useTogether.setState(initial);
});
