import type { MovieSummary } from '../../../shared/domain';
import { countOf, formatRating } from '../util/format';

/**
 * How the catalogue's viewers rated a movie: the average as a star badge, then how many; a movie
 * the release the app learns from does not rate says so rather than "★ – 0 ratings".
 */
export function CrowdRating({ movie }: { movie: MovieSummary }) {
  if (movie.ratingCount === 0) return <span className="faint">No ratings</span>;
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
