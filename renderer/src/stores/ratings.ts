import { create } from 'zustand';
import type { ProfileRating } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';
import { useNotices } from './notices';
import { useProfiles } from './profiles';

interface RatingsState {
  profileId: number | null;
  /** The current profile's rating per movie id; the one place the UI reads "your rating" from. */
  byMovie: Record<number, number>;
  list: ProfileRating[];
  loaded: boolean;
  error: string | null;
  /** Bumps on every change, so lists that depend on the ratings know to refresh. */
  version: number;
  load: (profileId: number) => Promise<void>;
  /**
   * A rating read with a movie's facts (it may have been given elsewhere since the list was read).
   * `askedAt` is the `version` when it was asked for: a rating given or cleared here since is
   * newer, and is kept.
   */
  remember: (profileId: number, movieId: number, rating: number | null, askedAt: number) => void;
  /** `ratedAt` (ms) when an undo puts a rating back as it was given. */
  rate: (profileId: number, movieId: number, rating: number, ratedAt?: number) => Promise<void>;
  clear: (profileId: number, movieId: number) => Promise<void>;
}

const initial = { profileId: null, byMovie: {}, list: [], loaded: false, error: null, version: 0 };

function without(byMovie: Record<number, number>, movieId: number): Record<number, number> {
  const copy = { ...byMovie };
  delete copy[movieId];
  return copy;
}

export const useRatings = create<RatingsState>((set, get) => {
  async function change(
    profileId: number,
    movieId: number,
    next: number | null,
    ratedAt?: number,
  ): Promise<void> {
    const before = get().byMovie[movieId];
    const byMovie =
      next === null ? without(get().byMovie, movieId) : { ...get().byMovie, [movieId]: next };
    set({ byMovie, profileId, version: get().version + 1 });
    const countDelta = (next === null ? 0 : 1) - (before === undefined ? 0 : 1);
    try {
      if (next === null) await call('ratings.clear', { profileId, movieId });
      else
        await call('ratings.set', {
          profileId,
          movieId,
          rating: next,
          ...(ratedAt === undefined ? {} : { ratedAt }),
        });
      if (countDelta !== 0) useProfiles.getState().adjustRatingCount(profileId, countDelta);
      if (next === null) set({ list: get().list.filter((r) => r.movieId !== movieId) });
    } catch (error) {
      if (isStaleFor(profileId)) return;
      const restored =
        before === undefined
          ? without(get().byMovie, movieId)
          : { ...get().byMovie, [movieId]: before };
      set({ byMovie: restored, version: get().version + 1 });
      const message = describeFailure(error, profileId);
      if (message) useNotices.getState().push('error', `Your rating was not saved: ${message}`);
    }
  }

  return {
    ...initial,
    load: async (profileId) => {
      set({ ...initial, profileId, version: get().version });
      try {
        const list = await call('ratings.list', { profileId });
        if (isStaleFor(profileId)) return;
        const byMovie: Record<number, number> = {};
        for (const r of list) byMovie[r.movieId] = r.rating;
        set({ list, byMovie: { ...byMovie, ...get().byMovie }, loaded: true, error: null });
        useProfiles.getState().setRatingCount(profileId, list.length);
      } catch (error) {
        if (isStaleFor(profileId)) return;
        set({ loaded: true, error: describeFailure(error, profileId) });
      }
    },
    remember: (profileId, movieId, rating, askedAt) => {
      if (isStaleFor(profileId) || get().version !== askedAt) return;
      if (rating === null) set({ byMovie: without(get().byMovie, movieId) });
      else set({ byMovie: { ...get().byMovie, [movieId]: rating } });
    },
    rate: (profileId, movieId, rating, ratedAt) => change(profileId, movieId, rating, ratedAt),
    clear: (profileId, movieId) => change(profileId, movieId, null),
  };
});

registerProfileScoped(() =>
  useRatings.setState({ ...initial, version: useRatings.getState().version + 1 }),
);
