import type { MarkedMovie, MovieMark } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';

interface Props {
  mark: MovieMark;
  movies: readonly MarkedMovie[];
  onRemove: (movieId: number) => void;
}

const removeLabels: Record<MovieMark, string> = {
  watchlist: 'Remove from watchlist',
  'not-interested': 'Show again',
};

/** The movies with one mark (the watchlist, or "not interested"), each removable. */
export function MarkedMoviesList({ mark, movies, onRemove }: Props) {
  const openMovie = useNavigation((s) => s.openMovie);
  return (
    <ul className="stack" data-testid={`marked-${mark}`}>
      {movies.map(({ movie }) => (
        <li key={movie.id} data-testid={`marked-${mark}-${movie.id}`}>
          <button type="button" className="link-button" onClick={() => openMovie(movie.id)}>
            {movie.year === null ? movie.title : `${movie.title} (${movie.year})`}
          </button>{' '}
          <button
            type="button"
            className="button quiet small"
            aria-label={`${removeLabels[mark]}: ${movie.title}`}
            onClick={() => onRemove(movie.id)}
          >
            {removeLabels[mark]}
          </button>
        </li>
      ))}
    </ul>
  );
}
