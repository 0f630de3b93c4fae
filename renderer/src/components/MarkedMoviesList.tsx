import type { MarkedMovie, MovieMark } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { formatMoment } from '../util/format';
import { CrowdRating } from './CrowdRating';
import { GenreChips } from './GenreChips';

interface Props {
  mark: MovieMark;
  movies: readonly MarkedMovie[];
  onRemove: (movieId: number) => void;
}

const removeLabels: Record<MovieMark, string> = {
  watchlist: 'Remove from watchlist',
  'not-interested': 'Show again',
};

/**
 * The movies with one mark (the watchlist, or "not interested"), newest first, as rows like the
 * ratings': enough to choose tonight's movie from the watchlist (genres, how viewers rated it),
 * each removable.
 */
export function MarkedMoviesList({ mark, movies, onRemove }: Props) {
  const openMovie = useNavigation((s) => s.openMovie);
  return (
    <table className="table" data-testid={`marked-${mark}`}>
      <thead>
        <tr>
          <th>Movie</th>
          <th>Genres</th>
          <th>Viewers</th>
          <th>Added</th>
          <th>
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {movies.map(({ movie, markedAt }) => (
          <tr key={movie.id} data-testid={`marked-${mark}-${movie.id}`}>
            <td>
              <button type="button" className="link-button" onClick={() => openMovie(movie.id)}>
                {movie.year === null ? movie.title : `${movie.title} (${movie.year})`}
              </button>
            </td>
            <td>
              <GenreChips genres={movie.genres} max={3} />
            </td>
            <td className="nowrap">
              <span className="movie-meta">
                <CrowdRating movie={movie} />
              </span>
            </td>
            <td className="faint nowrap">{formatMoment(markedAt)}</td>
            <td>
              <button
                type="button"
                className="button quiet small"
                aria-label={`${removeLabels[mark]}: ${movie.title}`}
                onClick={() => onRemove(movie.id)}
              >
                {removeLabels[mark]}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
