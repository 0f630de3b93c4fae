import { useState } from 'react';
import { call } from '../api/client';
import { formatBytes } from '../util/format';

type BackupState =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; file: string; bytes: number }
  | { kind: 'failed'; message: string };

/**
 * "Back up now": the catalogue and every personal model in one checksummed file in the
 * `backups/` folder beside the catalogue (the app also keeps a daily one there, the newest 7).
 */
export function BackupButton() {
  const [state, setState] = useState<BackupState>({ kind: 'idle' });

  async function backUp() {
    setState({ kind: 'working' });
    try {
      const summary = await call('catalogue.backup', {});
      setState({ kind: 'done', file: summary.file, bytes: summary.bytes });
    } catch (error) {
      setState({ kind: 'failed', message: (error as Error).message });
    }
  }

  return (
    <div
      className="row"
      style={{ gap: 8, alignItems: 'baseline', marginTop: 12 }}
      data-testid="backup"
    >
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
        {state.kind === 'idle' && (
          <>
            A backup is kept every day; restore one with <code>movie-assistant restore FILE</code>.
          </>
        )}
      </span>
    </div>
  );
}
