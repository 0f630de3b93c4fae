import { countOf } from '../../shared/counts';
import type { MovieSummary, Profile, RecommendedMovie } from '../../shared/domain';

export { countOf };

export function movieLine(movie: MovieSummary): string {
  const year = movie.year === null ? '' : ` (${movie.year})`;
  const average =
    movie.averageRating === null
      ? 'no ratings'
      : `${movie.averageRating.toFixed(2)} avg, ${countOf(movie.ratingCount, 'rating')}`;
  return `${String(movie.id).padStart(7)}  ${movie.title}${year}  [${movie.genres.join(', ') || 'no genres'}]  ${average}`;
}

export function profileLine(profile: Profile): string {
  const lock = profile.locked ? '  (locked)' : '';
  const ratings = profile.ratingCount === null ? '' : `  ${countOf(profile.ratingCount, 'rating')}`;
  return `${String(profile.id).padStart(4)}  ${profile.name}${ratings}${lock}`;
}

/** A ranked movie as the app's card shows it: its match (what the list is ordered by), the stars. */
export function recommendedLine(
  item: RecommendedMovie,
  rank: number,
  matchLabel = 'match',
  /** Said after the figures: "on your watchlist". */
  note = '',
): string {
  const match = item.match === null ? '' : `  ${item.match}% ${matchLabel}`;
  const predicted =
    item.predictedRating === null ? '' : `  predicted ${item.predictedRating.toFixed(1)}`;
  const noted = note ? `  (${note})` : '';
  return `${String(rank).padStart(3)}. ${movieLine(item.movie).trim()}${match}${predicted}${noted}\n      ${item.reason.text}`;
}

export { formatCount as count } from '../../shared/counts';

/** A moment as this computer's calendar day, 2026-12-05. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export function table(lines: string[], empty: string): string {
  return lines.length ? lines.join('\n') : empty;
}

/** A word as a shell reads it back: single-quoted unless it is only letters, digits, . _ or -. */
export function shellWord(word: string): string {
  return /^[\p{L}\p{N}._-]+$/u.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
