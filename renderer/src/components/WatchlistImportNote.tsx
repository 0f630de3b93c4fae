import type { WatchlistImportSummary } from '../../../shared/domain';
import { countOf, formatCount } from '../util/format';
import { UnmatchedRows } from './ExportRows';

/**
 * What an export's watchlist file did to the profile's watchlist (or would, in a preview): the
 * movies put on it, and those left as they were, with the rows that matched no movie.
 */
export function WatchlistImportNote({
  watchlist,
  imported,
}: {
  watchlist: WatchlistImportSummary;
  imported: boolean;
}) {
  const left = [
    watchlist.alreadyOn > 0 && `${formatCount(watchlist.alreadyOn)} on it already`,
    watchlist.notInterested > 0 &&
      `${formatCount(watchlist.notInterested)} you marked not interested, which stay so`,
    watchlist.rated > 0 && `${formatCount(watchlist.rated)} you rated, so left off`,
  ].filter(Boolean);
  return (
    <>
      <p data-testid="export-watchlist">
        Your watchlist: {countOf(watchlist.added, 'movie')}{' '}
        {imported ? 'put on it' : 'will be put on it'}
        {left.length > 0 && `; ${left.join(', ')}`}.
      </p>
      <UnmatchedRows rows={watchlist.unmatched} imported={imported} noun="watchlist row" />
    </>
  );
}
