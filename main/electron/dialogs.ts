import { app, dialog, type BrowserWindow } from 'electron';
import { STUB_IMPORT_PATH_ENV, stubImportPath } from '../util/test-hooks';
import type { ImportKind } from './menu';

/**
 * Tests (Playwright's `_electron`) cannot click a native dialog: MOVIE_ASSISTANT_STUB_IMPORT_PATH
 * answers the import dialog with that path instead, as if the person had picked it. A packaged
 * build ignores it.
 */
export const IMPORT_DIALOG_STUB_ENV = STUB_IMPORT_PATH_ENV;

/** Asks for a MovieLens release (a .zip or a folder); null when the person cancels. */
export async function chooseImportSource(
  window: BrowserWindow,
  kind: ImportKind,
): Promise<string | null> {
  const stub = stubImportPath(process.env, app.isPackaged);
  if (stub) return stub;
  const result = await dialog.showOpenDialog(window, {
    title:
      kind === 'zip' ? 'Import a MovieLens release (zip)' : 'Import a MovieLens release (folder)',
    buttonLabel: 'Import',
    properties: kind === 'zip' ? ['openFile'] : ['openDirectory'],
    filters: kind === 'zip' ? [{ name: 'MovieLens release', extensions: ['zip'] }] : undefined,
  });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

export async function showError(
  window: BrowserWindow | null,
  title: string,
  message: string,
): Promise<void> {
  const options = {
    type: 'error' as const,
    title,
    message: title,
    detail: message,
    buttons: ['OK'],
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

export async function showAbout(window: BrowserWindow): Promise<void> {
  await dialog.showMessageBox(window, {
    type: 'info',
    title: 'About Movie Assistant',
    message: `Movie Assistant ${app.getVersion()}`,
    detail: [
      'A private, offline movie recommender: your ratings and your model stay on this computer.',
      '',
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
      'Movie data: MovieLens (GroupLens Research, University of Minnesota).',
    ].join('\n'),
    buttons: ['OK'],
  });
}
