import { formatRating } from '../util/format';

/** A movie's match and predicted stars as its For you card says them, each when known. */
export function MatchAndStars({
  match,
  predictedRating,
}: {
  match: number | null;
  predictedRating: number | null;
}) {
  return (
    <>
      {match !== null && (
        <span className="match-badge" data-testid="match">
          {match}% match
        </span>
      )}
      {predictedRating !== null && (
        <span className="faint" data-testid="predicted">
          predicted {formatRating(predictedRating)} ★
        </span>
      )}
    </>
  );
}
