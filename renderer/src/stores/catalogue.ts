import { create } from 'zustand';
import type { Response } from '../../../shared/api';
import { call } from '../api/client';
import { readableError } from '../api/errors';

type AppInfo = Response<'app.info'>;

interface CatalogueState {
  info: AppInfo | null;
  genres: string[];
  loading: boolean;
  error: string | null;
  load: () => Promise<void>;
}

export const useCatalogue = create<CatalogueState>((set) => ({
  info: null,
  genres: [],
  loading: false,
  error: null,
  load: async () => {
    set({ loading: true });
    try {
      const info = await call('app.info', {});
      const genres = info.catalogue.movies > 0 ? await call('movies.genres', {}) : [];
      set({ info, genres, loading: false, error: null });
    } catch (error) {
      set({ loading: false, error: readableError(error) });
    }
  },
}));

export function catalogueIsEmpty(info: AppInfo | null): boolean {
  return info !== null && info.catalogue.movies === 0;
}
