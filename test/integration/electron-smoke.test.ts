import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { buildMain } from '../../main/build/build-main.mjs';
import { findElectronSqliteBinding } from '../../main/electron/native-binding';
import { installedElectronBinary } from '../../main/start/electron-binary';

// Starts the real Electron app and opens its window, where Electron's binary is on disk (it is
// downloaded on first launch, so an offline machine has none) and better-sqlite3's Electron
// build exists (npm run build:native). Otherwise the test is skipped and says why.

const repoRoot = path.resolve(import.meta.dirname, '../..');
const electronBinary = installedElectronBinary();
const sqliteForElectron = findElectronSqliteBinding(repoRoot);
const rendererBuilt = existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'));

const skipReason = !electronBinary
  ? 'Electron binary not present: node_modules/electron downloads it on first launch, which needs internet'
  : !sqliteForElectron
    ? 'no Electron build of better-sqlite3: run `npm run build:native` (needs internet once)'
    : !rendererBuilt
      ? 'renderer not built: run `npm run build:renderer`'
      : null;

if (skipReason) console.warn(`[electron-smoke] skipped: ${skipReason}`);

describe('Electron shell smoke test', () => {
  let app: ElectronApplication | null = null;
  let dataDir = '';

  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skipReason !== null)(
    `starts Electron and opens the window${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async () => {
      await buildMain({ quiet: true });
      dataDir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-electron-'));
      const dbFile = path.join(dataDir, 'catalogue.db');
      const env = { ...process.env, MOVIE_ASSISTANT_USER_DATA: path.join(dataDir, 'user-data') };
      delete env.ELECTRON_RUN_AS_NODE;
      app = await _electron.launch({
        executablePath: electronBinary as string,
        args: [repoRoot, '--db', dbFile, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        env: env as Record<string, string>,
        timeout: 60_000,
      });
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      expect(await window.title()).toBe('Movie Assistant');
      expect(window.url()).toBe('app://movie-assistant/index.html');

      // The page sees the typed client and nothing of Node.
      const page = await window.evaluate(async () => {
        const w = window as unknown as Record<string, unknown> & {
          movieAssistant: { call(c: string, r: unknown): Promise<{ dbPath: string }> };
        };
        const info = await w.movieAssistant.call('app.info', {});
        return {
          keys: Object.keys(w.movieAssistant).sort(),
          require: typeof w.require,
          process: typeof w.process,
          dbPath: info.dbPath,
          popup: window.open('https://example.com') === null,
        };
      });
      expect(page).toEqual({ keys: ['call', 'on'], require: 'undefined', process: 'undefined', dbPath: dbFile, popup: true });

      const preferences = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0].webContents;
        const prefs = contents.getLastWebPreferences() ?? {};
        return {
          windows: BrowserWindow.getAllWindows().length,
          contextIsolation: prefs.contextIsolation,
          sandbox: prefs.sandbox,
          nodeIntegration: prefs.nodeIntegration,
          webSecurity: prefs.webSecurity,
        };
      });
      expect(preferences).toEqual({ windows: 1, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });

      mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
      await window.screenshot({ path: path.join(repoRoot, 'test-results', 'electron-window.png') });
    },
  );
});
