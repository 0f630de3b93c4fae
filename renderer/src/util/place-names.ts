import type { Place, Screen } from '../stores/navigation';

/** What each page is called, in the sidebar and on a button going back to it. */
export const screenLabels: Record<Screen, string> = {
  forYou: 'For you',
  search: 'Search',
  people: 'People like you',
  together: 'Watch together',
  taste: 'Your taste',
  ratings: 'My ratings',
  model: 'Model',
  import: 'Import',
  about: 'About',
  profiles: 'Profiles',
  movie: 'the movie',
};

/** The titles of the movies whose pages were opened, to name one a button goes back to. */
const titles = new Map<number, string>();

export function rememberMovieTitle(movieId: number, title: string): void {
  titles.set(movieId, title);
}

/** "For you", "Aliens"; null for a movie whose title is not known here. */
export function placeName(place: Place): string | null {
  if (place.screen !== 'movie') return screenLabels[place.screen];
  return place.movieId === null ? null : (titles.get(place.movieId) ?? null);
}
