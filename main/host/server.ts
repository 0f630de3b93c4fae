import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { SOCKET_PATH, UPLOAD_PATH } from '../../shared/frames';
import type { ApiErrorShape } from '../../shared/api';
import type { SessionOptions } from '../api/session';
import type { Service } from '../service/create-service';
import { repoRoot } from '../util/repo-root.mjs';
import { stubImportPath } from '../util/test-hooks';
import { createFrameConnection } from './frame-connection';
import { newToken, refuseForeign, sameToken, tokenOf } from './guard';
import { contentSecurityPolicy, setCommonHeaders } from './security-headers';
import { injectToken, notBuiltPage, readIndexHtml, serveStatic } from './static-files';
import { receiveUpload, UploadTooLargeError } from './upload';
import { startDevRenderer, type DevRenderer } from './dev-renderer';

export interface HostOptions {
  service: Service;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (default: dist/renderer). */
  rendererDir?: string;
  /** Serve the renderer's sources through Vite with hot reload instead of the build. */
  dev?: boolean;
  /** A fixed token (tests); default: a fresh random one per run. */
  token?: string;
  /** The largest upload accepted (default MAX_UPLOAD_BYTES, 2 GiB); larger ones get 413. */
  maxUploadBytes?: number;
  /**
   * The one path a page may name as an import source (default: the test hook
   * MOVIE_ASSISTANT_STUB_IMPORT_PATH, for the end-to-end journey); any other path is refused, as
   * a web session may only use uploads.
   */
  testImportPath?: string;
}

export interface Host {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';
const MAX_API_BODY = 1_000_000;
const AUTH_TIMEOUT_MS = 10_000;

/**
 * The local host: the same handler table over HTTP and WebSocket, on 127.0.0.1 only, for the
 * browser build and the end-to-end tests. Every call needs the run's token; Host and Origin
 * must be this server. Serves the renderer with the token injected into its page.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { service } = options;
  const token = options.token ?? newToken();
  const rendererDir = path.resolve(options.rendererDir ?? path.join(repoRoot, 'dist', 'renderer'));
  const dev = options.dev ?? false;
  // A page is a web session: it may name uploads, never this computer's files.
  const testImportPath = options.testImportPath ?? stubImportPath();
  const webSession: SessionOptions = {
    trust: 'web',
    allowedSources: testImportPath ? [testImportPath] : [],
  };
  let port = 0;
  let devRenderer: DevRenderer | null = null;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: failed(error) });
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const refused = refuseForeign(req, port);
    if (refused) return sendText(res, 403, refused);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const authorised = sameToken(tokenOf(req, url), token);

    if (url.pathname.startsWith(API_PREFIX) || url.pathname === UPLOAD_PATH) {
      if (!authorised)
        return sendJson(res, 401, { ok: false, error: forbidden('Missing or wrong token') });
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
      if (url.pathname === UPLOAD_PATH) {
        const name = url.searchParams.get('name') ?? 'upload';
        try {
          return sendJson(res, 200, {
            ok: true,
            response: await receiveUpload(req, service.uploads, name, options.maxUploadBytes),
          });
        } catch (error) {
          if (!(error instanceof UploadTooLargeError)) throw error;
          res.setHeader('Connection', 'close');
          return sendJson(res, 413, {
            ok: false,
            error: { code: 'bad-request', message: error.message },
          });
        }
      }
      return handleApiCall(url.pathname.slice(API_PREFIX.length), req, res);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'Method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!authorised) {
        return sendText(
          res,
          403,
          'Open the address movie-assistant printed: it carries the access token.',
        );
      }
      const html = devRenderer
        ? await devRenderer.indexHtml(url.pathname)
        : ((await readIndexHtml(rendererDir)) ?? notBuiltPage);
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(port, dev));
      res.setHeader('Cache-Control', 'no-store');
      return sendBody(res, 200, 'text/html; charset=utf-8', injectToken(html, token));
    }
    if (devRenderer) return devRenderer.handle(req, res);
    if (await serveStatic(rendererDir, url.pathname, res)) return;
    sendText(res, 404, 'Not found');
  }

  async function handleApiCall(channel: string, req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req, MAX_API_BODY);
    let request: unknown;
    try {
      request = body.length ? JSON.parse(body) : {};
    } catch {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'bad-request', message: 'The body is not JSON' },
      });
    }
    // A plain HTTP call has no connection to remember unlocked profiles: it gets a fresh session.
    const result = await service.dispatch(channel, request, service.newSession(webSession));
    sendJson(res, result.ok ? 200 : statusOf(result.error.code), result);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_API_BODY });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== SOCKET_PATH) {
      if (!devRenderer) socket.destroy();
      return; // Vite's hot-reload socket has its own path and listener.
    }
    const refused = refuseForeign(req, port);
    const given = tokenOf(req, url);
    if (refused || (given !== null && !sameToken(given, token))) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n${refused ?? 'Wrong token'}`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, given !== null));
  });

  function serveSocket(ws: WebSocket, authorised: boolean): void {
    // Events and calls start only once the socket has shown the token.
    const connect = () =>
      createFrameConnection(
        service,
        (frame) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
        },
        webSession,
      );
    let connection = authorised ? connect() : null;
    const authTimer = connection
      ? null
      : setTimeout(() => ws.close(4401, 'No token sent'), AUTH_TIMEOUT_MS);
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        frame = null;
      }
      if (connection) return connection.receive(frame);
      const given = (frame as { auth?: unknown } | null)?.auth;
      if (typeof given !== 'string' || !sameToken(given, token))
        return ws.close(4403, 'Wrong token');
      if (authTimer) clearTimeout(authTimer);
      connection = connect();
    });
    // A protocol error (e.g. an oversized frame) ends this connection only, never the host.
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (authTimer) clearTimeout(authTimer);
      connection?.close();
    });
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on 127.0.0.1 is already in use by another program: choose another port, or leave it out for a free one.`,
            )
          : error,
      );
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  if (dev) devRenderer = await startDevRenderer(server);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await devRenderer?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusOf(code: ApiErrorShape['code']): number {
  const statuses: Record<ApiErrorShape['code'], number> = {
    'bad-request': 400,
    forbidden: 403,
    'not-found': 404,
    conflict: 409,
    locked: 423,
    cancelled: 409,
    failed: 500,
    damaged: 500,
  };
  return statuses[code];
}

function forbidden(message: string): ApiErrorShape {
  return { code: 'forbidden', message };
}

function failed(error: unknown): ApiErrorShape {
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`Request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendBody(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  sendBody(res, status, 'text/plain; charset=utf-8', text);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendBody(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
