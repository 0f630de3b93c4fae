import { create } from 'zustand';

export type Screen =
  'profiles' | 'import' | 'search' | 'movie' | 'forYou' | 'people' | 'taste' | 'model';

interface Place {
  screen: Screen;
  movieId: number | null;
}

interface NavigationState extends Place {
  history: Place[];
  go: (screen: Screen) => void;
  openMovie: (movieId: number) => void;
  back: () => void;
  reset: (screen: Screen) => void;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: 'profiles',
  movieId: null,
  history: [],
  go: (screen) => {
    const { screen: from, movieId } = get();
    if (from === screen) return;
    set({
      screen,
      movieId: null,
      history: [...get().history, { screen: from, movieId }].slice(-30),
    });
  },
  openMovie: (id) => {
    const { screen, movieId } = get();
    if (screen === 'movie' && movieId === id) return;
    set({
      screen: 'movie',
      movieId: id,
      history: [...get().history, { screen, movieId }].slice(-30),
    });
  },
  back: () => {
    const history = get().history;
    const previous = history[history.length - 1];
    if (!previous) return set({ screen: 'search', movieId: null });
    set({ ...previous, history: history.slice(0, -1) });
  },
  reset: (screen) => set({ screen, movieId: null, history: [] }),
}));
