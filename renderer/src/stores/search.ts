import { create } from 'zustand';
import type { MovieSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { readableError } from '../api/errors';

export interface SearchFilters {
  genre: string;
  yearFrom: number | null;
  yearTo: number | null;
}

interface SearchState extends SearchFilters {
  query: string;
  results: MovieSummary[];
  /** The query and filters the shown results answer, so a stale page is never acted on. */
  resultsFor: string;
  loading: boolean;
  error: string | null;
  activeIndex: number;
  setQuery: (query: string) => void;
  setFilters: (filters: Partial<SearchFilters>) => void;
  setActiveIndex: (index: number) => void;
  run: () => Promise<void>;
}

/** The service filters by genre; years are narrowed here from a wider page of matches. */
export function withinYears(movie: MovieSummary, from: number | null, to: number | null): boolean {
  if (from === null && to === null) return true;
  if (movie.year === null) return false;
  return (from === null || movie.year >= from) && (to === null || movie.year <= to);
}

let sequence = 0;

export function searchKey(state: SearchFilters & { query: string }): string {
  return JSON.stringify([state.query.trim(), state.genre, state.yearFrom, state.yearTo]);
}

export const useSearch = create<SearchState>((set, get) => ({
  query: '',
  genre: '',
  yearFrom: null,
  yearTo: null,
  results: [],
  resultsFor: searchKey({ query: '', genre: '', yearFrom: null, yearTo: null }),
  loading: false,
  error: null,
  activeIndex: -1,
  setQuery: (query) => set({ query }),
  setFilters: (filters) => set(filters),
  setActiveIndex: (activeIndex) => set({ activeIndex }),
  run: async () => {
    const { query, genre, yearFrom, yearTo } = get();
    const key = searchKey(get());
    const mine = ++sequence;
    if (!query.trim() && !genre) {
      set({ results: [], resultsFor: key, loading: false, error: null, activeIndex: -1 });
      return;
    }
    set({ loading: true });
    try {
      const narrowing = yearFrom !== null || yearTo !== null;
      const found = await call('search.movies', {
        query: query.trim(),
        ...(genre ? { genre } : {}),
        limit: narrowing ? 200 : 30,
      });
      if (mine !== sequence) return;
      const results = found.filter((m) => withinYears(m, yearFrom, yearTo)).slice(0, 30);
      set({
        results,
        resultsFor: key,
        loading: false,
        error: null,
        activeIndex: results.length > 0 ? 0 : -1,
      });
    } catch (error) {
      if (mine !== sequence) return;
      set({ loading: false, error: readableError(error), results: [], resultsFor: key });
    }
  },
}));
