import { starScaleText } from '../../../shared/star-scale';
import { useMarks } from '../stores/marks';
import { useMovie } from '../stores/movie';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';
import { formatCount } from '../util/format';
import { MatchAndStars } from './MatchAndStars';
import { ReasonNote } from './ReasonNote';

/**
 * On a movie's page, how much the current profile would like it: the match, predicted stars and
 * reason its card on the For you list shows, and where that list puts it. Nothing once rated,
 * seen or not interested: For you leaves it out then.
 */
export function MovieForYou({ movieId }: { movieId: number }) {
  const profileId = useProfiles((s) => s.currentId);
  const answer = useMovie((s) => (s.movieId === movieId ? s.forYou.data : null));
  const rated = useRatings((s) => s.byMovie[movieId] != null);
  const leftOut = useMarks((s) =>
    s.list.some((m) => m.movieId === movieId && (m.mark === 'seen' || m.mark === 'not-interested')),
  );
  const openMovie = useNavigation((s) => s.openMovie);
  if (profileId === null || rated || leftOut || !answer || answer.rank === null) return null;
  const { item, rank, of } = answer;
  const scaleNote = starScaleText(answer.starScale);
  if (!item) {
    return (
      <p className="faint" style={{ margin: 0 }} data-testid="movie-for-you-empty">
        Rate a few movies you have seen and this page will say how much you would like this one.
      </p>
    );
  }
  return (
    <div className="movie-for-you" data-testid="movie-for-you">
      <div className="list-facts">
        <MatchAndStars match={item.match} predictedRating={item.predictedRating} />
        <span className="faint" data-testid="for-you-rank">
          #{formatCount(rank)} of {formatCount(of)} on your For you list
        </span>
      </div>
      {item.predictedRating !== null && scaleNote && (
        <p className="faint" style={{ margin: 0 }} data-testid="movie-star-scale">
          {scaleNote}
        </p>
      )}
      <ReasonNote reason={item.reason} onOpen={openMovie} exclude={movieId} />
    </div>
  );
}
