import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { ServerFrame } from '../../shared/frames';
import { menuTemplate } from '../../main/electron/menu';
import {
  electronSqliteBindingRelativePath,
  findElectronSqliteBinding,
} from '../../main/electron/native-binding';
import {
  APP_ENTRY_URL,
  appResponseHeaders,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  rendererFileFor,
} from '../../main/electron/security-policy';
import { ServiceClient, type ServiceChild } from '../../main/electron/service-client';
import { shellApiClient } from '../../main/electron/shell-client';
import {
  configFromArgs,
  configToArgs,
  type FromService,
  type ToService,
} from '../../main/electron/service-protocol';
import {
  defaultWindowState,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
} from '../../main/electron/window-state';
import { stubImportPath } from '../../main/util/test-hooks';
import { outsideAsar } from '../../main/util/workers';

// The Electron shell's logic that runs without Electron: window state, the security rules,
// the menu, and the main process's side of the service process.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('remembers size, place, maximised and theme across runs', () => {
    saveWindowState(dir, {
      x: 40,
      y: 50,
      width: 1400,
      height: 900,
      maximized: true,
      theme: 'dark',
    });
    expect(loadWindowState(dir)).toEqual({
      x: 40,
      y: 50,
      width: 1400,
      height: 900,
      maximized: true,
      theme: 'dark',
    });
  });

  it('falls back to the defaults for a missing or damaged file', () => {
    expect(loadWindowState(dir)).toEqual(defaultWindowState);
    writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"width": ');
    expect(loadWindowState(dir)).toEqual(defaultWindowState);
    writeFileSync(
      path.join(dir, WINDOW_STATE_FILE),
      JSON.stringify({ width: 10, height: 'tall', x: 5 }),
    );
    expect(loadWindowState(dir)).toEqual(defaultWindowState);
  });

  it('brings a window back from a display that is gone, and never larger than the screen', () => {
    const laptop = { x: 0, y: 0, width: 1366, height: 740 };
    const onLaptop = fitToDisplays({ x: 100, y: 80, width: 1280, height: 800, maximized: false }, [
      laptop,
    ]);
    expect(onLaptop).toMatchObject({ x: 100, y: 80, width: 1280, height: 740 });
    const fromUnpluggedMonitor = fitToDisplays(
      { x: 3000, y: 200, width: 1280, height: 700, maximized: false },
      [laptop],
    );
    expect(fromUnpluggedMonitor).toMatchObject({ x: 43, y: 20, width: 1280, height: 700 });
  });
});

describe('security policy', () => {
  it('is the strict CSP the issue asks for', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "connect-src 'self'",
      "img-src 'self' data:",
    ]) {
      expect(contentSecurityPolicy).toContain(directive);
    }
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(appResponseHeaders('/x/index.html')).toMatchObject({
      'Content-Security-Policy': contentSecurityPolicy,
      'Content-Type': 'text/html; charset=utf-8',
    });
  });

  it('knows the app’s own pages from anything else', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'https://movie-assistant/',
      'app://evil/index.html',
      'not a url',
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('serves only files inside the renderer folder', () => {
    const root = path.join(dir, 'renderer');
    expect(rendererFileFor('app://movie-assistant/', root)).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor('app://movie-assistant/assets/a%20b.js?v=1', root)).toBe(
      path.join(root, 'assets', 'a b.js'),
    );
    // The URL parser folds a literal ../ away: it can only ever name a file under the root.
    expect(rendererFileFor('app://movie-assistant/../../etc/passwd', root)).toBe(
      path.join(root, 'etc', 'passwd'),
    );
    expect(rendererFileFor('app://movie-assistant/%2e%2e/%2e%2e/etc/passwd', root)).toBe(
      path.join(root, 'etc', 'passwd'),
    );
    // An encoded slash survives the parser and decodes to ../: refused.
    expect(rendererFileFor('app://movie-assistant/assets/..%2f..%2f..%2fsecret', root)).toBeNull();
    expect(rendererFileFor('file:///index.html', root)).toBeNull();
  });
});

describe('menu', () => {
  const actions = { importRelease: vi.fn(), setTheme: vi.fn(), about: vi.fn() };
  const labels = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((item) => [
      item.label ?? item.role ?? item.type ?? '',
      ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
    ]);

  it('has import, quit, theme and about; reload and devtools only in development', () => {
    const released = labels(
      menuTemplate(actions, { developer: false, platform: 'linux', theme: 'system' }),
    );
    expect(released).toEqual(
      expect.arrayContaining([
        'Import MovieLens Zip…',
        'Import MovieLens Folder…',
        'Quit',
        'Light',
        'Dark',
        'About Movie Assistant',
      ]),
    );
    expect(released).not.toContain('toggleDevTools');
    expect(released).not.toContain('reload');
    const developer = labels(
      menuTemplate(actions, { developer: true, platform: 'linux', theme: 'system' }),
    );
    expect(developer).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('calls the shell’s actions', () => {
    const template = menuTemplate(actions, { developer: false, platform: 'linux', theme: 'dark' });
    const find = (
      items: MenuItemConstructorOptions[],
      label: string,
    ): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = Array.isArray(item.submenu) ? find(item.submenu, label) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    const click = (label: string) => (find(template, label)?.click as () => void)();
    click('Import MovieLens Folder…');
    click('Light');
    expect(actions.importRelease).toHaveBeenCalledWith('folder');
    expect(actions.setTheme).toHaveBeenCalledWith('light');
    expect(find(template, 'Dark')?.checked).toBe(true);
  });
});

describe('native binding and asar paths', () => {
  it('finds the Electron build of better-sqlite3, unpacked from the asar when packaged', () => {
    const appRoot = path.join(dir, 'resources', 'app.asar');
    expect(findElectronSqliteBinding(appRoot)).toBeNull();
    const unpacked = path.join(
      dir,
      'resources',
      'app.asar.unpacked',
      electronSqliteBindingRelativePath(),
    );
    rmSync(path.dirname(unpacked), { recursive: true, force: true });
    mkdirSync(path.dirname(unpacked), { recursive: true });
    writeFileSync(unpacked, '');
    expect(findElectronSqliteBinding(appRoot)).toBe(unpacked);
  });

  it('starts workers from app.asar.unpacked', () => {
    expect(outsideAsar('/opt/Movie Assistant/resources/app.asar/dist/main/worker-import.js')).toBe(
      '/opt/Movie Assistant/resources/app.asar.unpacked/dist/main/worker-import.js',
    );
    expect(outsideAsar('C:\\Apps\\resources\\app.asar\\dist\\main\\worker-train.js')).toBe(
      'C:\\Apps\\resources\\app.asar.unpacked\\dist\\main\\worker-train.js',
    );
    expect(outsideAsar('/work/main/dist/main/worker-import.js')).toBe(
      '/work/main/dist/main/worker-import.js',
    );
  });
});

describe('service client (the main process’s side of the service process)', () => {
  function fakeChild() {
    const sent: ToService[] = [];
    let onMessage: (message: FromService) => void = () => undefined;
    let onExit: (code: number | null) => void = () => undefined;
    const child: ServiceChild = {
      postMessage: (message) => sent.push(message),
      onMessage: (listener) => (onMessage = listener),
      onExit: (listener) => (onExit = listener),
      kill: () => onExit(null),
    };
    return {
      child,
      sent,
      reply: (m: FromService) => onMessage(m),
      exit: (code: number) => onExit(code),
    };
  }

  it('passes command-line config through', () => {
    const config = { dbFile: '/tmp/a b.db', backend: 'wasm', modelsDir: '/m' };
    expect(configFromArgs(['electron', 'x', ...configToArgs(config)])).toEqual(config);
  });

  it('keeps each window’s frames on its own connection', async () => {
    const fake = fakeChild();
    const client = new ServiceClient(fake.child);
    const a: ServerFrame[] = [];
    const b: ServerFrame[] = [];
    const first = client.connect((frame) => a.push(frame));
    client.connect((frame) => b.push(frame));
    expect(client.started).toBe(false);
    fake.reply({ type: 'ready', dbFile: '/db' });
    await expect(client.ready).resolves.toEqual({ dbFile: '/db' });
    expect(client.started).toBe(true);
    first.send({ id: 1, channel: 'app.info', request: {} });
    expect(fake.sent).toEqual([
      { type: 'connect', conn: 'c1' },
      { type: 'connect', conn: 'c2' },
      { type: 'frame', conn: 'c1', frame: { id: 1, channel: 'app.info', request: {} } },
    ]);
    fake.reply({ type: 'frame', conn: 'c1', frame: { id: 1, ok: true, response: 'yes' } });
    fake.reply({
      type: 'frame',
      conn: 'c2',
      frame: { event: 'catalogue.changed', payload: { reason: 'x' } },
    });
    expect(a).toEqual([{ id: 1, ok: true, response: 'yes' }]);
    expect(b).toEqual([{ event: 'catalogue.changed', payload: { reason: 'x' } }]);
  });

  it('answers calls still pending with an error when the process dies, and refuses new ones', async () => {
    const fake = fakeChild();
    const client = new ServiceClient(fake.child);
    const frames: ServerFrame[] = [];
    const connection = client.connect((frame) => frames.push(frame));
    const stopped = vi.fn();
    client.onExit(stopped);
    connection.send({ id: 7, channel: 'engine.finetune', request: {} });
    fake.exit(9);
    await expect(client.ready).rejects.toThrow(/stopped unexpectedly \(exit code 9\)/);
    connection.send({ id: 8, channel: 'app.info', request: {} });
    expect(frames).toEqual([
      {
        id: 7,
        ok: false,
        error: { code: 'failed', message: expect.stringContaining('exit code 9') },
      },
      {
        id: 8,
        ok: false,
        error: { code: 'failed', message: 'The Movie Assistant service is not running.' },
      },
    ]);
    expect(stopped).toHaveBeenCalledOnce();
  });

  it('reports a start failure in the service’s own words', async () => {
    const fake = fakeChild();
    const client = new ServiceClient(fake.child);
    fake.reply({ type: 'fatal', message: 'better-sqlite3 was built for Node, not for Electron' });
    fake.exit(1);
    await expect(client.ready).rejects.toThrow(
      'better-sqlite3 was built for Node, not for Electron',
    );
  });
});

describe('the shell’s own API client', () => {
  it('calls the service over its own connection and gets typed answers and errors', async () => {
    const sent: ToService[] = [];
    let reply: (message: FromService) => void = () => undefined;
    const client = new ServiceClient({
      postMessage: (message) => sent.push(message),
      onMessage: (listener) => (reply = listener),
      onExit: () => undefined,
      kill: () => undefined,
    });
    const api = shellApiClient(client);
    const answer = api.call('jobs.cancel', { jobId: 'menu-import-1' });
    const refusal = api.call('jobs.cancel', { jobId: 'menu-import-2' });
    const frames = sent.filter(
      (m): m is Extract<ToService, { type: 'frame' }> => m.type === 'frame',
    );
    expect(frames.map((m) => m.frame)).toEqual([
      { id: 1, channel: 'jobs.cancel', request: { jobId: 'menu-import-1' } },
      { id: 2, channel: 'jobs.cancel', request: { jobId: 'menu-import-2' } },
    ]);
    reply({
      type: 'frame',
      conn: frames[0].conn,
      frame: { id: 1, ok: true, response: { cancelled: true } },
    });
    reply({
      type: 'frame',
      conn: frames[0].conn,
      frame: { id: 2, ok: false, error: { code: 'not-found', message: 'no job' } },
    });
    await expect(answer).resolves.toEqual({ cancelled: true });
    await expect(refusal).rejects.toMatchObject({ code: 'not-found', message: 'no job' });
  });
});

describe('links to the web', () => {
  it('opens only the movie sites, over https, in the person’s browser', () => {
    for (const url of [
      'https://www.imdb.com/title/tt0114709/',
      'https://imdb.com/title/tt0114709/',
      'https://www.themoviedb.org/movie/862',
      'https://movielens.org/movies/1',
      'https://www.movielens.org/',
      'https://letterboxd.com/film/toy-story/',
      'https://www.letterboxd.com/film/toy-story/',
      'https://WWW.IMDB.COM/title/tt0114709/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
    for (const url of [
      'http://www.imdb.com/title/tt0114709/',
      'https://evil.example/',
      'https://imdb.com.evil.example/',
      'https://evilimdb.com/',
      'https://m.imdb.com/title/tt0114709/',
      'https://user:pass@www.imdb.com/',
      'https://www.imdb.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('the import test hook', () => {
  const env = { MOVIE_ASSISTANT_STUB_IMPORT_PATH: '/data/ml-latest-small' };

  it('names the path tests import, unless the app is a packaged build', () => {
    expect(stubImportPath(env, false)).toBe('/data/ml-latest-small');
    expect(stubImportPath(env, true)).toBeUndefined();
    expect(stubImportPath({}, false)).toBeUndefined();
  });
});

describe('packaging', () => {
  it('flips Electron’s fuses in the packaged binary', () => {
    const config = readFileSync(path.resolve(import.meta.dirname, '../../electron-builder.yml'), {
      encoding: 'utf8',
    });
    const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(config)?.[1] ?? '';
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/:\s*/))
        .map(([name, value]) => [name, value === 'true']),
    );
    expect(fuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
