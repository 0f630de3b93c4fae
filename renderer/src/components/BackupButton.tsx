import { useCallback, useEffect, useState } from 'react';
import type { BackupsFolder } from '../../../shared/domain';
import { call } from '../api/client';
import { countOf, formatBytes, formatMoment } from '../util/format';

type BackupState =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; file: string; bytes: number }
  | { kind: 'failed'; message: string };

/**
 * "Back up now": the catalogue and every personal model in one checksummed file in the
 * `backups/` folder beside the catalogue, where the app also keeps a daily one; and where that
 * folder is, so that `movie-assistant restore FILE` has a FILE to name.
 */
export function BackupButton() {
  const [state, setState] = useState<BackupState>({ kind: 'idle' });
  const [folder, setFolder] = useState<BackupsFolder | null>(null);

  const loadFolder = useCallback(() => {
    call('catalogue.backups', {}).then(setFolder, () => setFolder(null));
  }, []);
  useEffect(loadFolder, [loadFolder]);

  async function backUp() {
    setState({ kind: 'working' });
    try {
      const summary = await call('catalogue.backup', {});
      setState({ kind: 'done', file: summary.file, bytes: summary.bytes });
    } catch (error) {
      setState({ kind: 'failed', message: (error as Error).message });
    }
    loadFolder();
  }

  return (
    <div style={{ marginTop: 12 }} data-testid="backup">
      <div className="row" style={{ gap: 8, alignItems: 'baseline' }}>
        <button
          type="button"
          className="button quiet small"
          disabled={state.kind === 'working'}
          onClick={() => void backUp()}
        >
          {state.kind === 'working' ? 'Backing up…' : 'Back up now'}
        </button>
        <span className="faint" role="status">
          {state.kind === 'done' &&
            `Saved every profile's data to ${state.file} (${formatBytes(state.bytes)})`}
          {state.kind === 'failed' && `The backup failed: ${state.message}`}
        </span>
      </div>
      <p className="faint" style={{ margin: '6px 0 0' }} data-testid="backups-folder">
        {folder ? <FolderText folder={folder} /> : 'A backup is kept every day.'} Restore one with{' '}
        <code style={{ whiteSpace: 'nowrap' }}>movie-assistant restore FILE</code>.
      </p>
    </div>
  );
}

function FolderText({ folder }: { folder: BackupsFolder }) {
  return (
    <>
      A backup is kept every day, the newest {folder.keep}, in <code>{folder.folder}</code>
      {folder.newest
        ? `: ${countOf(folder.count, 'backup')} there now, ${formatBytes(folder.bytes)} in all. Newest: ${formatMoment(folder.newest.createdAt)}.`
        : '; there is none yet.'}
    </>
  );
}
