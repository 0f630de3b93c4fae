import {
  exportFormatNames,
  type ExportImportSummary,
  type ImportSummary,
  type UndoImportSummary,
} from '../../../shared/domain';
import { exportContents, exportHasRatings } from '../../../shared/export-contents';
import { conflictsReplaced } from '../../../shared/import-conflicts';
import { leftOutText } from '../../../shared/release-left-out';
import { countOf, formatCount, formatDuration } from '../util/format';
import { conflictPolicies, NotReadFiles, SkippedRows, UnmatchedRows } from './ExportRows';
import { Stat } from './Stat';
import { SeenImportNote, WatchlistImportNote } from './ListImportNote';

export function CatalogueSummary({ summary }: { summary: ImportSummary }) {
  return (
    <div className="stack" data-testid="import-summary">
      <h2>Imported {summary.format}</h2>
      <div className="stat-grid">
        <Stat label="Movies" value={formatCount(summary.movies)} />
        <Stat label="Ratings" value={formatCount(summary.ratings)} />
        <Stat label="Viewers" value={formatCount(summary.users)} />
        <Stat label="Tags" value={formatCount(summary.tags)} />
        <Stat label="Links" value={formatCount(summary.links)} />
        <Stat label="Took" value={formatDuration(summary.seconds)} />
      </div>
      <LeftOutNote leftOut={summary.leftOut} />
      <ProfileRatingsNote {...summary.profileRatings} />
    </div>
  );
}

/** Tags and links of movies the release does not list: not imported, and said so. */
function LeftOutNote({ leftOut }: Pick<ImportSummary, 'leftOut'>) {
  const text = leftOutText(leftOut);
  return text ? (
    <p className="muted" data-testid="import-left-out">
      {text}.
    </p>
  ) : null;
}

/** What the import did to the profiles' own ratings, when it did anything. */
export function ProfileRatingsNote({ relinked, unmatched }: ImportSummary['profileRatings']) {
  if (relinked === 0 && unmatched === 0) return null;
  const parts = [];
  if (relinked > 0)
    parts.push(`${countOf(relinked, 'rating')} moved to this release’s entry for the same film`);
  if (unmatched > 0)
    parts.push(
      `${countOf(unmatched, 'rating')} of movies it does not have kept as they are, ` +
        'and matched again when a release has them',
    );
  return (
    <p className="muted" data-testid="import-profile-ratings">
      Profiles’ ratings: {parts.join('; ')}.
    </p>
  );
}

/** What "Written" is made of: "1 new rating added; 1 of your ratings kept where … (Newest wins)." */
function WrittenNote({ summary }: { summary: ExportImportSummary }) {
  const { counts, conflictPolicy } = summary;
  const replaced = conflictsReplaced(conflictPolicy, counts);
  const kept = counts.conflicting - replaced;
  const policy = conflictPolicies.find((p) => p.policy === conflictPolicy)?.label ?? conflictPolicy;
  const parts = [];
  if (counts.new > 0) parts.push(`${countOf(counts.new, 'new rating')} added`);
  if (replaced > 0) parts.push(`${formatCount(replaced)} of your ratings replaced by the export’s`);
  if (kept > 0) parts.push(`${formatCount(kept)} of your ratings kept where the export differs`);
  if (counts.same > 0) parts.push(`${formatCount(counts.same)} already the same as yours`);
  if (parts.length === 0) return null;
  return (
    <p data-testid="export-written">
      {parts.join('; ')}
      {counts.conflicting > 0 && ` (${policy})`}.
    </p>
  );
}

/** "2 ratings put back as they were; 1 movie taken off your watchlist". */
export function undoneText(undone: UndoImportSummary): string {
  const parts = [];
  if (undone.restored > 0 || (undone.watchlistRemoved === 0 && undone.seenRemoved === 0))
    parts.push(`${countOf(undone.restored, 'rating')} put back as they were`);
  if (undone.watchlistRemoved > 0)
    parts.push(`${countOf(undone.watchlistRemoved, 'movie')} taken off your watchlist`);
  if (undone.seenRemoved > 0)
    parts.push(`${countOf(undone.seenRemoved, 'movie')} no longer marked seen`);
  if (undone.changedSince > 0)
    parts.push(`${countOf(undone.changedSince, 'rating')} changed since the import stayed`);
  return parts.join('; ');
}

/** A personal export imported; `onUndo` (when given) puts back what it changed. */
export function ExportSummary({
  summary,
  undone = null,
  onUndo,
}: {
  summary: ExportImportSummary;
  undone?: UndoImportSummary | null;
  onUndo?: () => void;
}) {
  const { watchlist, seen } = summary;
  const rated = exportHasRatings(summary);
  return (
    <div className="stack" data-testid="export-summary">
      <h2>
        Imported your {exportFormatNames[summary.format]} {exportContents(summary)}
      </h2>
      <div className="stat-grid">
        {rated && (
          <>
            <Stat label="Rows rated" value={formatCount(summary.rows)} />
            <Stat label="Matched" value={formatCount(summary.matched)} />
            <Stat label="Written" value={formatCount(summary.written)} />
            <Stat label="Unmatched" value={formatCount(summary.unmatched.length)} />
          </>
        )}
        {watchlist && (
          <Stat
            label="Put on your watchlist"
            value={formatCount(watchlist.added)}
            testId="export-watchlist-added"
          />
        )}
        {seen && (
          <Stat label="Marked seen" value={formatCount(seen.added)} testId="export-seen-added" />
        )}
        <Stat label="Took" value={formatDuration(summary.seconds)} />
      </div>
      <WrittenNote summary={summary} />
      {watchlist && <WatchlistImportNote watchlist={watchlist} imported />}
      {seen && <SeenImportNote seen={seen} imported />}
      <NotReadFiles files={summary.notRead} />
      {undone ? (
        <p data-testid="import-undone">Undone: {undoneText(undone)}.</p>
      ) : (
        onUndo &&
        summary.importId !== null && (
          <div className="row">
            <button type="button" className="button" data-testid="import-undo" onClick={onUndo}>
              Undo this import
            </button>
          </div>
        )
      )}
      <UnmatchedRows rows={summary.unmatched} imported />
      <SkippedRows rows={summary.skipped} imported />
    </div>
  );
}
