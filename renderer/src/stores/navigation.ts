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

/**
 * One visit to a place: the same movie opened twice in one chain of Back is two visits, each
 * scrolled where it was left.
 */
export interface Visit extends Place {
  visit: number;
}

interface NavigationState extends Visit {
  history: Visit[];
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

/** Numbers each visit: a place opened anew is a new visit, one come back to keeps its own. */
let visits = 0;

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: 'profiles',
  movieId: null,
  visit: 0,
  history: [],
  lastMove: 'replace',
  cameBack: false,
  go: (screen) => {
    const { screen: from, movieId, visit } = get();
    if (from === screen) return;
    set({
      screen,
      movieId: null,
      visit: ++visits,
      lastMove: 'push',
      cameBack: false,
      history: [...get().history, { screen: from, movieId, visit }].slice(-30),
    });
  },
  openMovie: (id) => {
    const { screen, movieId, visit } = get();
    if (screen === 'movie' && movieId === id) return;
    set({
      screen: 'movie',
      movieId: id,
      visit: ++visits,
      lastMove: 'push',
      cameBack: false,
      history: [...get().history, { screen, movieId, visit }].slice(-30),
    });
  },
  back: () => {
    const history = get().history;
    const previous = history[history.length - 1];
    if (!previous)
      return set({
        screen: 'search',
        movieId: null,
        visit: ++visits,
        lastMove: 'replace',
        cameBack: false,
      });
    set({ ...previous, history: history.slice(0, -1), lastMove: 'replace', cameBack: true });
  },
  reset: (screen) =>
    set({
      screen,
      movieId: null,
      visit: ++visits,
      history: [],
      lastMove: 'replace',
      cameBack: false,
    }),
  arrive: (place) => {
    const { screen, movieId, visit, history } = get();
    if (samePlace(place, { screen, movieId })) return;
    const previous = history[history.length - 1];
    const cameBack = !!previous && samePlace(previous, place);
    set({
      screen: place.screen,
      movieId: place.movieId,
      visit: cameBack ? previous.visit : ++visits,
      history: cameBack
        ? history.slice(0, -1)
        : [...history, { screen, movieId, visit }].slice(-30),
      lastMove: 'pop',
      cameBack,
    });
  },
}));
