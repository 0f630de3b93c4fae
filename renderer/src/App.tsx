import { useEffect, useRef } from 'react';
import { onCallFailure, onEvent } from './api/client';
import { isDamagedError, readableError } from './api/errors';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Notices } from './components/Notices';
import { CatalogueDamage } from './components/CatalogueDamage';
import { ProfileDialogs } from './components/ProfileDialogs';
import { ProfileMenu } from './components/ProfileMenu';
import { Sidebar } from './components/Sidebar';
import { ErrorMessage, Loading } from './components/StateMessages';
import { ThemeToggle } from './components/ThemeToggle';
import { UnlockDialog } from './components/UnlockDialog';
import { AboutScreen } from './screens/AboutScreen';
import { ForYouScreen } from './screens/ForYouScreen';
import { ImportScreen } from './screens/ImportScreen';
import { ModelScreen } from './screens/ModelScreen';
import { MovieScreen } from './screens/MovieScreen';
import { PeopleScreen } from './screens/PeopleScreen';
import { ProfilesScreen } from './screens/ProfilesScreen';
import { RatingsScreen } from './screens/RatingsScreen';
import { SearchScreen } from './screens/SearchScreen';
import { TasteScreen } from './screens/TasteScreen';
import { WatchTogetherScreen } from './screens/WatchTogetherScreen';
import { catalogueIsEmpty, useCatalogue } from './stores/catalogue';
import { attachJobEvents } from './stores/jobs';
import { useNavigation, type Screen } from './stores/navigation';
import { useProfiles } from './stores/profiles';
import { useMarks } from './stores/marks';
import { useRatings } from './stores/ratings';
import { attachHashRoutes, attachHistoryInput } from './util/hash-routes';
import { useScrollMemory } from './util/scroll-memory';
import { useSearchShortcut } from './util/search-shortcut';

/**
 * Which screen shows: profiles until one is chosen, the import screen while the catalogue is
 * empty; About always.
 */
export function effectiveScreen(
  screen: Screen,
  hasProfile: boolean,
  catalogueEmpty: boolean,
): Screen {
  if (screen === 'about') return screen;
  if (!hasProfile) return screen === 'import' && !catalogueEmpty ? 'import' : 'profiles';
  if (catalogueEmpty && screen !== 'profiles') return 'import';
  return screen;
}

function useServiceConnection() {
  useEffect(() => {
    const offJobs = attachJobEvents();
    const offCatalogue = onEvent('catalogue.changed', () => void useCatalogue.getState().load());
    const offDamage = onEvent('catalogue.damaged', (e) =>
      useCatalogue.getState().damaged(e.message),
    );
    const offDamagedCalls = onCallFailure((error) => {
      if (isDamagedError(error)) useCatalogue.getState().damaged(readableError(error));
    });
    void useCatalogue.getState().load();
    void useProfiles.getState().load();
    return () => {
      offJobs();
      offCatalogue();
      offDamage();
      offDamagedCalls();
    };
  }, []);
}

function useCurrentProfileRatings(profileId: number | null, session: number) {
  useEffect(() => {
    if (profileId === null) return;
    void useRatings.getState().load(profileId);
    void useMarks.getState().load(profileId);
  }, [profileId, session]);
}

/** With no catalogue the import screen is where one goes, and it stays until the summary is read. */
function useFirstRunImport(empty: boolean, hasProfile: boolean, requested: Screen) {
  useEffect(() => {
    const stays = requested === 'import' || requested === 'profiles' || requested === 'about';
    if (empty && hasProfile && !stays) {
      useNavigation.getState().reset('import');
    }
  }, [empty, hasProfile, requested]);
}

/** The page lives in the address, and back and forward (keys, mouse buttons) move through it. */
function useAddressHistory() {
  useEffect(() => {
    const offRoutes = attachHashRoutes();
    const offInput = attachHistoryInput();
    return () => {
      offInput();
      offRoutes();
    };
  }, []);
}

/** A movie page belongs to the list it was opened from, so the sidebar keeps that one lit. */
function sidebarScreen(screen: Screen, history: Array<{ screen: Screen }>): Screen {
  if (screen !== 'movie') return screen;
  return [...history].reverse().find((p) => p.screen !== 'movie')?.screen ?? 'search';
}

/** After moving to another screen, keyboard focus starts on it, not on the old button. */
function useFocusOnScreenChange(screen: Screen, movieId: number | null) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (screen === 'search') return; // the search box takes the focus itself
    if (document.querySelector('[role="dialog"]')) return;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [screen, movieId]);
}

/** The element every page scrolls in. */
const mainElement = () => document.getElementById('main');

function CurrentScreen({
  screen,
  profileId,
  movieId,
}: {
  screen: Screen;
  profileId: number | null;
  movieId: number | null;
}) {
  switch (screen) {
    case 'profiles':
      return <ProfilesScreen />;
    case 'import':
      return <ImportScreen />;
    case 'search':
      return <SearchScreen />;
    case 'movie':
      return movieId === null ? <SearchScreen /> : <MovieScreen movieId={movieId} />;
    case 'forYou':
      return profileId === null ? <ProfilesScreen /> : <ForYouScreen profileId={profileId} />;
    case 'people':
      return profileId === null ? <ProfilesScreen /> : <PeopleScreen profileId={profileId} />;
    case 'together':
      return profileId === null ? (
        <ProfilesScreen />
      ) : (
        <WatchTogetherScreen profileId={profileId} />
      );
    case 'taste':
      return profileId === null ? <ProfilesScreen /> : <TasteScreen profileId={profileId} />;
    case 'ratings':
      return profileId === null ? <ProfilesScreen /> : <RatingsScreen profileId={profileId} />;
    case 'model':
      return <ModelScreen />;
    case 'about':
      return <AboutScreen />;
  }
}

export function App() {
  useServiceConnection();
  useAddressHistory();
  const info = useCatalogue((s) => s.info);
  const connectionError = useCatalogue((s) => s.error);
  const profilesLoaded = useProfiles((s) => s.loaded);
  const profileId = useProfiles((s) => s.currentId);
  const session = useProfiles((s) => s.sessionRevision);
  const requested = useNavigation((s) => s.screen);
  const movieId = useNavigation((s) => s.movieId);
  const visit = useNavigation((s) => s.visit);
  const history = useNavigation((s) => s.history);
  useCurrentProfileRatings(profileId, session);

  const empty = catalogueIsEmpty(info);
  useFirstRunImport(empty, profileId !== null, requested);
  const screen = effectiveScreen(requested, profileId !== null, empty);
  const ready = info !== null && profilesLoaded;
  useFocusOnScreenChange(screen, movieId);
  useScrollMemory(mainElement, visit, screen);
  useSearchShortcut(ready && profileId !== null && !empty);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {/* one banner landmark over both cells of the top row */}
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✦
          </span>
          <span className="brand-name" data-testid="app-title">
            Movie Assistant
          </span>
        </div>
        <div className="topbar">
          {info && (
            <span className="faint catalogue-size" data-testid="catalogue-size">
              {info.catalogue.movies.toLocaleString('en')} movies
              <span className="catalogue-ratings">
                {' '}
                · {info.catalogue.ratings.toLocaleString('en')} ratings
              </span>
            </span>
          )}
          <span className="spacer" />
          <ThemeToggle />
          {ready && <ProfileMenu />}
        </div>
      </header>
      <Sidebar disabled={profileId === null || empty} screen={sidebarScreen(screen, history)} />
      <main className="main" id="main" tabIndex={-1}>
        {!ready && connectionError && (
          <div className="screen">
            <ErrorMessage
              message={`Movie Assistant’s service did not answer: ${connectionError}`}
              onRetry={() => void useCatalogue.getState().load()}
            />
          </div>
        )}
        {!ready && !connectionError && <Loading label="Connecting to Movie Assistant…" />}
        <CatalogueDamage />
        {ready && (
          <ErrorBoundary scope="this screen" resetKey={`${screen}-${movieId}-${profileId}`}>
            <CurrentScreen screen={screen} profileId={profileId} movieId={movieId} />
          </ErrorBoundary>
        )}
      </main>
      <ProfileDialogs />
      <UnlockDialog />
      <Notices />
    </div>
  );
}
