import { useProfiles } from '../stores/profiles';
import { clearRatingWithUndo } from '../stores/rating-undo';
import { useRatings } from '../stores/ratings';
import { StarRating } from './StarRating';

interface Props {
  movieId: number;
  title: string;
  size?: 'normal' | 'small';
  testId?: string;
}

/** The current profile's rating of one movie, read from and saved through the ratings store. */
export function YourRating({ movieId, title, size, testId }: Props) {
  const profileId = useProfiles((s) => s.currentId);
  const value = useRatings((s) => s.byMovie[movieId] ?? null);
  const rate = useRatings((s) => s.rate);
  if (profileId === null) return <p className="faint">Choose a profile to rate movies.</p>;
  return (
    <StarRating
      value={value}
      label={`Your rating of ${title}`}
      size={size}
      testId={testId}
      onChange={(rating) => void rate(profileId, movieId, rating)}
      onClear={() => void clearRatingWithUndo(profileId, movieId, title)}
    />
  );
}
