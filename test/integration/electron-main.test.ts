import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildMain } from '../../main/build/build-main.mjs';
import { contentSecurityPolicy } from '../../main/electron/security-policy';
import { repoRoot } from '../helpers/repo-paths';

// The bundled Electron main process (dist/main/app.cjs), run in plain Node against a stand-in
// `electron` module (support/fake-electron.cjs), with the real service process (a Node child in
// place of the utilityProcess), a real SQLite file and a real import. This checks the shell's
// wiring where Electron's binary cannot be had; test/integration/electron-smoke.test.ts runs the
// real thing where it can.

const scratch = path.join(repoRoot, '.cache', 'electron-main-test');
const support = path.join(repoRoot, 'test', 'integration', 'support');
const fixtureRelease = path.join(repoRoot, 'test', 'fixtures', 'releases', 'ml-1m');

let dataDir: string;

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(path.join(scratch, 'node_modules', 'electron'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(scratch, 'package.json'));
  copyFileSync(
    path.join(support, 'fake-electron.cjs'),
    path.join(scratch, 'node_modules', 'electron', 'index.js'),
  );
  writeFileSync(
    path.join(scratch, 'node_modules', 'electron', 'package.json'),
    '{"name":"electron","main":"index.js"}',
  );
  copyFileSync(path.join(support, 'electron-main-driver.cjs'), path.join(scratch, 'driver.cjs'));
  mkdirSync(path.join(scratch, 'dist', 'renderer'), { recursive: true });
  writeFileSync(
    path.join(scratch, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>Movie Assistant</title>',
  );
  await buildMain({ outdir: path.join(scratch, 'dist', 'main'), quiet: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-shell-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface DriverResult {
  failure?: string;
  [key: string]: unknown;
}

function drive(args: string[], env: Record<string, string>): DriverResult {
  const run = spawnSync(process.execPath, [path.join(scratch, 'driver.cjs'), ...args], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 110_000,
    env: {
      ...process.env,
      FAKE_ELECTRON_APP_PATH: scratch,
      FAKE_ELECTRON_APP_ENTRY: path.join(scratch, 'dist', 'main', 'app.cjs'),
      ...env,
    },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line)
    throw new Error(
      `the driver printed no result (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
    );
  const result = JSON.parse(line.slice('RESULT '.length)) as DriverResult;
  if (result.failure)
    throw new Error(`${result.failure}\n${JSON.stringify(result.partial, null, 2)}\n${run.stderr}`);
  return result;
}

describe('Electron main process (bundled, on a stand-in electron module)', () => {
  it('says why when the service cannot start, and quits instead of restarting it', () => {
    // A folder where the catalogue file should be: SQLite cannot open it.
    const result = drive(['--db', dataDir], {
      FAKE_ELECTRON_SCENARIO: 'start-failure',
      MOVIE_ASSISTANT_USER_DATA: path.join(dataDir, 'user-data-failure'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.services).toBe(1);
    expect(result.dialogs).toEqual([
      expect.objectContaining({
        type: 'error',
        title: 'The Movie Assistant service could not start',
      }),
    ]);
  });

  it('relays only its own page’s calls, serves the pages with the CSP, locks navigation, imports from the menu', () => {
    const dbFile = path.join(dataDir, 'catalogue.db');
    const userData = path.join(dataDir, 'user-data');
    const result = drive(['--db', dbFile], {
      MOVIE_ASSISTANT_USER_DATA: userData,
      MOVIE_ASSISTANT_STUB_IMPORT_PATH: fixtureRelease,
    });

    expect(result.url).toBe('app://movie-assistant/index.html');
    expect(result.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
    expect(result.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(result.preload).toBe('preload.cjs');
    expect(result.userData).toBe(userData);

    expect(result.info).toMatchObject({ id: 1, ok: true, response: { dbPath: dbFile } });
    expect(result.answeredForeign).toEqual([]);
    expect(result.profiles).toMatchObject({ id: 5, ok: true, response: [] });

    expect(result.page).toEqual({
      status: 200,
      csp: contentSecurityPolicy,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Movie Assistant</title>',
    });
    expect(result.escape).toBe(404);
    expect(result.missing).toBe(404);

    expect(result.navigation).toEqual({ awayBlocked: true, homeAllowed: true });
    expect(result.windowOpen).toEqual({ action: 'deny' });
    expect(result.windowOpenFile).toEqual({ action: 'deny' });
    expect(result.windowOpenForeign).toEqual({ action: 'deny' });
    // Only the allowed movie sites open in the browser: not evil.example, not file://.
    expect(result.navigationToAllowedSite).toEqual({ prevented: true });
    expect(result.external).toEqual([
      'https://www.imdb.com/title/tt0114709/',
      'https://letterboxd.com/film/toy-story/',
    ]);
    expect(result.permissions).toEqual({
      media: false,
      clipboard: true,
      clipboardElsewhere: false,
    });

    expect(result.importDialog).toMatchObject({
      title: 'Import finished',
      message: expect.stringMatching(/^Imported \d+ movies and \d+ ratings$/),
    });
    expect(result.progressEventsToWindow).toBeGreaterThan(0);
    expect(result.theme).toBe('dark');

    expect(result.utility).toEqual({
      entry: 'service-process.js',
      args: ['--db', dbFile],
      sqliteBinding: null,
    });
    expect(result.serviceExited).toBe(true);
    expect(result.windowState).toEqual({
      x: 30,
      y: 40,
      width: 1000,
      height: 700,
      maximized: false,
      theme: 'dark',
    });
    expect(result.errorDialogs).toEqual([]);
  });
});
