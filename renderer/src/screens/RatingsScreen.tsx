import { useEffect, useMemo } from 'react';
import type { MarkedMovie, MovieMark, ProfileRating } from '../../../shared/domain';
import { starScaleText } from '../../../shared/star-scale';
import { call } from '../api/client';
import { ExportCsvButton } from '../components/ExportCsvButton';
import { MarkedMoviesList } from '../components/MarkedMoviesList';
import { RateMoviesButton } from '../components/RateMoviesButton';
import { RatingsTable } from '../components/RatingsTable';
import { RatingsToolbar } from '../components/RatingsToolbar';
import { Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { UndoBar } from '../components/UndoBar';
import { useForYouStandings } from '../components/useForYouStandings';
import { useMarks } from '../stores/marks';
import { useProfiles } from '../stores/profiles';
import { useRatingUndo } from '../stores/rating-undo';
import { useRatings } from '../stores/ratings';
import { useRatingsView, type WatchlistOrder } from '../stores/ratings-view';
import { countOf, formatCount } from '../util/format';
import { visibleRatings } from '../util/rating-list';

/** The profile's ratings as the store holds them now (an edit shows before the list reloads). */
function useCurrentRatings(): { ratings: ProfileRating[]; loaded: boolean; error: string | null } {
  const list = useRatings((s) => s.list);
  const byMovie = useRatings((s) => s.byMovie);
  const loaded = useRatings((s) => s.loaded);
  const error = useRatings((s) => s.error);
  const ratings = useMemo(
    () =>
      list
        .filter((r) => byMovie[r.movieId] !== undefined)
        .map((r) => ({ ...r, rating: byMovie[r.movieId] })),
    [list, byMovie],
  );
  return { ratings, loaded, error };
}

/** "My ratings": find, sort, change and clear ratings (with undo), export; the marked movies. */
export function RatingsScreen({ profileId }: { profileId: number }) {
  const session = useProfiles((s) => s.sessionRevision);
  const { ratings, loaded, error } = useCurrentRatings();
  const { query, sort, setQuery, setSort } = useRatingsView();
  const shown = useMemo(() => visibleRatings(ratings, query, sort), [ratings, query, sort]);
  const edit = useRatingUndo((s) => s.edit);

  // Ratings given elsewhere since the profile was opened are in the store's values but not in
  // its list: each visit reads the list afresh, and the marks with it.
  useEffect(() => {
    void useRatings.getState().load(profileId);
    void useMarks.getState().load(profileId);
  }, [profileId, session]);
  useEffect(() => () => useRatingUndo.getState().dismiss(), []);

  return (
    <section className="screen stack" aria-labelledby="ratings-title" data-testid="screen-ratings">
      <div className="screen-header">
        <div>
          <h1 id="ratings-title">My ratings</h1>
          <p>{countOf(ratings.length, 'rating')}</p>
        </div>
        <ExportCsvButton
          profileId={profileId}
          label="ratings"
          fileName="movie-assistant-ratings.csv"
          testId="ratings-export"
          csv={() => call('ratings.export', { profileId })}
        />
      </div>
      <UndoBar />
      {error && (
        <ErrorMessage message={error} onRetry={() => void useRatings.getState().load(profileId)} />
      )}
      {!loaded && !error && <Loading />}
      {loaded && ratings.length === 0 && (
        <Empty testId="ratings-empty">
          <p>Movies you rate are listed here.</p>
          <RateMoviesButton testId="ratings-rate-movies" />
        </Empty>
      )}
      {ratings.length > 0 && (
        <div className="card stack">
          <RatingsToolbar query={query} sort={sort} onQuery={setQuery} onSort={setSort} />
          {shown.length === 0 ? (
            <p className="muted">No rating matches “{query}”.</p>
          ) : (
            <RatingsTable ratings={shown} onEdit={(r, next) => void edit(profileId, r, next)} />
          )}
        </div>
      )}
      <MarkedMoviesSection profileId={profileId} mark="watchlist" title="Your watchlist" />
      <MarkedMoviesSection
        profileId={profileId}
        mark="seen"
        title="Seen, not rated"
        hint="Left out of your lists. Rate one to teach your model what you thought of it."
        hideWhenEmpty
      />
      <MarkedMoviesSection
        profileId={profileId}
        mark="not-interested"
        title="Not interested"
        hint="Hidden from every list, and taken as a dislike by your model."
      />
    </section>
  );
}

/** Rows a marked list shows before "Show all" (an import may mark a thousand movies seen). */
const firstRows = 30;

function MarkedMoviesSection({
  profileId,
  mark,
  title,
  hint,
  hideWhenEmpty = false,
}: {
  profileId: number;
  mark: MovieMark;
  title: string;
  hint?: string;
  /** Shown only once it has movies (a mark most profiles never use). */
  hideWhenEmpty?: boolean;
}) {
  const list = useMarks((s) => s.list);
  const loaded = useMarks((s) => s.loaded);
  const error = useMarks((s) => s.error);
  const removeWithUndo = useMarks((s) => s.removeWithUndo);
  const movies = useMemo(() => list.filter((m: MarkedMovie) => m.mark === mark), [list, mark]);
  const { standings, starScale } = useForYouStandings(
    profileId,
    mark === 'watchlist' ? movies.map((m) => m.movieId) : [],
  );
  const scaleNote = [...standings.values()].some((s) => s.predictedRating !== null)
    ? starScaleText(starScale)
    : null;
  const order = useRatingsView((s) => s.watchlistOrder);
  const setOrder = useRatingsView((s) => s.setWatchlistOrder);
  const ranked = standings.size > 0;
  const shown = useMemo(
    () =>
      ranked && order === 'match'
        ? [...movies].sort(
            (a, b) =>
              (standings.get(a.movieId)?.rank ?? Infinity) -
              (standings.get(b.movieId)?.rank ?? Infinity),
          )
        : movies,
    [movies, standings, ranked, order],
  );
  const showAll = useRatingsView((s) => s.shownWhole.includes(mark));
  const showWhole = useRatingsView((s) => s.showWhole);
  const visible = showAll ? shown : shown.slice(0, firstRows);
  if (hideWhenEmpty && movies.length === 0 && !error) return null;
  return (
    <div className="card stack" data-testid={`section-${mark}`}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>{title}</h2>
        <div className="row" style={{ alignItems: 'flex-end' }}>
          {ranked && movies.length > 1 && (
            <label className="field">
              Order
              <select
                className="select"
                value={order}
                data-testid="watchlist-order"
                onChange={(e) => setOrder(e.target.value as WatchlistOrder)}
              >
                <option value="match">Best match first</option>
                <option value="added">Newest first</option>
              </select>
            </label>
          )}
          {mark !== 'not-interested' && movies.length > 0 && (
            <ExportCsvButton
              profileId={profileId}
              label={mark === 'watchlist' ? 'watchlist' : 'seen films'}
              fileName={`movie-assistant-${mark === 'watchlist' ? 'watchlist' : 'watched'}.csv`}
              testId={`section-${mark}-export`}
              csv={() => call('marks.export', { profileId, mark })}
            />
          )}
        </div>
      </div>
      {hint && <p className="faint">{hint}</p>}
      {scaleNote && (
        <p className="faint" data-testid="watchlist-star-scale">
          {scaleNote}
        </p>
      )}
      {error && (
        <ErrorMessage message={error} onRetry={() => void useMarks.getState().load(profileId)} />
      )}
      {loaded && !error && movies.length === 0 && <p className="muted">Nothing here yet.</p>}
      {movies.length > 0 && (
        <MarkedMoviesList
          mark={mark}
          movies={visible}
          standings={ranked ? standings : undefined}
          rateable={mark === 'seen'}
          onRemove={(movieId) => void removeWithUndo(profileId, movieId)}
        />
      )}
      {visible.length < shown.length && (
        <button
          type="button"
          className="button quiet"
          data-testid={`section-${mark}-all`}
          onClick={() => showWhole(mark)}
        >
          Show all {formatCount(shown.length)}
        </button>
      )}
    </div>
  );
}
