import { create } from 'zustand';
import type { MovieMark } from '../../../shared/domain';
import type { RatingSort } from '../util/rating-list';
import { registerProfileScoped } from './profile-scope';

export type WatchlistOrder = 'match' | 'added';

interface RatingsViewState {
  /** What "Find" holds, and how the ratings are sorted. */
  query: string;
  sort: RatingSort;
  watchlistOrder: WatchlistOrder;
  /** The marked lists opened past their first rows ("Show all"). */
  shownWhole: MovieMark[];
  setQuery: (query: string) => void;
  setSort: (sort: RatingSort) => void;
  setWatchlistOrder: (order: WatchlistOrder) => void;
  showWhole: (mark: MovieMark) => void;
}

const initial = {
  query: '',
  sort: 'date' as RatingSort,
  watchlistOrder: 'match' as WatchlistOrder,
  shownWhole: [],
};

/**
 * "My ratings" as the person left it: what they looked for, the orders and the lists opened in
 * full stay while they open a movie and come back, and go with a switch of profile.
 */
export const useRatingsView = create<RatingsViewState>((set, get) => ({
  ...initial,
  setQuery: (query) => set({ query }),
  setSort: (sort) => set({ sort }),
  setWatchlistOrder: (watchlistOrder) => set({ watchlistOrder }),
  showWhole: (mark) => set({ shownWhole: [...get().shownWhole, mark] }),
}));

registerProfileScoped(() => useRatingsView.setState(initial));
