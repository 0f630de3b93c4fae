import { useState } from 'react';
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
 * Saves a CSV the API makes (the ratings as movielens.org exports them, the watchlist or the
 * films marked seen as IMDb exports a list), which any catalogue can import back.
 */
export function ExportCsvButton({
  profileId,
  label,
  fileName,
  testId,
  csv,
}: {
  profileId: number;
  /** What the button saves: "ratings", "watchlist". */
  label: string;
  fileName: string;
  testId: string;
  csv: () => Promise<{ csv: string }>;
}) {
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    try {
      saveText(fileName, (await csv()).csv);
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
      data-testid={testId}
      onClick={() => void save()}
    >
      {busy ? 'Exporting…' : `Export ${label} (CSV)`}
    </button>
  );
}
