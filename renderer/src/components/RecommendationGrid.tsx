import type { MovieSummary, RecommendedMovie } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { useRatings } from '../stores/ratings';
import { formatRating } from '../util/format';
import { useFocusNext } from '../util/focus-next';
import { MovieCard } from './MovieCard';
import { ReasonNote } from './ReasonNote';

interface Props {
  items: RecommendedMovie[];
  testId: string;
  showReasons?: boolean;
  becauseLabel?: string;
  /** The movie the list is about, left out of each reason's "because". */
  about?: number;
  /** What the match percentage means on this list ("match", "similar"). */
  matchLabel?: string;
  /** The title of the movie the list is about: each card marks the genres it shares with it. */
  sharedGenresWith?: string;
  /** Offers "Hide" (not interested) on each card. */
  onHide?: (movie: MovieSummary) => void;
  /** Offers "Seen it" (watched, not to be rated) on each card. */
  onSeen?: (movie: MovieSummary) => void;
}

const cardTitle = (movieId: number) => `[data-movie-id="${movieId}"] .card-link`;

/**
 * A grid of recommended movies, each with what the list is ordered by (its match), its predicted
 * rating as a second fact, and its reason.
 */
export function RecommendationGrid({
  items,
  testId,
  showReasons = true,
  becauseLabel,
  about,
  matchLabel = 'match',
  sharedGenresWith,
  onHide,
  onSeen,
}: Props) {
  const openMovie = useNavigation((s) => s.openMovie);
  const byMovie = useRatings((s) => s.byMovie);
  const { list, leaving } = useFocusNext<HTMLDivElement>(
    items.map((it) => it.movie.id),
    cardTitle,
  );
  const leave = (movie: MovieSummary, then: (movie: MovieSummary) => void) => () => {
    leaving(movie.id);
    then(movie);
  };
  return (
    <div className="grid" data-testid={testId} ref={list}>
      {items.map((item) => {
        const ranked = item.match !== null || item.reason.kind === 'starter';
        return (
          <MovieCard
            key={item.movie.id}
            movie={item.movie}
            onOpen={openMovie}
            yourRating={byMovie[item.movie.id] ?? null}
            testId={`${testId}-card`}
            rateable
            sharedGenres={
              sharedGenresWith === undefined
                ? undefined
                : { genres: item.reason.sharedGenres, with: sharedGenresWith }
            }
          >
            {(ranked || onHide || onSeen) && (
              <div className="list-facts">
                {!ranked ? null : item.match !== null ? (
                  <span
                    className="match-badge"
                    data-testid="match"
                    title="What this list is ordered by"
                  >
                    {item.match}% {matchLabel}
                  </span>
                ) : (
                  <span className="match-badge starter" data-testid="starter-badge">
                    Starter pick
                  </span>
                )}
                {ranked && item.predictedRating !== null && (
                  <span className="faint" data-testid="predicted">
                    predicted {formatRating(item.predictedRating)} ★
                  </span>
                )}
                {(onSeen || onHide) && (
                  <span className="card-actions">
                    {onSeen && (
                      <button
                        type="button"
                        className="button quiet small card-action"
                        data-testid="card-seen"
                        aria-label={`Seen it: ${item.movie.title}, leave it out of your lists without rating it`}
                        title="Seen it: leave it out without rating it"
                        onClick={leave(item.movie, onSeen)}
                      >
                        Seen it
                      </button>
                    )}
                    {onHide && (
                      <button
                        type="button"
                        className="button quiet small card-action"
                        data-testid="card-hide"
                        aria-label={`Hide ${item.movie.title}: not interested, leave it out of your lists`}
                        title="Not interested: hide it from your lists"
                        onClick={leave(item.movie, onHide)}
                      >
                        Hide
                      </button>
                    )}
                  </span>
                )}
              </div>
            )}
            {!ranked && item.predictedRating !== null && (
              <div className="faint" data-testid="predicted">
                Predicted for you: {formatRating(item.predictedRating)} ★
              </div>
            )}
            {showReasons && (
              <ReasonNote
                reason={item.reason}
                onOpen={openMovie}
                becauseLabel={becauseLabel}
                exclude={about}
              />
            )}
          </MovieCard>
        );
      })}
    </div>
  );
}
