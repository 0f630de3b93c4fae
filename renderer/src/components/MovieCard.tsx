import type { ReactNode } from 'react';
import type { MovieSummary } from '../../../shared/domain';
import { useMarks } from '../stores/marks';
import { formatRating, genreBand } from '../util/format';
import { CardRating } from './CardRating';
import { CrowdRating } from './CrowdRating';
import { GenreChips } from './GenreChips';

interface Props {
  movie: MovieSummary;
  onOpen: (movieId: number) => void;
  active?: boolean;
  id?: string;
  /** The current profile's own rating, when it has one. */
  yourRating?: number | null;
  /** Extra lines under the facts: a reason, a predicted rating. */
  children?: ReactNode;
  /** A control kept at the card's foot (a rating), in line with its neighbours'. */
  footer?: ReactNode;
  testId?: string;
  /** Shows a compact star control for the current profile in place of the "You: 4.0" badge. */
  rateable?: boolean;
  /** Genres it shares with the movie a list is about, marked among its chips. */
  sharedGenres?: { genres: string[]; with: string };
}

/** A poster-free card: the title set large, the year, the genres, and how the crowd rated it. */
export function MovieCard({
  movie,
  onOpen,
  active,
  id,
  yourRating,
  children,
  testId = 'movie-card',
  rateable = false,
  sharedGenres,
  footer,
}: Props) {
  const mark = useMarks((s) => s.list.find((m) => m.movieId === movie.id)?.mark);
  const rated = yourRating !== undefined && yourRating !== null;
  return (
    <article
      id={id}
      className="movie-card"
      data-active={active ? 'true' : undefined}
      data-testid={testId}
      data-movie-id={movie.id}
      style={{ ['--band' as string]: genreBand(movie.genres) }}
    >
      <h3 className="movie-title" style={{ margin: 0 }}>
        <button type="button" className="card-link" onClick={() => onOpen(movie.id)}>
          {movie.title}
        </button>
        {/* A space, not a margin: a year that wraps then starts its line flush. */}
        {movie.year !== null && (
          <>
            {' '}
            <span className="movie-year">{movie.year}</span>
          </>
        )}
      </h3>
      <GenreChips genres={movie.genres} shared={sharedGenres} />
      <div className="movie-meta">
        <CrowdRating movie={movie} />
        {!rateable && yourRating !== undefined && yourRating !== null && (
          <span className="your-rating" data-testid="your-rating-badge">
            You: {formatRating(yourRating)}
          </span>
        )}
        {mark === 'watchlist' && (
          <span className="your-rating" data-testid="watchlist-badge">
            On your watchlist
          </span>
        )}
        {mark === 'seen' && !rated && (
          <span className="your-rating" data-testid="seen-badge">
            Seen
          </span>
        )}
      </div>
      {children && <div className="raise">{children}</div>}
      {footer && <div className="raise card-foot">{footer}</div>}
      {rateable && <CardRating movieId={movie.id} title={movie.title} />}
    </article>
  );
}
