import type { ListImportSummary } from '../../../shared/domain';
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
  watchlist: ListImportSummary;
  imported: boolean;
}) {
  const left = [
    watchlist.alreadyOn > 0 && `${formatCount(watchlist.alreadyOn)} on it already`,
    watchlist.notInterested > 0 &&
      `${formatCount(watchlist.notInterested)} you marked not interested, which stay so`,
    watchlist.alreadySeen > 0 &&
      `${formatCount(watchlist.alreadySeen)} you marked seen, which stay so`,
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

/**
 * What an export's watched list did (or would): the movies watched but not rated marked seen, and
 * those left as they were (rated, or marked already), with the rows that matched no movie.
 */
export function SeenImportNote({ seen, imported }: { seen: ListImportSummary; imported: boolean }) {
  const left = [
    seen.rated > 0 && `${formatCount(seen.rated)} you rated`,
    seen.alreadyOn > 0 && `${formatCount(seen.alreadyOn)} on your watchlist`,
    seen.notInterested > 0 && `${formatCount(seen.notInterested)} you marked not interested`,
    seen.alreadySeen > 0 && `${formatCount(seen.alreadySeen)} marked seen already`,
  ].filter(Boolean);
  const them = seen.added === 1 ? 'it' : 'them';
  return (
    <>
      <p data-testid="export-seen">
        {imported ? 'Marked seen' : 'To be marked seen'}: {countOf(seen.added, 'movie')} you watched
        but did not rate.
        {seen.added > 0 &&
          ` Your lists ${imported ? 'leave' : 'will leave'} ${them} out; rate ${them} to teach your model.`}
        {left.length > 0 && ` Left as they are: ${left.join(', ')}.`}
      </p>
      <UnmatchedRows rows={seen.unmatched} imported={imported} noun="watched row" />
    </>
  );
}
