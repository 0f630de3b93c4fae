import { useCallback } from 'react';
import type { MarkedMovie, MovieMark } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { formatMoment } from '../util/format';
import { useFocusNext } from '../util/focus-next';
import { standingText, type MovieStanding } from '../../../shared/movie-standing';
import { CrowdRating } from './CrowdRating';
import { GenreChips } from './GenreChips';
import { YourRating } from './YourRating';

interface Props {
  mark: MovieMark;
  movies: readonly MarkedMovie[];
  /** For the watchlist: how each movie stands on the profile's For you list. */
  standings?: ReadonlyMap<number, MovieStanding>;
  onRemove: (movieId: number) => void;
  /**
   * Each row has the profile's stars, to rate it there (for movies seen but not rated), in place
   * of how the viewers rated it: one's own view, unprompted, and a table that fits 800 pixels.
   */
  rateable?: boolean;
}

/** Each button's words, and what they say to a screen reader (which hears no table title). */
const removeLabels: Record<MovieMark, { text: string; spoken: string }> = {
  watchlist: { text: 'Remove', spoken: 'Remove from watchlist' },
  'not-interested': { text: 'Show again', spoken: 'Show again' },
  seen: { text: 'Not seen', spoken: 'Not seen after all' },
};

/**
 * The movies with one mark (the watchlist, seen, or "not interested"), in the order given, as rows
 * like the ratings': enough to choose tonight's movie from the watchlist (genres, how viewers
 * rated it, and with `standings` how well it fits you), each removable.
 */
export function MarkedMoviesList({ mark, movies, standings, onRemove, rateable }: Props) {
  const openMovie = useNavigation((s) => s.openMovie);
  const { list, leaving } = useFocusNext<HTMLTableElement>(
    movies.map((m) => m.movie.id),
    useCallback((id: number) => `[data-testid="marked-${mark}-${id}"] .link-button`, [mark]),
  );
  return (
    <table className="table" data-testid={`marked-${mark}`} ref={list}>
      <thead>
        <tr>
          <th>Movie</th>
          <th className="hide-below-700">Genres</th>
          {!rateable && <th className="hide-below-560">Viewers</th>}
          {standings && <th>For you</th>}
          {rateable && <th>Your rating</th>}
          <th className="hide-below-700">Added</th>
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
            <td className="hide-below-700">
              <GenreChips genres={movie.genres} max={3} />
            </td>
            {!rateable && (
              <td className="nowrap hide-below-560">
                <span className="movie-meta">
                  <CrowdRating movie={movie} />
                </span>
              </td>
            )}
            {standings && (
              <td data-testid="watchlist-standing">{standingText(standings.get(movie.id))}</td>
            )}
            {rateable && (
              <td className="nowrap">
                <YourRating movieId={movie.id} title={movie.title} size="small" />
              </td>
            )}
            <td className="faint nowrap hide-below-700">{formatMoment(markedAt)}</td>
            <td>
              <button
                type="button"
                className="button quiet small"
                aria-label={`${removeLabels[mark].spoken}: ${movie.title}`}
                onClick={() => {
                  leaving(movie.id);
                  onRemove(movie.id);
                }}
              >
                {removeLabels[mark].text}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
