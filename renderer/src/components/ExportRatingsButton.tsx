import { useState } from 'react';
import { call } from '../api/client';
import { describeFailure } from '../stores/failures';
import { useNotices } from '../stores/notices';

/** Hands the browser a text file to save, named `fileName`. */
function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Saves the profile's ratings as a movielens.org-style CSV (`ratings.export`), which any
 * catalogue can import back.
 */
export function ExportRatingsButton({ profileId }: { profileId: number }) {
  const [busy, setBusy] = useState(false);
  async function exportRatings() {
    setBusy(true);
    try {
      const { csv } = await call('ratings.export', { profileId });
      saveText('movie-assistant-ratings.csv', csv);
    } catch (error) {
      const message = describeFailure(error, profileId);
      if (message) useNotices.getState().push('error', `The export failed: ${message}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      data-testid="ratings-export"
      onClick={() => void exportRatings()}
    >
      {busy ? 'Exporting…' : 'Export ratings (CSV)'}
    </button>
  );
}
