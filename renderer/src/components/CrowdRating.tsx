import type { MovieSummary } from '../../../shared/domain';
import { countOf, formatRating } from '../util/format';

/** How the catalogue's viewers rated a movie: the average as a star badge, then how many. */
export function CrowdRating({ movie }: { movie: MovieSummary }) {
  return (
    <>
      <span className="rating-badge" title="Average rating in the catalogue">
        <span className="star" aria-hidden="true">
          ★
        </span>
        {formatRating(movie.averageRating)}
      </span>
      <span>{countOf(movie.ratingCount, 'rating')}</span>
    </>
  );
}
