import {
  exportFormatNames,
  type ConflictPolicy,
  type ExportImportSummary,
} from '../../../shared/domain';
import { exportContents, exportHasRatings } from '../../../shared/export-contents';
import { conflictsReplaced, exportRatingWins } from '../../../shared/import-conflicts';
import { countOf, formatCount } from '../util/format';
import { conflictPolicies, NotReadFiles, SkippedRows, UnmatchedRows } from './ExportRows';
import { Stat } from './Stat';
import { SeenImportNote, WatchlistImportNote } from './ListImportNote';

const day = (ms: number) => new Date(ms).toLocaleDateString();

/** "1 of your 2 ratings will be replaced; 1 stays as it is." */
function replacedText(replaced: number, conflicting: number): string {
  const kept = conflicting - replaced;
  if (conflicting === 1)
    return replaced ? 'Your rating will be replaced.' : 'Your rating stays as it is.';
  if (replaced === 0) return `All ${formatCount(conflicting)} of your ratings stay as they are.`;
  if (kept === 0) return `All ${formatCount(conflicting)} of your ratings will be replaced.`;
  return `${formatCount(replaced)} of your ${formatCount(conflicting)} ratings will be replaced; ${formatCount(kept)} ${kept === 1 ? 'stays' : 'stay'} as ${kept === 1 ? 'it is' : 'they are'}.`;
}

/**
 * What importing a personal export would do, before anything is written: how many rows are new,
 * the same, conflicting with the profile's own ratings, unmatched or skipped, and the choice of
 * whose rating stays when they conflict.
 */
export function ExportPreview({
  preview,
  conflicts,
  onConflicts,
  onConfirm,
  onCancel,
  busy,
}: {
  preview: ExportImportSummary;
  conflicts: ConflictPolicy;
  onConflicts: (policy: ConflictPolicy) => void;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { counts, watchlist, seen } = preview;
  const rated = exportHasRatings(preview);
  return (
    <div className="stack" data-testid="export-preview">
      <h2>
        Before importing your {exportFormatNames[preview.format]} {exportContents(preview)}
      </h2>
      <div className="stat-grid">
        {rated && (
          <>
            <Stat label="New" value={counts.new} testId="preview-new" />
            <Stat label="Same" value={counts.same} testId="preview-same" />
            <Stat label="Conflicting" value={counts.conflicting} testId="preview-conflicting" />
            <Stat label="Unmatched" value={counts.unmatched} testId="preview-unmatched" />
            <Stat label="Skipped" value={counts.skipped} testId="preview-skipped" />
          </>
        )}
        {watchlist && (
          <Stat label="For your watchlist" value={watchlist.added} testId="preview-watchlist" />
        )}
        {seen && <Stat label="To mark seen" value={seen.added} testId="preview-seen" />}
      </div>
      {counts.conflicting > 0 && (
        <fieldset className="stack conflict-choice" data-testid="conflict-choice">
          <legend>
            {countOf(counts.conflicting, 'movie')} you rated differently: whose rating stays?
          </legend>
          {conflictPolicies.map(({ policy, label, explain }) => (
            <label key={policy} className="row">
              <input
                type="radio"
                name="conflicts"
                value={policy}
                checked={conflicts === policy}
                disabled={busy}
                onChange={() => onConflicts(policy)}
              />
              <span>
                <strong>{label}</strong> <span className="muted">{explain}</span>
              </span>
            </label>
          ))}
          <p data-testid="conflict-outcome">
            {replacedText(conflictsReplaced(conflicts, counts), counts.conflicting)}
            {preview.conflicts.length < counts.conflicting &&
              ` The first ${formatCount(preview.conflicts.length)} are listed.`}
          </p>
          <table className="table" data-testid="conflict-rows">
            <thead>
              <tr>
                <th>Movie</th>
                <th>Yours</th>
                <th>The export’s</th>
                <th>Stays</th>
              </tr>
            </thead>
            <tbody>
              {preview.conflicts.map((c) => {
                const theirs = exportRatingWins(conflicts, c.mineAt, c.theirsAt);
                return (
                  <tr key={c.movieId}>
                    <td>
                      {c.title}
                      {c.year === null ? '' : ` (${c.year})`}
                    </td>
                    <td className={theirs ? 'muted' : undefined}>
                      {c.mine.toFixed(1)} on {day(c.mineAt)}
                    </td>
                    <td className={theirs ? undefined : 'muted'}>
                      {c.theirs.toFixed(1)}{' '}
                      {c.theirsAt === null ? '(undated)' : `on ${day(c.theirsAt)}`}
                    </td>
                    <td data-testid="conflict-stays">
                      <strong>{theirs ? 'The export’s' : 'Yours'}</strong>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
      )}
      <UnmatchedRows rows={preview.unmatched} imported={false} />
      <SkippedRows rows={preview.skipped} imported={false} />
      {watchlist && <WatchlistImportNote watchlist={watchlist} imported={false} />}
      {seen && <SeenImportNote seen={seen} imported={false} />}
      <NotReadFiles files={preview.notRead} />
      <div className="row">
        <button
          type="button"
          className="button primary"
          data-testid="import-confirm"
          disabled={busy}
          onClick={onConfirm}
        >
          Import
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
