import { existsSync } from 'node:fs';
import path from 'node:path';
import { hasImportedRelease } from '../../../shared/catalogue-source';
import { startHost } from '../../host/server';
import { repoRoot } from '../../util/repo-root.mjs';
import { portNumber } from '../args';
import type { CliContext } from '../context';
import { count } from '../format';
import { announce, untilStopped } from './serve';

export interface StartOptions {
  dbFile: string;
  dataset?: string;
  port?: number;
  backend?: string;
}

const rendererIndex = path.join(repoRoot, 'dist', 'renderer', 'index.html');

/**
 * start [--dataset PATH] [--port N]: the app. The Electron shell's launcher (main/start/launch.ts)
 * decides between Electron and the browser fallback below.
 */
export async function startCommand(cli: CliContext, argv: string[]): Promise<number | void> {
  const { values } = cli.parse(argv, { dataset: { type: 'string' }, port: { type: 'string' } });
  const { startApp } = await import('../../start/launch');
  return startApp({
    dbFile: cli.dbFile,
    dataset: values.dataset === undefined ? undefined : path.resolve(values.dataset),
    port: portNumber(values.port, '--port'),
    backend: cli.values.backend,
  });
}

/** The browser way to run the app: first-run import, the built pages, the local host. */
export async function serveInBrowser(cli: CliContext, options: StartOptions): Promise<void> {
  if (options.dataset) {
    const info = await cli.call('app.info', {});
    if (!hasImportedRelease(info.catalogue.releases)) {
      cli.note(`Importing ${options.dataset} (first run)…`);
      const summary = await cli.job('catalogue.import', { source: options.dataset });
      cli.note(`Imported ${count(summary.movies)} movies and ${count(summary.ratings)} ratings.`);
    }
  }
  if (!existsSync(rendererIndex)) {
    cli.note('Building the app’s pages (first run)…');
    const { build } = await import('vite');
    await build({
      configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'),
      logLevel: 'warn',
    });
  }
  const { service } = await cli.open();
  const host = await startHost({ service, port: options.port });
  announce(cli, host);
  await untilStopped(host);
}
