import { filteredMovies } from '../../../shared/why-empty';
import { useNavigation } from '../stores/navigation';
import { useSearch } from '../stores/search';
import { formatCount } from '../util/format';
import { Empty } from './StateMessages';

/**
 * Why a film may be missing: the catalogue ends at its release's newest films ("Oppenheimer" is
 * not in ml-latest-small, whose films run up to 2018).
 */
function newerFilmText(newestYear: number): string {
  return `The catalogue's films run up to ${newestYear}: a later one comes with a newer MovieLens release.`;
}

/**
 * Nothing found. When the title exists outside the genre or years asked, says so and offers to
 * drop them, rather than leaving the person to think the catalogue lacks the movie.
 */
export function SearchEmpty() {
  const { query, genre, yearFrom, yearTo, withoutFilters, newestYear, clearFilters } = useSearch();
  const years = yearFrom !== null || yearTo !== null;
  const elsewhere = !years
    ? 'in other genres'
    : !genre
      ? 'from other years'
      : 'outside these filters';
  if (withoutFilters === 0)
    return (
      <Empty testId="search-empty">
        <p style={{ margin: 0 }}>No movies match. Try fewer words, or loosen the filters.</p>
        {newestYear !== null && (
          <p className="faint" style={{ margin: 0 }} data-testid="search-newest-year">
            {newerFilmText(newestYear)}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => useNavigation.getState().go('import')}
            >
              Import a release
            </button>
          </p>
        )}
      </Empty>
    );
  return (
    <Empty testId="search-empty">
      <p style={{ margin: 0 }}>
        No {filteredMovies(genre, yearFrom, yearTo)} match “{query.trim()}”;{' '}
        {formatCount(withoutFilters)} {withoutFilters === 1 ? 'movie' : 'movies'} {elsewhere}{' '}
        {withoutFilters === 1 ? 'does' : 'do'}.
      </p>
      <button
        type="button"
        className="button"
        data-testid="search-clear-filters"
        onClick={clearFilters}
      >
        Clear filters
      </button>
    </Empty>
  );
}
