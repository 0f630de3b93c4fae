import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { buildMain } from '../../main/build/build-main.mjs';
import { findElectronSqliteBinding } from '../../main/electron/native-binding';
import { installedElectronBinary } from '../../main/start/electron-binary';
import { repoRoot } from '../helpers/repo-paths';

// Starts the real Electron app and opens its window, where Electron's binary is on disk (it is
// downloaded on first launch, so an offline machine has none) and better-sqlite3's Electron
// build exists (npm run build:native). Otherwise the test is skipped and says why.

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
      // The app from a scratch folder of its own (its bundles, the built pages and the native
      // build linked in), so other tests that build dist/main cannot change it under this one.
      const appDir = path.join(repoRoot, '.cache', 'electron-smoke');
      rmSync(appDir, { recursive: true, force: true });
      mkdirSync(appDir, { recursive: true });
      copyFileSync(path.join(repoRoot, 'package.json'), path.join(appDir, 'package.json'));
      await buildMain({ outdir: path.join(appDir, 'dist', 'main'), quiet: true });
      symlinkSync(path.join(repoRoot, 'dist', 'renderer'), path.join(appDir, 'dist', 'renderer'));
      symlinkSync(path.join(repoRoot, 'build'), path.join(appDir, 'build'));
      dataDir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-electron-'));
      const dbFile = path.join(dataDir, 'catalogue.db');
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
      }
      env.MOVIE_ASSISTANT_USER_DATA = path.join(dataDir, 'user-data');
      app = await _electron.launch({
        executablePath: electronBinary as string,
        args: [appDir, '--db', dbFile, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        env,
        timeout: 60_000,
      });
      const appWindow = await app.firstWindow();
      await appWindow.waitForLoadState('domcontentloaded');
      expect(await appWindow.title()).toBe('Movie Assistant');
      expect(appWindow.url()).toBe('app://movie-assistant/index.html');

      // The page sees the typed client and nothing of Node.
      const page = await appWindow.evaluate(async () => {
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
      expect(page).toEqual({
        keys: ['call', 'on'],
        require: 'undefined',
        process: 'undefined',
        dbPath: dbFile,
        popup: true,
      });

      const shell = await app.evaluate(({ BrowserWindow }) => {
        const windows = BrowserWindow.getAllWindows();
        // Not in Electron's typings, but present at run time: the preferences the window got.
        const contents = windows[0].webContents as unknown as {
          getLastWebPreferences?: () => Record<string, unknown>;
        };
        const prefs = contents.getLastWebPreferences?.() ?? null;
        return {
          windows: windows.length,
          prefs: prefs && {
            contextIsolation: prefs.contextIsolation,
            sandbox: prefs.sandbox,
            nodeIntegration: prefs.nodeIntegration,
            webSecurity: prefs.webSecurity,
          },
        };
      });
      expect(shell.windows).toBe(1);
      if (shell.prefs) {
        expect(shell.prefs).toEqual({
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
        });
      }

      mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
      await appWindow.screenshot({
        path: path.join(repoRoot, 'test-results', 'electron-window.png'),
      });
    },
  );
});
