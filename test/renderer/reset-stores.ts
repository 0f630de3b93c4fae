import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useDialogs } from '../../renderer/src/stores/dialogs';
import { useEngine } from '../../renderer/src/stores/engine';
import { defaultForYouFilters, useForYou } from '../../renderer/src/stores/for-you';
import { useImporter } from '../../renderer/src/stores/importer';
import { useJobs } from '../../renderer/src/stores/jobs';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useNotices } from '../../renderer/src/stores/notices';
import { rememberLastProfile } from '../../renderer/src/stores/last-profile';
import { resetProfileScoped } from '../../renderer/src/stores/profile-scope';
import { resetProfilesForTests } from '../../renderer/src/stores/profiles';
import { searchKey, useSearch } from '../../renderer/src/stores/search';

/** Every store back to its first state, so one test's profile never leaks into the next. */
export function resetStores(): void {
  resetProfilesForTests();
  rememberLastProfile(null);
  resetProfileScoped();
  useForYou.setState({ filters: defaultForYouFilters });
  useNavigation.setState({ screen: 'profiles', movieId: null, history: [], lastMove: 'replace' });
  // The address outlives a render; a page left in it would be where the next test's app opens.
  window.history.replaceState(null, '', window.location.pathname);
  useCatalogue.setState({
    info: null,
    genres: [],
    loading: false,
    error: null,
    switching: null,
    switched: null,
    switchError: null,
    damage: null,
  });
  useJobs.setState({ jobs: {} });
  useImporter.getState().reset();
  useNotices.setState({ notices: [] });
  useDialogs.setState({ open: null });
  useEngine.setState({ status: null, loading: false, error: null, trainingJobId: null });
  const blank = { query: '', genre: '', yearFrom: null, yearTo: null, sort: 'relevance' as const };
  useSearch.setState({
    ...blank,
    results: [],
    total: 0,
    totalExact: true,
    withoutFilters: 0,
    seriesPlace: null,
    newestYear: null,
    readAs: null,
    lookAlikes: false,
    tagged: null,
    resultsFor: searchKey(blank),
    loading: false,
    loadingMore: false,
    error: null,
    activeIndex: -1,
  });
}

/** jsdom has no ResizeObserver; chart containers need one to mount. */
export function polyfillResizeObserver(): void {
  if ('ResizeObserver' in globalThis) return;
  (globalThis as Record<string, unknown>).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
