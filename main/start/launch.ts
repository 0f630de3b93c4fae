import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasImportedRelease } from '../../shared/catalogue-source';
import { CliContext } from '../cli/context';
import { serveInBrowser } from '../cli/commands/start';
import { findElectronSqliteBinding } from '../electron/native-binding';
import { repoRoot } from '../util/repo-root.mjs';
import { obtainElectronBinary } from './electron-binary';

export interface StartOptions {
  dbFile: string;
  /** A MovieLens release (folder or zip) to import on first run, when the catalogue is empty. */
  dataset?: string;
  /** The local host's port in the browser fallback (default: a free one). */
  port?: number;
  backend?: string;
}

export const ELECTRON_UNAVAILABLE =
  'Electron is not available on this machine (its binary is downloaded on first launch); ' +
  'serving Movie Assistant in your browser instead.';

/** Set to 1 to skip Electron and serve the app in the browser even where Electron runs. */
export const BROWSER_ONLY_ENV = 'MOVIE_ASSISTANT_BROWSER';

const rendererIndex = path.join(repoRoot, 'dist', 'renderer', 'index.html');

/**
 * `npm start` (movie-assistant start): builds what is missing, imports `dataset` on first run,
 * then opens the Electron app, or, where Electron's binary cannot be had (as offline), says so in
 * one line and serves the same app on 127.0.0.1, printing its address. Resolves to the exit code.
 */
export async function startApp(options: StartOptions): Promise<number> {
  const cli = new CliContext({ starterCatalogue: true });
  cli.values = { db: options.dbFile, backend: options.backend };
  try {
    const electron =
      process.env[BROWSER_ONLY_ENV] === '1'
        ? null
        : await obtainElectronBinary({
            onSlow: () => cli.note('Downloading Electron (first launch)…'),
          });
    if (!electron && process.env[BROWSER_ONLY_ENV] !== '1') cli.note(ELECTRON_UNAVAILABLE);
    await ensureRendererBuilt(cli);
    if (options.dataset) await importOnFirstRun(cli, options.dataset);
    if (!electron) {
      await serveInBrowser(cli, { ...options, dataset: undefined });
      return 0;
    }

    await buildMainBundles();
    if (!findElectronSqliteBinding(repoRoot) && !buildElectronSqlite(cli)) {
      cli.note(
        'Electron is here, but better-sqlite3 has no Electron build yet (`npm run build:native` needs ' +
          'internet once); serving Movie Assistant in your browser instead.',
      );
      await serveInBrowser(cli, { ...options, dataset: undefined });
      return 0;
    }
    // The app's own service process opens the catalogue: let go of it first.
    await cli.close();
    return await runElectron(electron, options);
  } finally {
    await cli.close();
  }
}

/**
 * Rebuilds dist/main (about a second). Loaded by path, not imported: esbuild is a development
 * tool, and the packaged CLI bundle (which contains this file) must load without it.
 */
async function buildMainBundles(): Promise<void> {
  const script = pathToFileURL(path.join(repoRoot, 'main', 'build', 'build-main.mjs')).href;
  const { buildMain } = (await import(script)) as typeof import('../build/build-main.mjs');
  await buildMain({ quiet: true });
}

async function ensureRendererBuilt(cli: CliContext): Promise<void> {
  if (existsSync(rendererIndex)) return;
  cli.note('Building the app’s pages (first run)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

/** Imports the release when the catalogue has no movies yet, with progress on the terminal. */
export async function importOnFirstRun(cli: CliContext, dataset: string): Promise<void> {
  const info = await cli.call('app.info', {});
  if (hasImportedRelease(info.catalogue.releases)) {
    cli.note(
      `The catalogue already has ${info.catalogue.movies.toLocaleString('en-US')} movies: not importing ${dataset}.`,
    );
    return;
  }
  cli.note(`Importing ${dataset} (first run)…`);
  const summary = await cli.job('catalogue.import', { source: path.resolve(dataset) });
  cli.note(
    `Imported ${summary.movies.toLocaleString('en-US')} movies and ${summary.ratings.toLocaleString('en-US')} ratings.`,
  );
}

function buildElectronSqlite(cli: CliContext): boolean {
  cli.note('Building better-sqlite3 for Electron (first launch)…');
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'main', 'build', 'build-native.mjs')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return result.status === 0 && findElectronSqliteBinding(repoRoot) !== null;
}

function runElectron(electron: string, options: StartOptions): Promise<number> {
  const args = [repoRoot, '--db', path.resolve(options.dbFile)];
  if (options.backend) args.push('--backend', options.backend);
  // Chromium refuses to run as root with its sandbox (containers): only then is it turned off.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, args, { stdio: 'inherit', env });
  const forward = () => child.kill('SIGTERM');
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
