import { create } from 'zustand';

export type Screen =
  | 'profiles'
  | 'import'
  | 'search'
  | 'movie'
  | 'forYou'
  | 'people'
  | 'together'
  | 'taste'
  | 'ratings'
  | 'model'
  | 'about';

export interface Place {
  screen: Screen;
  movieId: number | null;
}

/**
 * How the last change of place happened, so the address bar can follow: a new entry ('push'),
 * the same entry rewritten ('replace'), or a move through the browser's history ('pop').
 */
export type Move = 'push' | 'replace' | 'pop';

interface NavigationState extends Place {
  history: Place[];
  lastMove: Move;
  /** The place was left for another and is now come back to (Back): it opens as it was left. */
  cameBack: boolean;
  go: (screen: Screen) => void;
  openMovie: (movieId: number) => void;
  back: () => void;
  reset: (screen: Screen) => void;
  /** Arrives at a place through the browser's back or forward, or an address typed in. */
  arrive: (place: Place) => void;
}

export function samePlace(a: Place, b: Place): boolean {
  return a.screen === b.screen && a.movieId === b.movieId;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: 'profiles',
  movieId: null,
  history: [],
  lastMove: 'replace',
  cameBack: false,
  go: (screen) => {
    const { screen: from, movieId } = get();
    if (from === screen) return;
    set({
      screen,
      movieId: null,
      lastMove: 'push',
      cameBack: false,
      history: [...get().history, { screen: from, movieId }].slice(-30),
    });
  },
  openMovie: (id) => {
    const { screen, movieId } = get();
    if (screen === 'movie' && movieId === id) return;
    set({
      screen: 'movie',
      movieId: id,
      lastMove: 'push',
      cameBack: false,
      history: [...get().history, { screen, movieId }].slice(-30),
    });
  },
  back: () => {
    const history = get().history;
    const previous = history[history.length - 1];
    if (!previous)
      return set({ screen: 'search', movieId: null, lastMove: 'replace', cameBack: false });
    set({ ...previous, history: history.slice(0, -1), lastMove: 'replace', cameBack: true });
  },
  reset: (screen) =>
    set({ screen, movieId: null, history: [], lastMove: 'replace', cameBack: false }),
  arrive: (place) => {
    const { screen, movieId, history } = get();
    if (samePlace(place, { screen, movieId })) return;
    const previous = history[history.length - 1];
    const cameBack = !!previous && samePlace(previous, place);
    const nextHistory = cameBack
      ? history.slice(0, -1)
      : [...history, { screen, movieId }].slice(-30);
    set({
      screen: place.screen,
      movieId: place.movieId,
      history: nextHistory,
      lastMove: 'pop',
      cameBack,
    });
  },
}));
