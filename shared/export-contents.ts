import { spokenList } from './counts';
import type { ExportImportSummary } from './domain';

type Contents = Pick<ExportImportSummary, 'rows' | 'watchlist' | 'seen'>;

/** Whether a personal export brought ratings: rated rows, or no list (a ratings file with none). */
export function exportHasRatings(summary: Contents): boolean {
  return summary.rows > 0 || (!summary.watchlist && !summary.seen);
}

/** What an export brought: "ratings", "watchlist", "ratings, watchlist and watched list". */
export function exportContents(summary: Contents): string {
  const parts = [
    ...(exportHasRatings(summary) ? ['ratings'] : []),
    ...(summary.watchlist ? ['watchlist'] : []),
    ...(summary.seen ? ['watched list'] : []),
  ];
  return spokenList(parts);
}

/** More files than this are counted, not named. */
const namedNotRead = 6;

/**
 * "Not read: diary.csv, likes/films.csv and reviews.csv (Movie Assistant reads only the ratings,
 * the watchlist and the watched list)"; null when the import read every CSV file it was given.
 */
export function notReadText(notRead: readonly string[]): string | null {
  if (notRead.length === 0) return null;
  const named = notRead.slice(0, namedNotRead);
  const more = notRead.length - named.length;
  const names = spokenList(
    more > 0 ? [...named, `${more} more ${more === 1 ? 'file' : 'files'}`] : named,
  );
  return `Not read: ${names} (Movie Assistant reads only the ratings, the watchlist and the watched list)`;
}
