import { create } from 'zustand';
import type { ListFreshness, MovieSummary, RecommendedMovie } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';

export interface ForYouFilters {
  genre: string;
  decade: number | null;
  minPopularity: number;
  diversity: number;
}

interface ForYouState {
  filters: ForYouFilters;
  items: RecommendedMovie[];
  freshness: ListFreshness | null;
  loading: boolean;
  error: string | null;
  /** When the list on screen was computed; lets the screen say "updated just now". */
  updatedAt: number | null;
  onboarding: MovieSummary[];
  onboardingError: string | null;
  setFilters: (filters: Partial<ForYouFilters>) => void;
  load: (profileId: number) => Promise<void>;
  loadOnboarding: (profileId: number) => Promise<void>;
}

export const defaultForYouFilters: ForYouFilters = {
  genre: '',
  decade: null,
  minPopularity: 0,
  diversity: 0,
};
const initial = {
  items: [],
  freshness: null,
  loading: false,
  error: null,
  updatedAt: null,
  onboarding: [],
  onboardingError: null,
};

let sequence = 0;

export const useForYou = create<ForYouState>((set, get) => ({
  filters: defaultForYouFilters,
  ...initial,
  setFilters: (filters) => set({ filters: { ...get().filters, ...filters } }),
  load: async (profileId) => {
    const mine = ++sequence;
    const { genre, decade, minPopularity, diversity } = get().filters;
    set({ loading: true });
    try {
      const answer = await call('recommend.forYou', {
        profileId,
        limit: 24,
        ...(genre ? { genre } : {}),
        ...(decade !== null ? { decade } : {}),
        minPopularity,
        diversity,
      });
      if (mine !== sequence || isStaleFor(profileId)) return;
      set({
        items: answer.items,
        freshness: answer.freshness,
        loading: false,
        error: null,
        updatedAt: Date.now(),
      });
    } catch (error) {
      if (mine !== sequence || isStaleFor(profileId)) return;
      set({ loading: false, error: describeFailure(error, profileId) });
    }
  },
  loadOnboarding: async (profileId) => {
    try {
      const onboarding = await call('movies.onboarding', { profileId, limit: 12 });
      if (!isStaleFor(profileId)) set({ onboarding, onboardingError: null });
    } catch (error) {
      if (!isStaleFor(profileId)) set({ onboardingError: describeFailure(error, profileId) });
    }
  },
}));

registerProfileScoped(() => {
  sequence++;
  useForYou.setState({ ...initial, filters: defaultForYouFilters });
});
