import { useEffect, useState } from 'react';
import {
  exportFormatName,
  type ImportHistoryEntry,
  type UndoImportSummary,
} from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from '../stores/failures';
import { useImporter } from '../stores/importer';
import { useNotices } from '../stores/notices';
import { countOf, formatMoment } from '../util/format';
import { ConfirmDialog } from './ConfirmDialog';
import { undoneText } from './ImportSummaryView';
import { ErrorMessage } from './StateMessages';

/** "IMDb, ratings.csv": the export and its file, without the folders. */
const fromWhat = (entry: ImportHistoryEntry) =>
  `${exportFormatName(entry.format)}, ${entry.source.split(/[\\/]/).pop() ?? entry.source}`;

/** "2 ratings, 1 movie put on the watchlist, 3 marked seen". */
function wroteWhat(entry: ImportHistoryEntry): string {
  const parts = [];
  if (entry.written > 0 || (entry.watchlisted === 0 && entry.markedSeen === 0))
    parts.push(countOf(entry.written, 'rating'));
  if (entry.watchlisted > 0)
    parts.push(`${countOf(entry.watchlisted, 'movie')} put on the watchlist`);
  if (entry.markedSeen > 0) parts.push(`${countOf(entry.markedSeen, 'movie')} marked seen`);
  return parts.join(', ');
}

/**
 * The profile's recent personal imports (the journal keeps the last 10), each of which can still
 * be undone here after its summary is gone: its ratings go back to what they were and the marks
 * it set (on the watchlist, seen) come off. `onUndone` reloads what the undo changed.
 */
export function ImportHistory({
  profileId,
  onUndone,
}: {
  profileId: number;
  onUndone: (profileId: number) => Promise<void>;
}) {
  const [entries, setEntries] = useState<ImportHistoryEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<ImportHistoryEntry | null>(null);
  // A new import, or one undone from its summary, changes the list.
  const lastImport = useImporter((s) => s.exportSummary?.importId ?? null);
  const undoneHere = useImporter((s) => s.undone);

  const [reads, setReads] = useState(0);
  const load = () => setReads((n) => n + 1);

  useEffect(() => {
    let current = true;
    call('catalogue.importHistory', { profileId }).then(
      (history) => {
        if (!current || isStaleFor(profileId)) return;
        setEntries(history);
        setError(null);
      },
      (failure: unknown) => {
        if (current && !isStaleFor(profileId)) setError(describeFailure(failure, profileId));
      },
    );
    return () => {
      current = false;
    };
  }, [profileId, lastImport, undoneHere, reads]);

  async function undo(entry: ImportHistoryEntry): Promise<void> {
    const undone: UndoImportSummary = await call('catalogue.undoImport', {
      profileId,
      importId: entry.importId,
    });
    setAsking(null);
    // The summary on this screen, if it is of this import, must not offer its Undo again.
    if (useImporter.getState().exportSummary?.importId === entry.importId)
      useImporter.setState({ undone });
    useNotices.getState().push('info', `Undone: ${undoneText(undone)}.`);
    load();
    await onUndone(profileId);
  }

  if (error) return <ErrorMessage message={error} onRetry={load} />;
  if (entries.length === 0) return null;
  return (
    <div className="card stack" data-testid="import-history">
      <h2>Your recent imports</h2>
      <p className="muted">
        Each can be undone: its ratings go back to what they were (one you changed since stays), and
        the movies it put on your watchlist or marked seen lose that mark.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>When</th>
            <th>From</th>
            <th>Wrote</th>
            <th>
              <span className="visually-hidden">Undo</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.importId} data-testid="import-history-row">
              <td>{formatMoment(entry.importedAt)}</td>
              <td>{fromWhat(entry)}</td>
              <td>{wroteWhat(entry)}</td>
              <td>
                {entry.undoneAt !== null ? (
                  <span className="muted">Undone {formatMoment(entry.undoneAt)}</span>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Undo the import of ${formatMoment(entry.importedAt)}`}
                    onClick={() => setAsking(entry)}
                  >
                    Undo
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <ConfirmDialog
          title="Undo this import?"
          message={
            `The ${fromWhat(asking)} import of ${formatMoment(asking.importedAt)} wrote ` +
            `${wroteWhat(asking)}. Undoing it puts those ratings back as they were and takes ` +
            'those marks off; it cannot be redone, except by importing again.'
          }
          confirmLabel="Undo import"
          onConfirm={() => undo(asking)}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  );
}
