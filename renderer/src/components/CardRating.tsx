import { useProfiles } from '../stores/profiles';
import { YourRating } from './YourRating';

interface Props {
  movieId: number;
  title: string;
}

/** A compact half-star control on a movie card: rating here keeps you on the list. */
export function CardRating({ movieId, title }: Props) {
  const profileId = useProfiles((s) => s.currentId);
  if (profileId === null) return null;
  return (
    <div className="card-rating raise card-foot" data-testid="card-rating">
      <span className="faint">Your rating</span>
      <YourRating movieId={movieId} title={title} size="small" testId="card-stars" />
    </div>
  );
}
