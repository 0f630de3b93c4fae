import { create } from 'zustand';
import type { TasteSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';

interface TasteState {
  summary: TasteSummary | null;
  loading: boolean;
  error: string | null;
  /** Counts finished loads, so a screen can tell a fresh answer from one it inherited. */
  revision: number;
  load: (profileId: number) => Promise<void>;
}

const initial = { summary: null, loading: false, error: null, revision: 0 };

export const useTaste = create<TasteState>((set, get) => ({
  ...initial,
  load: async (profileId) => {
    set({ loading: true });
    try {
      const summary = await call('taste.summary', { profileId });
      if (!isStaleFor(profileId))
        set({ summary, loading: false, error: null, revision: get().revision + 1 });
    } catch (error) {
      if (!isStaleFor(profileId)) {
        set({
          loading: false,
          error: describeFailure(error, profileId),
          revision: get().revision + 1,
        });
      }
    }
  },
}));

registerProfileScoped(() =>
  useTaste.setState({ ...initial, revision: useTaste.getState().revision }),
);
