import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../../shared/frames';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Host and Origin checks against DNS rebinding and other sites: the Host header must name this
 * server on 127.0.0.1 or localhost, and a browser's Origin (when sent) must be this server.
 * Returns why the request is refused, or null.
 */
export function refuseForeign(req: IncomingMessage, port: number): string | null {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.includes(host)) return `Host ${host ?? '(none)'} is not allowed`;
  const origin = req.headers.origin?.toLowerCase();
  if (origin !== undefined && !allowed.some((h) => origin === `http://${h}`)) {
    return `Origin ${origin} is not allowed`;
  }
  return null;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: the header, a Bearer authorization, or `?token=`. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return url.searchParams.get('token');
}
