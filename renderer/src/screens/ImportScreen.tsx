import { useState, type FormEvent } from 'react';
import { readableError } from '../api/errors';
import { localPathOf, uploadFile } from '../api/upload';
import { runningInElectron } from '../api/connect';
import { DropZone } from '../components/DropZone';
import { ExportPreview } from '../components/ExportPreview';
import { ImportHistory } from '../components/ImportHistory';
import { CatalogueSummary, ExportSummary } from '../components/ImportSummaryView';
import { JobProgressView } from '../components/JobProgressView';
import { ReleaseList } from '../components/ReleaseList';
import { ErrorMessage } from '../components/StateMessages';
import { catalogueIsEmpty, useCatalogue } from '../stores/catalogue';
import { useImporter, type ImportKind } from '../stores/importer';
import { useJobs } from '../stores/jobs';
import { useNavigation, type Screen } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { useMarks } from '../stores/marks';
import { useRatings } from '../stores/ratings';

const kinds: Array<{ kind: ImportKind; label: string }> = [
  { kind: 'catalogue', label: 'Movie catalogue' },
  { kind: 'export', label: 'My ratings export' },
];

/** A preview or summary that appears below the fold is scrolled into view, its buttons with it. */
const showWhole = (card: HTMLElement | null) => card?.scrollIntoView?.({ block: 'nearest' });

/** An export brings ratings and marks (watchlist, seen): the screens showing them reload. */
async function reloadProfile(profileId: number): Promise<void> {
  await Promise.all([useRatings.getState().load(profileId), useMarks.getState().load(profileId)]);
}

/** First run and later imports: a MovieLens release, or a person's own ratings export. */
export function ImportScreen() {
  const importer = useImporter();
  const job = useJobs((s) => (importer.jobId ? s.jobs[importer.jobId] : undefined));
  const firstRun = useCatalogue((s) => catalogueIsEmpty(s.info));
  const profileId = useProfiles((s) => s.currentId);
  const [uploading, setUploading] = useState<string | null>(null);
  const [dropError, setDropError] = useState<string | null>(null);
  const busy = importer.running || uploading !== null;

  async function run(source: string) {
    setDropError(null);
    const ok = await importer.start(source, profileId);
    // A personal export is only previewed here; confirmExport imports it.
    if (ok && importer.kind === 'catalogue') await useCatalogue.getState().load();
  }

  async function confirmExport() {
    if (profileId === null) return;
    if (!(await importer.confirmExport(profileId))) return;
    await useCatalogue.getState().load();
    await reloadProfile(profileId);
  }

  async function undoExport() {
    if (profileId === null) return;
    if (await importer.undoExport(profileId)) await reloadProfile(profileId);
  }

  /** The summary read: on to another screen, the import screen ready for the next one. */
  // My ratings lists the marks an export brought: its watchlist, and the films seen to rate.
  const listed = importer.exportSummary;
  const marksNote =
    listed?.watchlist && listed.seen
      ? 'See your watchlist and seen films'
      : listed?.watchlist
        ? 'See your watchlist'
        : listed?.seen
          ? 'Rate the films you have seen'
          : null;

  function leaveFor(screen: Screen) {
    importer.reset();
    useNavigation.getState().reset(screen);
  }

  async function fromFile(file: File) {
    const local = runningInElectron() ? localPathOf(file) : null;
    if (local) return run(local);
    setUploading(file.name);
    try {
      const source = await uploadFile(file);
      setUploading(null);
      await run(source);
    } catch (error) {
      setUploading(null);
      setDropError(readableError(error));
    }
  }

  function fromFolder(name: string, file: File | null) {
    const local = file && runningInElectron() ? localPathOf(file) : null;
    if (local) return void run(local);
    setDropError(
      `A browser cannot hand over the folder “${name}”. Drop it as a zip, or type the folder’s path below.`,
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (importer.source.trim()) void run(importer.source.trim());
  }

  const done = importer.summary ?? importer.exportSummary;

  return (
    <section className="screen stack" aria-labelledby="import-title" data-testid="screen-import">
      <div className="screen-header">
        <div>
          <h1 id="import-title">{firstRun ? 'Bring in a movie catalogue' : 'Import'}</h1>
          <p>
            {firstRun
              ? 'Movie Assistant needs a catalogue of movies and ratings to learn from. A MovieLens release (for example ml-latest-small) is a good start.'
              : 'Add a MovieLens release to the catalogue, or bring your own ratings, watchlist and watched films from movielens.org, IMDb or Letterboxd.'}
          </p>
        </div>
        <div className="segmented" role="group" aria-label="What to import">
          {kinds.map(({ kind, label }) => (
            <button
              key={kind}
              type="button"
              aria-pressed={importer.kind === kind}
              disabled={busy || (kind === 'export' && firstRun)}
              onClick={() => importer.setKind(kind)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>

      <div className="card stack">
        <DropZone
          disabled={busy}
          onFile={(f) => void fromFile(f)}
          onFolder={fromFolder}
          hint={
            importer.kind === 'catalogue'
              ? 'A MovieLens zip (ml-latest-small.zip, ml-100k.zip) or its unpacked folder'
              : 'A ratings export: movielens.org ratings.csv, IMDb ratings.csv or WATCHLIST.csv, Letterboxd’s export zip (ratings, watchlist, watched) or a CSV from it, or a CSV in Letterboxd’s import format'
          }
        />
        <form className="row" onSubmit={submit}>
          <label className="field" style={{ flex: 1 }}>
            {importer.kind === 'catalogue'
              ? 'Or type the path of a folder or zip on this computer'
              : 'Or type the path of the export (.csv or .zip) on this computer'}
            <input
              className="input"
              data-testid="import-path"
              value={importer.source}
              placeholder={
                importer.kind === 'catalogue'
                  ? '/home/me/Downloads/ml-latest-small'
                  : '/home/me/Downloads/letterboxd-export.zip'
              }
              disabled={busy}
              onChange={(e) => importer.setSource(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button primary"
            style={{ alignSelf: 'flex-end' }}
            disabled={busy || !importer.source.trim()}
            data-testid="import-start"
          >
            Import
          </button>
        </form>
        {uploading && <p className="muted">Handing {uploading} to Movie Assistant…</p>}
        {dropError && <ErrorMessage message={dropError} />}
      </div>

      {importer.running && job && (
        <div className="card">
          <JobProgressView
            job={job}
            title={
              importer.kind === 'catalogue'
                ? 'Importing the catalogue'
                : importer.previewSource === null
                  ? 'Reading your ratings export'
                  : 'Importing your ratings'
            }
            onCancel={() => void importer.cancel()}
            cancelling={importer.cancelling}
          />
        </div>
      )}

      {importer.error && <ErrorMessage message={importer.error} />}

      {importer.preview && (
        <div className="card stack" ref={showWhole}>
          <ExportPreview
            preview={importer.preview}
            conflicts={importer.conflicts}
            onConflicts={importer.setConflicts}
            onConfirm={() => void confirmExport()}
            onCancel={importer.reset}
            busy={importer.running}
          />
        </div>
      )}

      {done && (
        <div className="card stack" ref={showWhole}>
          {importer.summary && <CatalogueSummary summary={importer.summary} />}
          {importer.exportSummary && (
            <ExportSummary
              summary={importer.exportSummary}
              undone={importer.undone}
              onUndo={() => void undoExport()}
            />
          )}
          <div className="row">
            <button
              type="button"
              className="button primary"
              data-testid="import-done"
              onClick={() => leaveFor(profileId === null ? 'profiles' : 'forYou')}
            >
              {profileId === null ? 'Choose a profile' : 'Start rating movies'}
            </button>
            {marksNote && (
              <button
                type="button"
                className="button"
                data-testid="import-see-marks"
                onClick={() => leaveFor('ratings')}
              >
                {marksNote}
              </button>
            )}
          </div>
        </div>
      )}

      {importer.kind === 'export' && profileId !== null && (
        <ImportHistory profileId={profileId} onUndone={reloadProfile} />
      )}
      <ReleaseList disabled={busy} />
    </section>
  );
}
