import type { ProfileRating } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { formatMoment } from '../util/format';
import { useFocusNext } from '../util/focus-next';
import { StarRating } from './StarRating';

interface Props {
  ratings: readonly ProfileRating[];
  /** Changes a rating (null clears it). */
  onEdit: (rating: ProfileRating, next: number | null) => void;
}

const rowTitle = (movieId: number) => `[data-testid="rating-row-${movieId}"] .link-button`;

/** A profile's ratings as rows, each editable and clearable in place. */
export function RatingsTable({ ratings, onEdit }: Props) {
  const { list, leaving } = useFocusNext<HTMLTableElement>(
    ratings.map((r) => r.movieId),
    rowTitle,
  );
  const edit: Props['onEdit'] = (rating, next) => {
    if (next === null) leaving(rating.movieId);
    onEdit(rating, next);
  };
  return (
    <table className="table" data-testid="ratings-table" ref={list}>
      <caption className="visually-hidden">Your ratings</caption>
      <thead>
        <tr>
          <th>Movie</th>
          <th>Your rating</th>
          <th className="hide-below-560">Rated</th>
          <th>
            <span className="visually-hidden">Clear</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {ratings.map((rating) => (
          <RatingRow key={rating.movieId} rating={rating} onEdit={edit} />
        ))}
      </tbody>
    </table>
  );
}

function RatingRow({ rating, onEdit }: { rating: ProfileRating; onEdit: Props['onEdit'] }) {
  const openMovie = useNavigation((s) => s.openMovie);
  const { movie } = rating;
  const title = movie.year === null ? movie.title : `${movie.title} (${movie.year})`;
  return (
    <tr data-testid={`rating-row-${rating.movieId}`}>
      <td>
        <button type="button" className="link-button" onClick={() => openMovie(movie.id)}>
          {title}
        </button>
      </td>
      <td>
        <StarRating
          value={rating.rating}
          size="small"
          label={`Your rating of ${movie.title}`}
          testId={`rating-stars-${rating.movieId}`}
          onChange={(next) => onEdit(rating, next)}
          onClear={() => onEdit(rating, null)}
        />
      </td>
      <td className="faint nowrap hide-below-560">{formatMoment(rating.ratedAt)}</td>
      <td>
        <button
          type="button"
          className="button quiet small"
          data-testid={`rating-clear-${rating.movieId}`}
          aria-label={`Clear your rating of ${movie.title}`}
          onClick={() => onEdit(rating, null)}
        >
          Clear
        </button>
      </td>
    </tr>
  );
}
