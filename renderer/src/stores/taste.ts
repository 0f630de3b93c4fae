import { create } from 'zustand';
import type { TasteSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';

interface TasteState {
  summary: TasteSummary | null;
  loading: boolean;
  error: string | null;
  load: (profileId: number) => Promise<void>;
}

const initial = { summary: null, loading: false, error: null };

export const useTaste = create<TasteState>((set) => ({
  ...initial,
  load: async (profileId) => {
    set({ loading: true });
    try {
      const summary = await call('taste.summary', { profileId });
      if (!isStaleFor(profileId)) set({ summary, loading: false, error: null });
    } catch (error) {
      if (!isStaleFor(profileId)) set({ loading: false, error: describeFailure(error, profileId) });
    }
  },
}));

registerProfileScoped(() => useTaste.setState(initial));
