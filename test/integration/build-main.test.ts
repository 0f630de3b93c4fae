import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type { ServerFrame } from '../../shared/frames';
import { buildMain, bundles } from '../../main/build/build-main.mjs';
import { forkNodeService } from '../../main/electron/node-child';
import { ServiceClient } from '../../main/electron/service-client';
import { repoRoot } from '../helpers/repo-paths';

// Builds dist/main with esbuild (about a second) into a scratch copy of the layout, then runs the
// bundles as the packaged app would: the CLI bundle, and the service process (with its import
// worker thread) in a plain Node child speaking the same protocol as Electron's utilityProcess.

// Inside the repository, so the bundles' external packages resolve from its node_modules.
const scratch = path.join(repoRoot, '.cache', 'build-main-test');
const outdir = path.join(scratch, 'dist', 'main');
const fixtureRelease = path.join(repoRoot, 'test', 'fixtures', 'releases', 'ml-1m');

let dataDir: string;

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // The service reads its version from the app's package.json, two folders up from the bundle.
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(scratch, 'package.json'));
  await buildMain({ outdir, quiet: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-build-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Every module a bundle loads at run time: require("x") and import ... from "x". */
function loadedModules(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) found.add(match[1]);
  for (const match of code.matchAll(/^\s*import\s+(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm))
    found.add(match[1]);
  return [...found].sort();
}

const builtin = (name: string) =>
  name.startsWith('node:') ||
  [
    'fs',
    'path',
    'os',
    'url',
    'crypto',
    'events',
    'stream',
    'util',
    'zlib',
    'worker_threads',
    'child_process',
    'module',
    'assert',
    'buffer',
    'http',
    'https',
    'net',
    'tls',
    'string_decoder',
    'readline',
    'process',
    'perf_hooks',
    'v8',
    'timers',
    'querystring',
    'async_hooks',
    'diagnostics_channel',
    'constants',
    'tty',
    'dns',
  ].includes(name);

describe('build-main (esbuild bundles of main/)', () => {
  it('writes every bundle the app, the packaging and the workers expect', () => {
    const expected = [
      'app.cjs',
      'preload.cjs',
      'service-process.js',
      'worker-import.js',
      'worker-train.js',
      'cli.js',
    ];
    expect(bundles.map((b) => b.out)).toEqual(expect.arrayContaining(expected));
    for (const name of expected) expect(existsSync(path.join(outdir, name)), name).toBe(true);
    expect(JSON.parse(readFileSync(path.join(outdir, 'package.json'), 'utf8'))).toEqual({
      type: 'module',
    });
  });

  it('keeps the preload to what a sandboxed preload may load: electron only', () => {
    expect(loadedModules(path.join(outdir, 'preload.cjs'))).toEqual(['electron']);
  });

  it('runs the preload as a sandboxed page would: only the client (and dropped-file paths) exposed, calls over IPC', async () => {
    const exposed: Record<string, unknown> = {};
    const sent: unknown[] = [];
    const listeners: ((event: unknown, frame: unknown) => void)[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        send: (channel: string, frame: unknown) => sent.push({ channel, frame }),
        on: (_channel: string, listener: (event: unknown, frame: unknown) => void) =>
          listeners.push(listener),
      },
      webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    };
    const module = { exports: {} };
    // No Node here: a sandboxed preload gets `require('electron')` and browser globals only.
    const context = vm.createContext({
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
    });
    vm.runInContext(readFileSync(path.join(outdir, 'preload.cjs'), 'utf8'), context);

    expect(Object.keys(exposed).sort()).toEqual(['movieAssistant', 'movieAssistantFiles']);
    const api = exposed.movieAssistant as {
      call(c: string, r: unknown): Promise<unknown>;
      on: unknown;
    };
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
    expect(
      (exposed.movieAssistantFiles as { pathForFile(f: unknown): string }).pathForFile({
        name: 'ml.zip',
      }),
    ).toBe('/dropped/ml.zip');

    const answer = api.call('jobs.cancel', { jobId: 'x' });
    const refusal = api.call('profiles.list', {});
    expect(sent).toEqual([
      {
        channel: 'movie-assistant:api',
        frame: { id: 1, channel: 'jobs.cancel', request: { jobId: 'x' } },
      },
      { channel: 'movie-assistant:api', frame: { id: 2, channel: 'profiles.list', request: {} } },
    ]);
    listeners.forEach((l) => l({}, { id: 1, ok: true, response: { cancelled: false } }));
    listeners.forEach((l) =>
      l({}, { id: 2, ok: false, error: { code: 'locked', message: 'Profile "A" is locked' } }),
    );
    await expect(answer).resolves.toEqual({ cancelled: false });
    // A rejection crosses contextBridge as a plain object that keeps its code.
    const error = await refusal.catch((e: unknown) => e);
    expect(error).toEqual({ name: 'ApiError', code: 'locked', message: 'Profile "A" is locked' });
  });

  it('leaves native and wasm packages external, and bundles everything else', () => {
    for (const name of [
      'app.cjs',
      'service-process.js',
      'worker-import.js',
      'worker-train.js',
      'cli.js',
    ]) {
      const external = loadedModules(path.join(outdir, name)).filter(
        (m) => !builtin(m) && !/^\.\/cli-chunk-\w+\.js$/.test(m),
      );
      for (const module of external) {
        expect(module, `${name} loads ${module}`).toMatch(
          /^(electron|better-sqlite3|@tensorflow\/[\w-]+)(\/|$)/,
        );
      }
    }
    expect(loadedModules(path.join(outdir, 'app.cjs'))).toContain('electron');
    expect(readFileSync(path.join(outdir, 'app.cjs'), 'utf8')).not.toMatch(/import\.meta/);
  });

  it('starts the CLI without TensorFlow.js: its chunks load it only when the engine starts', () => {
    const staticallyLoaded = new Set<string>();
    const visit = (file: string) => {
      for (const module of loadedModules(path.join(outdir, file))) {
        if (!module.startsWith('./')) staticallyLoaded.add(module);
        else if (!staticallyLoaded.has(module)) {
          staticallyLoaded.add(module);
          visit(module.slice(2));
        }
      }
    };
    visit('cli.js');
    expect([...staticallyLoaded].filter((m) => m.startsWith('@tensorflow/'))).toEqual([]);
    expect(staticallyLoaded).toContain('better-sqlite3');
    const chunks = readdirSync(outdir).filter((f) => f.startsWith('cli-chunk-'));
    const engineChunks = chunks.filter((f) =>
      readFileSync(path.join(outdir, f), 'utf8').includes('require("@tensorflow/tfjs-core")'),
    );
    expect(engineChunks.length).toBeGreaterThan(0);
    for (const chunk of engineChunks) expect(staticallyLoaded).not.toContain(`./${chunk}`);
  });

  it('runs the bundled CLI', () => {
    const result = spawnSync(process.execPath, [path.join(outdir, 'cli.js'), 'help'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/usage: movie-assistant/);
  });

  it('runs the bundled service process: calls, sessions, events and the import worker thread', async () => {
    const dbFile = path.join(dataDir, 'catalogue.db');
    const client = new ServiceClient(
      forkNodeService(path.join(outdir, 'service-process.js'), {
        dbFile,
        modelsDir: path.join(dataDir, 'models'),
      }),
    );
    try {
      await expect(client.ready).resolves.toEqual({ dbFile });
      const frames: ServerFrame[] = [];
      const connection = client.connect((frame) => frames.push(frame));
      const reply = async (id: number, channel: string, request: unknown) => {
        connection.send({ id, channel, request });
        await vi.waitFor(() => expect(frames.some((f) => 'id' in f && f.id === id)).toBe(true), {
          timeout: 60_000,
        });
        return frames.find((f) => 'id' in f && f.id === id) as Extract<
          ServerFrame,
          { id: unknown }
        >;
      };

      const info = await reply(1, 'app.info', {});
      expect(info).toMatchObject({
        ok: true,
        response: { dbPath: dbFile, catalogue: { movies: 0 } },
      });

      const imported = await reply(2, 'catalogue.import', {
        source: fixtureRelease,
        jobId: 'build-test',
      });
      expect(imported).toMatchObject({ ok: true, response: { format: 'ml-1m' } });
      expect((imported as { response: { movies: number } }).response.movies).toBeGreaterThan(0);
      expect(frames.some((f) => 'event' in f && f.event === 'job.progress')).toBe(true);

      const unknown = await reply(3, 'no.such.channel', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      connection.close();
    } finally {
      await client.stop();
    }
  });
});
