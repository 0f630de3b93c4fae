import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { TOKEN_META_NAME } from '../../shared/frames';
import { mimeTypeFor } from '../util/mime-types';

/** The page with the run's token in a meta tag, where the renderer's client finds it. */
export function injectToken(html: string, token: string): string {
  const meta = `<meta name="${TOKEN_META_NAME}" content="${token}" />`;
  return html.includes('</head>') ? html.replace('</head>', `    ${meta}\n  </head>`) : meta + html;
}

export async function readIndexHtml(rendererDir: string): Promise<string | null> {
  try {
    return await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
}

export const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8" />
<title>Movie Assistant</title></head><body><h1>Movie Assistant</h1>
<p>The app's pages are not built yet. Run <code>npm run build:renderer</code>, or
<code>movie-assistant serve --dev</code>, then reload.</p></body></html>`;

/** Serves one file under rootDir; false when there is no such file (or it escapes rootDir). */
export async function serveStatic(
  rootDir: string,
  urlPath: string,
  res: ServerResponse,
): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const file = path.resolve(rootDir, '.' + path.posix.normalize('/' + relative));
  if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': mimeTypeFor(file),
    'Content-Length': info.size,
    'Cache-Control': urlPath.includes('/assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  createReadStream(file).pipe(res);
  return true;
}
