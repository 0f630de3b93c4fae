import type { RecommendedMovie } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { useRatings } from '../stores/ratings';
import { formatRating } from '../util/format';
import { MovieCard } from './MovieCard';
import { ReasonNote } from './ReasonNote';

interface Props {
  items: RecommendedMovie[];
  testId: string;
  showReasons?: boolean;
  becauseLabel?: string;
  /** The movie the list is about, left out of each reason's "because". */
  about?: number;
}

/** A grid of recommended movies, each with its reason and predicted rating. */
export function RecommendationGrid({
  items,
  testId,
  showReasons = true,
  becauseLabel,
  about,
}: Props) {
  const openMovie = useNavigation((s) => s.openMovie);
  const byMovie = useRatings((s) => s.byMovie);
  return (
    <div className="grid" data-testid={testId}>
      {items.map((item) => (
        <MovieCard
          key={item.movie.id}
          movie={item.movie}
          onOpen={openMovie}
          yourRating={byMovie[item.movie.id] ?? null}
          testId={`${testId}-card`}
        >
          {item.predictedRating !== null && (
            <div className="faint">Predicted for you: {formatRating(item.predictedRating)} ★</div>
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
      ))}
    </div>
  );
}
