import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildMain } from '../../main/build/build-main.mjs';
import { repoRoot } from '../helpers/repo-paths';

// electron-builder with electron-builder.yml, for real, except for Electron itself: packaging
// downloads Electron's dist, which an offline machine cannot, so a stand-in dist (a folder with
// a fake `electron`) is passed as electronDist and the `dir` target is built. This checks the
// configuration and the layout of the app (what is in the asar, what is unpacked), not that the
// packaged app runs. About half a minute.

const require = createRequire(import.meta.url);
let work: string;
let resources: string;
let asarFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'movie-assistant-package-'));
  const fakeElectron = path.join(work, 'electron-dist');
  mkdirSync(fakeElectron);
  writeFileSync(path.join(fakeElectron, 'electron'), '#!/bin/sh\necho stand-in\n');
  chmodSync(path.join(fakeElectron, 'electron'), 0o755);
  writeFileSync(path.join(fakeElectron, 'version'), '45.4.1');

  // The real configuration, less electronFuses: flipping fuses needs Electron's own binary (its
  // sentinel), which the stand-in is not. test/unit/electron-shell.test.ts checks the fuses.
  const builderRequire = createRequire(require.resolve('electron-builder'));
  const yaml = builderRequire('js-yaml') as { load(text: string): Record<string, unknown> };
  const { electronFuses: _fuses, ...config } = yaml.load(
    readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8'),
  );
  const configFile = path.join(work, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify(config));

  await buildMain({ quiet: true });
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_/i.test(key)) delete env[key];
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--config',
      configFile,
      '--linux',
      'dir',
      '--x64',
      `-c.electronDist=${fakeElectron}`,
      '-c.electronVersion=45.4.1',
      `-c.directories.output=${path.join(work, 'out')}`,
    ],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 240_000 },
  );
  if (result.status !== 0)
    throw new Error(`electron-builder failed:\n${result.stdout}\n${result.stderr}`);
  resources = path.join(work, 'out', 'linux-unpacked', 'resources');
  const asar = require('@electron/asar') as { listPackage(file: string): string[] };
  asarFiles = asar.listPackage(path.join(resources, 'app.asar')).map((f) => f.replace(/\\/g, '/'));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder packaging (stand-in Electron)', () => {
  it('puts the Electron entry, preload, service and package.json in the asar, without source maps', () => {
    for (const file of [
      '/package.json',
      '/dist/main/app.cjs',
      '/dist/main/preload.cjs',
      '/dist/main/service-process.js',
    ]) {
      expect(asarFiles, file).toContain(file);
    }
    expect(asarFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(
      asarFiles.some(
        (f) => f.startsWith('/main/') || f.startsWith('/test/') || f.startsWith('/renderer/'),
      ),
    ).toBe(false);
    if (existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
      expect(asarFiles).toContain('/dist/renderer/index.html');
    }
  });

  it('unpacks what cannot run from inside an asar: worker bundles, native modules, wasm', () => {
    const unpacked = path.join(resources, 'app.asar.unpacked');
    for (const file of [
      'dist/main/worker-import.js',
      'dist/main/worker-train.js',
      'dist/main/package.json',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/package.json',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
      'node_modules/webgpu/dist/linux-x64/dawn.node',
    ]) {
      expect(existsSync(path.join(unpacked, file)), file).toBe(true);
    }
    // Only this system's Dawn binaries ship.
    for (const other of ['darwin-universal', 'win32-x64', 'win32-arm64'])
      expect(existsSync(path.join(unpacked, 'node_modules/webgpu/dist', other)), other).toBe(false);
    expect(JSON.parse(readFileSync(path.join(unpacked, 'dist/main/package.json'), 'utf8'))).toEqual(
      { type: 'module' },
    );
  });

  it('ships no development tools', () => {
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules');
    for (const tool of [
      'electron',
      'esbuild',
      'vite',
      'tsx',
      'vitest',
      'playwright-core',
      'typescript',
    ]) {
      expect(existsSync(path.join(unpacked, tool)), tool).toBe(false);
      expect(
        asarFiles.some((f) => f.startsWith(`/node_modules/${tool}/`)),
        tool,
      ).toBe(false);
    }
  });
});
