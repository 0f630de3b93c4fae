import type { ServerResponse } from 'node:http';

/** A strict Content-Security-Policy for the renderer: only this server, no inline scripts. */
export function contentSecurityPolicy(port: number, dev: boolean): string {
  const self = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const sockets = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  return [
    "default-src 'self'",
    // Vite's development client injects an inline preamble; the built app has none.
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    // Chart libraries set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...self, ...sockets].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
