import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { repoRoot } from '../util/repo-root.mjs';

export interface DevRenderer {
  indexHtml(url: string): Promise<string>;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

export const HMR_PATH = '/__vite_hmr';

/** `serve --dev`: the renderer's sources through Vite's middleware, hot reload on our server. */
export async function startDevRenderer(server: Server): Promise<DevRenderer> {
  const { createServer } = await import('vite');
  const rendererRoot = path.join(repoRoot, 'renderer');
  const vite = await createServer({
    configFile: path.join(rendererRoot, 'vite.config.ts'),
    appType: 'custom',
    server: { middlewareMode: true, hmr: { server, path: HMR_PATH } },
  });
  return {
    async indexHtml(url) {
      const html = await readFile(path.join(rendererRoot, 'index.html'), 'utf8');
      return vite.transformIndexHtml(url, html);
    },
    handle(req, res) {
      vite.middlewares(req, res, () => {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Not found');
      });
    },
    close: () => vite.close(),
  };
}
