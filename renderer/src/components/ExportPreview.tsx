import type { ConflictPolicy, ExportImportSummary } from '../../../shared/domain';
import { countOf } from '../util/format';
import { exportNames, SkippedRows, UnmatchedRows } from './ExportRows';
import { Stat } from './Stat';

const policies: Array<{ policy: ConflictPolicy; label: string; explain: string }> = [
  {
    policy: 'newest-wins',
    label: 'Newest wins',
    explain: 'For each movie, the rating given last stays.',
  },
  { policy: 'keep-mine', label: 'Keep mine', explain: 'Your ratings here stay as they are.' },
  { policy: 'take-theirs', label: 'Take theirs', explain: 'The export’s ratings replace yours.' },
];

const day = (ms: number) => new Date(ms).toLocaleDateString();

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
  const { counts } = preview;
  return (
    <div className="stack" data-testid="export-preview">
      <h2>Before importing your {exportNames[preview.format]} ratings</h2>
      <div className="stat-grid">
        <Stat label="New" value={counts.new} testId="preview-new" />
        <Stat label="Same" value={counts.same} testId="preview-same" />
        <Stat label="Conflicting" value={counts.conflicting} testId="preview-conflicting" />
        <Stat label="Unmatched" value={counts.unmatched} testId="preview-unmatched" />
        <Stat label="Skipped" value={counts.skipped} testId="preview-skipped" />
      </div>
      {counts.conflicting > 0 && (
        <fieldset className="stack" data-testid="conflict-choice">
          <legend>
            {countOf(counts.conflicting, 'movie')} you rated differently: whose rating stays?
          </legend>
          {policies.map(({ policy, label, explain }) => (
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
          <table className="table" data-testid="conflict-rows">
            <thead>
              <tr>
                <th>Movie</th>
                <th>Yours</th>
                <th>The export’s</th>
              </tr>
            </thead>
            <tbody>
              {preview.conflicts.map((c) => (
                <tr key={c.movieId}>
                  <td>
                    {c.title}
                    {c.year === null ? '' : ` (${c.year})`}
                  </td>
                  <td>
                    {c.mine} on {day(c.mineAt)}
                  </td>
                  <td>
                    {c.theirs} on {day(c.theirsAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      )}
      <UnmatchedRows rows={preview.unmatched} imported={false} />
      <SkippedRows rows={preview.skipped} imported={false} />
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
