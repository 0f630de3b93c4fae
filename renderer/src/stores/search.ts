import { create } from 'zustand';
import type { Request } from '../../../shared/api';
import type { MovieSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { readableError } from '../api/errors';

export type SearchSort = NonNullable<Request<'search.movies'>['sort']>;

export interface SearchFilters {
  genre: string;
  yearFrom: number | null;
  yearTo: number | null;
  sort: SearchSort;
}

interface SearchState extends SearchFilters {
  query: string;
  results: MovieSummary[];
  /** How many movies match in all; `totalExact` false when the service stopped counting. */
  total: number;
  totalExact: boolean;
  /** When the genre or years leave nothing: how many titles match without them, else 0. */
  withoutFilters: number;
  /** The series' film the words name by its place ("harry potter 3"), else null. */
  seriesPlace: { movieId: number; place: number; inTitle: boolean } | null;
  /** When nothing matches at all: the year of the catalogue's newest film, else null. */
  newestYear: number | null;
  /** The words searched instead of an acronym typed ("harry potter 3" for "hp 3"), else null. */
  readAs: string | null;
  /** No title holds the words: the results are titles a typo or two away. */
  lookAlikes: boolean;
  /** Movies viewers tagged with the words typed, besides the results, else null. */
  tagged: { tags: string[]; otherTags?: number; movies: MovieSummary[] } | null;
  /** The query and filters the shown results answer, so a stale page is never acted on. */
  resultsFor: string;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  activeIndex: number;
  setQuery: (query: string) => void;
  setFilters: (filters: Partial<SearchFilters>) => void;
  /** Drops the genre and years, keeping the words and the sort. */
  clearFilters: () => void;
  /** A fresh search for these words in the whole catalogue: the filters dropped, the sort kept. */
  lookUp: (query: string) => void;
  setActiveIndex: (index: number) => void;
  run: () => Promise<void>;
  /**
   * Searches now and gives the first result of the search as it stands once its results are in:
   * the debounced search may overtake this one. Null when nothing matched, it failed, or the
   * words or filters changed meanwhile.
   */
  firstResultNow: () => Promise<MovieSummary | null>;
  /** Appends the next page of the shown results. */
  loadMore: () => Promise<void>;
}

export const PAGE_SIZE = 30;

let sequence = 0;

export function searchKey(
  state: Omit<SearchFilters, 'sort'> & { query: string; sort?: SearchSort },
): string {
  return JSON.stringify([
    state.query.trim(),
    state.genre,
    state.yearFrom,
    state.yearTo,
    state.sort ?? 'relevance',
  ]);
}

function request(state: SearchFilters & { query: string }, offset: number) {
  return {
    query: state.query.trim(),
    ...(state.genre ? { genre: state.genre } : {}),
    ...(state.yearFrom !== null ? { yearFrom: state.yearFrom } : {}),
    ...(state.yearTo !== null ? { yearTo: state.yearTo } : {}),
    sort: state.sort,
    offset,
    limit: PAGE_SIZE,
  };
}

export const useSearch = create<SearchState>((set, get, api) => ({
  query: '',
  genre: '',
  yearFrom: null,
  yearTo: null,
  sort: 'relevance',
  results: [],
  total: 0,
  totalExact: true,
  withoutFilters: 0,
  seriesPlace: null,
  newestYear: null,
  readAs: null,
  lookAlikes: false,
  tagged: null,
  resultsFor: searchKey({ query: '', genre: '', yearFrom: null, yearTo: null }),
  loading: false,
  loadingMore: false,
  error: null,
  activeIndex: -1,
  setQuery: (query) => set({ query }),
  setFilters: (filters) => set(filters),
  clearFilters: () => set({ genre: '', yearFrom: null, yearTo: null }),
  lookUp: (query) => set({ query, genre: '', yearFrom: null, yearTo: null }),
  setActiveIndex: (activeIndex) => set({ activeIndex }),
  firstResultNow: () =>
    new Promise((resolve) => {
      const key = searchKey(get());
      const settled = (s: SearchState) => {
        const moved = searchKey(s) !== key || s.error !== null;
        if (!moved && (s.resultsFor !== key || s.loading)) return false;
        resolve(moved ? null : (s.results[0] ?? null));
        return true;
      };
      const stop = api.subscribe((s) => {
        if (settled(s)) stop();
      });
      void get().run();
    }),
  run: async () => {
    const state = get();
    const key = searchKey(state);
    const mine = ++sequence;
    if (!state.query.trim() && !state.genre) {
      set({
        results: [],
        total: 0,
        totalExact: true,
        withoutFilters: 0,
        seriesPlace: null,
        newestYear: null,
        readAs: null,
        lookAlikes: false,
        tagged: null,
        resultsFor: key,
        loading: false,
        loadingMore: false,
        error: null,
        activeIndex: -1,
      });
      return;
    }
    set({ loading: true });
    try {
      const found = await call('search.movies', request(state, 0));
      if (mine !== sequence) return;
      set({
        results: found.movies,
        total: found.total,
        totalExact: found.totalExact,
        withoutFilters: found.withoutFilters ?? 0,
        seriesPlace: found.seriesPlace ?? null,
        newestYear: found.newestYear ?? null,
        readAs: found.readAs ?? null,
        lookAlikes: found.lookAlikes ?? false,
        tagged: found.tagged ?? null,
        resultsFor: key,
        loading: false,
        loadingMore: false,
        error: null,
        activeIndex: found.movies.length > 0 ? 0 : -1,
      });
    } catch (error) {
      if (mine !== sequence) return;
      set({
        loading: false,
        error: readableError(error),
        results: [],
        total: 0,
        withoutFilters: 0,
        seriesPlace: null,
        newestYear: null,
        readAs: null,
        lookAlikes: false,
        tagged: null,
        resultsFor: key,
      });
    }
  },
  loadMore: async () => {
    const state = get();
    if (state.loadingMore || state.resultsFor !== searchKey(state)) return;
    const mine = sequence;
    set({ loadingMore: true });
    try {
      const found = await call('search.movies', request(state, state.results.length));
      if (mine !== sequence) return;
      const known = new Set(state.results.map((m) => m.id));
      set({
        results: [...state.results, ...found.movies.filter((m) => !known.has(m.id))],
        total: found.total,
        totalExact: found.totalExact,
        loadingMore: false,
      });
    } catch (error) {
      if (mine !== sequence) return;
      set({ loadingMore: false, error: readableError(error) });
    }
  },
}));
