import { similarMinRatings } from './domain';

/**
 * What a movie's similar movies come with when few people rated the movie (fewer than the floor
 * that keeps such movies off the lists), or null: its list is then only what those people loved.
 */
export function fewRatersText(ratingCount: number): string | null {
  if (ratingCount <= 0 || ratingCount >= similarMinRatings) return null;
  return ratingCount === 1
    ? 'Only one person in the catalogue has rated this movie, so the list below says more about that person than about the movie.'
    : `Only ${ratingCount} people in the catalogue have rated this movie, so the list below says more about them than about the movie.`;
}
