import { samePlace, useNavigation, type Place, type Screen } from '../stores/navigation';
import { useSearch } from '../stores/search';

/** A place as the address bar shows it; a search also carries what was typed. */
export interface Route extends Place {
  query?: string;
}

const paths: Record<Exclude<Screen, 'movie'>, string> = {
  profiles: 'profiles',
  import: 'import',
  search: 'search',
  forYou: 'for-you',
  people: 'people',
  together: 'watch-together',
  taste: 'taste',
  ratings: 'ratings',
  model: 'model',
  about: 'about',
};

const screensByPath = new Map<string, Screen>(
  Object.entries(paths).map(([screen, path]) => [path, screen as Screen]),
);

/** "#/movie/2571", "#/search?q=alien%201979", "#/for-you". */
export function hashFor(place: Place, query = ''): string {
  if (place.screen === 'movie' && place.movieId !== null) return `#/movie/${place.movieId}`;
  if (place.screen === 'movie') return '#/search';
  const path = `#/${paths[place.screen]}`;
  if (place.screen === 'search' && query.trim() !== '') {
    return `${path}?${new URLSearchParams({ q: query }).toString()}`;
  }
  return path;
}

/** The place an address names, or null when it names none of the app's pages. */
export function routeFromHash(hash: string): Route | null {
  const match = /^#\/([a-z-]+)(?:\/(\d+))?(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const [, path, id, search] = match;
  if (path === 'movie') {
    const movieId = Number(id);
    return Number.isSafeInteger(movieId) && movieId > 0 ? { screen: 'movie', movieId } : null;
  }
  const screen = screensByPath.get(path);
  if (!screen || id !== undefined) return null;
  if (screen !== 'search') return { screen, movieId: null };
  return { screen, movieId: null, query: new URLSearchParams(search ?? '').get('q') ?? '' };
}

interface EntryState {
  /** How far into the app's own history this entry is; 0 is where the window started. */
  movieAssistantIndex: number;
}

function entryIndex(state: unknown): number | null {
  if (typeof state !== 'object' || state === null) return null;
  const index = (state as Partial<EntryState>).movieAssistantIndex;
  return typeof index === 'number' ? index : null;
}

let attached = false;

/** The previous page: the browser's history when the app has one, else the app's own. */
export function goBack(): void {
  const index = entryIndex(window.history.state);
  if (attached && index !== null && index > 0) window.history.back();
  else useNavigation.getState().back();
}

function currentHash(): string {
  const { screen, movieId } = useNavigation.getState();
  return hashFor({ screen, movieId }, useSearch.getState().query);
}

function arriveAt(route: Route): void {
  if (route.query !== undefined && route.query !== useSearch.getState().query) {
    useSearch.getState().setQuery(route.query);
  }
  useNavigation.getState().arrive({ screen: route.screen, movieId: route.movieId });
}

/**
 * Keeps the page in the address ("#/movie/2571"), so the browser's back and forward, a reload and
 * a typed address all land on the same page. Returns the function that detaches it.
 */
export function attachHashRoutes(): () => void {
  let index = entryIndex(window.history.state) ?? 0;
  const start = routeFromHash(window.location.hash);
  if (start) {
    if (start.query !== undefined) useSearch.getState().setQuery(start.query);
    useNavigation.setState({
      screen: start.screen,
      movieId: start.movieId,
      history: [],
      lastMove: 'replace',
    });
  }
  window.history.replaceState({ movieAssistantIndex: index }, '', currentHash());

  const offNavigation = useNavigation.subscribe((state, previous) => {
    if (state.lastMove === 'pop' || samePlace(state, previous)) return;
    if (state.lastMove === 'push') {
      index += 1;
      window.history.pushState({ movieAssistantIndex: index }, '', currentHash());
    } else {
      window.history.replaceState({ movieAssistantIndex: index }, '', currentHash());
    }
  });
  const offSearch = useSearch.subscribe((state, previous) => {
    if (state.query === previous.query || useNavigation.getState().screen !== 'search') return;
    window.history.replaceState({ movieAssistantIndex: index }, '', currentHash());
  });

  function onAddressChange(event: Event) {
    const route = routeFromHash(window.location.hash);
    if (!route) return;
    const known = entryIndex(window.history.state);
    if (known !== null) index = known;
    else if (event.type === 'popstate') {
      // An address typed in: a new entry the app has not numbered yet.
      index += 1;
      window.history.replaceState({ movieAssistantIndex: index }, '', window.location.hash);
    }
    arriveAt(route);
  }

  window.addEventListener('popstate', onAddressChange);
  window.addEventListener('hashchange', onAddressChange);
  attached = true;
  return () => {
    attached = false;
    offNavigation();
    offSearch();
    window.removeEventListener('popstate', onAddressChange);
    window.removeEventListener('hashchange', onAddressChange);
  };
}

/** Alt+Left / Alt+Right, as in a browser. */
export function historyKeyDirection(event: KeyboardEvent): -1 | 1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === 'ArrowLeft') return -1;
  if (event.key === 'ArrowRight') return 1;
  return null;
}

/** The mouse's back (3) and forward (4) buttons. */
export function historyButtonDirection(event: MouseEvent): -1 | 1 | null {
  if (event.button === 3) return -1;
  if (event.button === 4) return 1;
  return null;
}

function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return (
    target instanceof HTMLInputElement &&
    ['text', 'search', 'password', 'email', 'url', 'number'].includes(target.type)
  );
}

/** Back and forward from the keyboard and the mouse's side buttons. Returns the detach. */
export function attachHistoryInput(): () => void {
  function move(direction: -1 | 1) {
    if (direction === -1) goBack();
    else window.history.forward();
  }
  function onKeyDown(event: KeyboardEvent) {
    const direction = historyKeyDirection(event);
    if (direction === null || event.defaultPrevented) return;
    if (isTextField(event.target)) return; // Alt+arrows move by word there (macOS)
    if (document.querySelector('[role="dialog"]')) return;
    event.preventDefault();
    move(direction);
  }
  function onMouseUp(event: MouseEvent) {
    const direction = historyButtonDirection(event);
    if (direction === null) return;
    event.preventDefault();
    if (document.querySelector('[role="dialog"]')) return;
    move(direction);
  }
  function onMouseDown(event: MouseEvent) {
    if (historyButtonDirection(event) !== null) event.preventDefault();
  }
  document.addEventListener('keydown', onKeyDown);
  document.addEventListener('mouseup', onMouseUp);
  document.addEventListener('mousedown', onMouseDown);
  return () => {
    document.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('mouseup', onMouseUp);
    document.removeEventListener('mousedown', onMouseDown);
  };
}
