import { app, dialog, Menu, nativeTheme, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApiClient } from '../shared/api';
import { defaultDbPath } from './catalogue/db';
import { chooseImportSource, showAbout, showError } from './electron/dialogs';
import { relayWindow } from './electron/ipc-relay';
import { menuTemplate, type ImportKind, type ThemeSource } from './electron/menu';
import { findElectronSqliteBinding, SQLITE_BINDING_ENV } from './electron/native-binding';
import { createMainWindow } from './electron/main-window';
import { lockDownWebContents, registerAppScheme, serveRenderer } from './electron/security';
import { ServiceClient } from './electron/service-client';
import { shellApiClient } from './electron/shell-client';
import { configFromArgs } from './electron/service-protocol';
import { forkUtilityService } from './electron/utility-child';
import { WindowStateStore } from './electron/window-state';

/**
 * Electron's main process: one window, the menu, security settings, and a relay between the
 * window and the service process (catalogue + engine in Electron's utilityProcess). It owns no
 * data and does no heavy work. Bundled to dist/main/app.cjs (package.json "main").
 *
 * Command line (after `electron .`): --db FILE, --backend NAME, --models DIR.
 * MOVIE_ASSISTANT_USER_DATA moves the app's own settings folder (tests use a fresh one).
 */

const bundleDir = __dirname; // dist/main, inside app.asar when packaged
const appRoot = app.getAppPath();
const rendererDir = path.join(bundleDir, '..', 'renderer');
const preloadFile = path.join(bundleDir, 'preload.cjs');
/** The service runs from the asar; startWorker() starts its threads from app.asar.unpacked. */
const serviceEntry = path.join(bundleDir, 'service-process.js');
const iconFile = path.join(appRoot, 'resources', 'icon.png');

const serviceConfig = configFromArgs(process.argv);
const userDataDir =
  process.env.MOVIE_ASSISTANT_USER_DATA ??
  path.dirname(defaultDbPath({ ...process.env, MOVIE_ASSISTANT_DB: undefined }));
app.setPath('userData', userDataDir);
app.setName('Movie Assistant');

registerAppScheme();
lockDownWebContents();

let mainWindow: BrowserWindow | null = null;
let service: ServiceClient | null = null;
let shellClient: ApiClient | null = null;
let stopRelay: (() => void) | null = null;
let quitting = false;
let restarts = 0;
const windowState = new WindowStateStore(userDataDir);

if (!app.requestSingleInstanceLock()) {
  // One app per catalogue: a second launch brings the first window forward instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => fail('Movie Assistant could not start', error));
}

async function start(): Promise<void> {
  nativeTheme.themeSource = windowState.current.theme ?? 'system';
  serveRenderer(session.defaultSession, rendererDir);
  buildMenu();
  startService();
  mainWindow = createMainWindow({
    preload: preloadFile,
    icon: existsSync(iconFile) ? iconFile : undefined,
    state: windowState,
    devTools: !app.isPackaged,
  });
  const window = mainWindow;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (service) stopRelay = relayWindow(mainWindow, service);
  try {
    await service?.ready;
  } catch (error) {
    await fail('The Movie Assistant service could not start', error);
  }
}

function startService(): void {
  const binding = findElectronSqliteBinding(appRoot);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(binding ? { [SQLITE_BINDING_ENV]: binding } : {}),
    ...(app.isPackaged ? { NODE_ENV: 'production' } : {}),
  };
  const client = new ServiceClient(forkUtilityService(serviceEntry, serviceConfig, env));
  service = client;
  shellClient = shellApiClient(client);
  client.onExit((reason) => void serviceStopped(client, reason));
}

/** The service died after starting: say so, then start a fresh one and reload the page (a few times at most). */
async function serviceStopped(client: ServiceClient, reason: string): Promise<void> {
  // A failed start is start()'s to report; only a service that was running gets restarted.
  if (quitting || client !== service || !client.started) return;
  stopRelay?.();
  stopRelay = null;
  service = null;
  if (restarts >= 3) {
    await fail('The Movie Assistant service keeps stopping', reason);
    return;
  }
  restarts += 1;
  await showError(
    mainWindow,
    'The Movie Assistant service stopped',
    `${reason}\n\nIt will be restarted.`,
  );
  startService();
  if (mainWindow && !mainWindow.isDestroyed() && service) {
    stopRelay = relayWindow(mainWindow, service);
    mainWindow.webContents.reload();
  }
}

function buildMenu(): void {
  const template = menuTemplate(
    {
      importRelease: (kind) => void importFromMenu(kind),
      setTheme: (theme) => setTheme(theme),
      about: () => {
        if (mainWindow) void showAbout(mainWindow);
      },
    },
    {
      developer: !app.isPackaged,
      platform: process.platform,
      theme: windowState.current.theme ?? 'system',
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Light, dark or the system's: the page's CSS follows prefers-color-scheme, which this sets. */
function setTheme(theme: ThemeSource): void {
  nativeTheme.themeSource = theme;
  windowState.update({ theme });
  windowState.save();
  buildMenu();
}

/**
 * File → Import: a native dialog, then the same `catalogue.import` call the page would make.
 * Progress and `catalogue.changed` reach the page as events, as for an import it started itself.
 */
async function importFromMenu(kind: ImportKind): Promise<void> {
  if (!mainWindow || !shellClient) return;
  const source = await chooseImportSource(mainWindow, kind);
  if (!source) return;
  try {
    const summary = await shellClient.call('catalogue.import', {
      source,
      jobId: `menu-import-${Date.now()}`,
    });
    if (mainWindow) {
      await dialog.showMessageBox(mainWindow, {
        type: 'info',
        title: 'Import finished',
        message: `Imported ${summary.movies.toLocaleString()} movies and ${summary.ratings.toLocaleString()} ratings`,
        detail: `${summary.source} (${summary.format}, ${summary.seconds.toFixed(1)} s)`,
        buttons: ['OK'],
      });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'cancelled') return;
    await showError(
      mainWindow,
      'The import failed',
      error instanceof Error ? error.message : String(error),
    );
  }
}

async function fail(title: string, error: unknown): Promise<void> {
  quitting = true;
  await showError(mainWindow, title, error instanceof Error ? error.message : String(error));
  app.exit(1);
}

app.on('window-all-closed', () => {
  app.quit();
});

app.on('before-quit', (event) => {
  if (!service || quitting) return;
  // Let the service close the catalogue cleanly (WAL checkpoint) before the app goes.
  event.preventDefault();
  quitting = true;
  const closing = service;
  service = null;
  void closing.stop().finally(() => app.quit());
});
