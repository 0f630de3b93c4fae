import { useEffect, useRef, type KeyboardEvent } from 'react';
import { MatchAndStars } from '../components/MatchAndStars';
import { MovieCard } from '../components/MovieCard';
import { OriginalTitle } from '../components/OriginalTitle';
import { SearchEmpty } from '../components/SearchEmpty';
import { SearchFilters } from '../components/SearchFilters';
import { Empty, ErrorMessage } from '../components/StateMessages';
import { useForYouStandings } from '../components/useForYouStandings';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';
import { searchKey, useSearch } from '../stores/search';
import type { MovieSummary } from '../../../shared/domain';
import type { MovieStanding } from '../../../shared/movie-standing';
import { namedTags } from '../../../shared/tag-names';
import { formatCount, ordinal } from '../util/format';
import { searchQueryMax } from '../../../shared/api';

const debounceMs = 120;

/** Instant search: results follow the typing; arrows move through them and Enter opens one. */
export function SearchScreen() {
  const {
    query,
    genre,
    yearFrom,
    yearTo,
    sort,
    results,
    total,
    totalExact,
    seriesPlace,
    readAs,
    lookAlikes,
    tagged,
    resultsFor,
    loading,
    loadingMore,
    error,
    activeIndex,
    setQuery,
    setActiveIndex,
    run,
    firstResultNow,
    loadMore,
  } = useSearch();
  const current = resultsFor === searchKey({ query, genre, yearFrom, yearTo, sort });
  const openMovie = useNavigation((s) => s.openMovie);
  const byMovie = useRatings((s) => s.byMovie);
  const profileId = useProfiles((s) => s.currentId);
  // How much the profile would like each result: what its card on For you says.
  const { standings } = useForYouStandings(
    profileId,
    current ? [...results, ...(tagged?.movies ?? [])].map((m) => m.id) : [],
  );
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus({ preventScroll: true }); // Back may be putting the page where it was left
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void run(), debounceMs);
    return () => clearTimeout(timer);
  }, [query, genre, yearFrom, yearTo, sort, run]);

  useEffect(() => {
    if (activeIndex >= 0)
      document.getElementById(`result-${activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !current) {
      // Typed faster than the debounce: search now, then open the best match.
      event.preventDefault();
      void firstResultNow().then((first) => first && openMovie(first.id));
      return;
    }
    if (results.length === 0) return;
    if (event.key === 'ArrowDown') {
      setActiveIndex(Math.min(results.length - 1, activeIndex + 1));
    } else if (event.key === 'ArrowUp') {
      setActiveIndex(Math.max(0, activeIndex - 1));
    } else if (event.key === 'Enter' && activeIndex >= 0) {
      openMovie(results[activeIndex].id);
    } else return;
    event.preventDefault();
  }

  const searched = query.trim() !== '' || genre !== '';
  const active = current ? results[activeIndex] : undefined;
  const highlighted = active
    ? `${active.title}${active.year === null ? '' : ` (${active.year})`}, ${activeIndex + 1} of ${results.length}: Enter opens it`
    : '';

  return (
    <section className="screen" aria-labelledby="search-title" data-testid="screen-search">
      <div className="screen-header">
        <h1 id="search-title">Search</h1>
        {loading && <span className="faint">Searching…</span>}
      </div>
      <input
        ref={input}
        className="input large"
        style={{ width: '100%', marginBottom: 14 }}
        type="search"
        aria-label="Search movies by title or tag"
        aria-controls="search-results"
        aria-describedby="search-highlighted"
        placeholder="Search by title or tag — try “matrix” or “pixar”"
        value={query}
        maxLength={searchQueryMax}
        data-testid="search-input"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <SearchFilters />
      {searched && current && results.length > 0 && (
        <p className="faint" data-testid="search-total" aria-live="polite">
          {formatCount(total)}
          {totalExact ? '' : '+'} {total === 1 ? 'movie' : 'movies'}
          {readAs !== null && (
            <span data-testid="search-read-as">
              {' '}
              for “{readAs}”, reading “{query.trim().split(/\s+/)[0]}” as initials
            </span>
          )}
          {lookAlikes && (
            <span data-testid="search-look-alikes">
              {' '}
              close to “{query.trim()}”: no title is spelled so
            </span>
          )}
        </p>
      )}
      {error && <ErrorMessage message={error} onRetry={run} />}
      {searched && !loading && !error && results.length === 0 && !tagged && <SearchEmpty />}
      {!searched && (
        <Empty>
          Start typing a title, or what viewers tag movies with (“pixar”, “time travel”). Use ↑ and
          ↓ to move through the results and Enter to open one.
        </Empty>
      )}
      {/* The result the arrows are on, said aloud: the cards hold buttons, so they are a list, not
          a listbox's options, and the search box cannot point into them. */}
      <p className="visually-hidden" id="search-highlighted" aria-live="polite">
        {highlighted}
      </p>
      <h2 className="visually-hidden">Results</h2>
      <div
        className="grid"
        id="search-results"
        role="list"
        aria-label="Search results"
        aria-busy={!current}
        data-testid="search-results"
        data-query={current ? query.trim() : undefined}
      >
        {results.map((movie, index) => (
          <div
            key={movie.id}
            role="listitem"
            aria-current={index === activeIndex ? 'true' : undefined}
            onMouseEnter={() => setActiveIndex(index)}
          >
            <MovieCard
              id={`result-${index}`}
              movie={movie}
              active={index === activeIndex}
              onOpen={openMovie}
              yourRating={byMovie[movie.id] ?? null}
              testId="search-result"
              rateable
            >
              {movie.originalTitle && <OriginalTitle title={movie.originalTitle} />}
              <ForYouFacts standing={standings.get(movie.id)} />
              {seriesPlace?.movieId === movie.id && !seriesPlace.inTitle && (
                <p className="muted" style={{ margin: 0 }} data-testid="series-place">
                  The {ordinal(seriesPlace.place)} film of the series
                </p>
              )}
            </MovieCard>
          </div>
        ))}
      </div>
      {current && results.length > 0 && results.length < total && (
        <div className="row" style={{ justifyContent: 'center', marginTop: 14 }}>
          <button
            type="button"
            className="button"
            disabled={loadingMore}
            data-testid="search-load-more"
            onClick={() => void loadMore()}
          >
            {loadingMore
              ? 'Loading…'
              : `Load more (${formatCount(results.length)} of ${formatCount(total)}${totalExact ? '' : '+'})`}
          </button>
        </div>
      )}
      {current && tagged && (
        <TaggedMovies
          tags={tagged.tags}
          otherTags={tagged.otherTags ?? 0}
          movies={tagged.movies}
          titlesFound={results.length > 0}
          standings={standings}
        />
      )}
    </section>
  );
}

/** Movies the releases' viewers tagged with what was typed, under the titles that match it. */
function TaggedMovies({
  tags,
  otherTags,
  movies,
  titlesFound,
  standings,
}: {
  tags: string[];
  otherTags: number;
  movies: MovieSummary[];
  titlesFound: boolean;
  standings: Map<number, MovieStanding>;
}) {
  const openMovie = useNavigation((s) => s.openMovie);
  const byMovie = useRatings((s) => s.byMovie);
  const named = namedTags(tags, otherTags);
  return (
    <section aria-labelledby="tagged-title" data-testid="search-tagged" style={{ marginTop: 24 }}>
      <div className="panel-title">
        <h2 id="tagged-title">{titlesFound ? `Also tagged ${named}` : `Tagged ${named}`}</h2>
        <span className="faint">
          {titlesFound ? '' : 'No title has these words. '}Viewers in the catalogue gave these
          movies {tags.length + otherTags > 1 ? 'those tags' : 'that tag'}; the most tagged first
        </span>
      </div>
      <div className="grid">
        {movies.map((movie) => (
          <MovieCard
            key={movie.id}
            movie={movie}
            onOpen={openMovie}
            yourRating={byMovie[movie.id] ?? null}
            testId="tagged-result"
            rateable
          >
            <ForYouFacts standing={standings.get(movie.id)} />
          </MovieCard>
        ))}
      </div>
    </section>
  );
}

/** A result's match and predicted stars, as its For you card shows them, until it is rated. */
function ForYouFacts({ standing }: { standing: MovieStanding | undefined }) {
  if (!standing || standing.rated || standing.match === null) return null;
  return (
    <div className="list-facts" data-testid="search-for-you">
      <MatchAndStars match={standing.match} predictedRating={standing.predictedRating} />
    </div>
  );
}
