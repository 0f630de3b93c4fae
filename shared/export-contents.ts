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
  const last = parts.pop()!;
  return parts.length ? `${parts.join(', ')} and ${last}` : last;
}
