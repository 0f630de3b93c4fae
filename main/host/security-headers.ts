import type { ServerResponse } from 'node:http';
import { contentSecurityPolicyWith } from '../util/content-security-policy';

/** The renderer's policy for this server: its own address (http and websocket), WebAssembly. */
export function contentSecurityPolicy(port: number, dev: boolean): string {
  const self = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const sockets = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  return contentSecurityPolicyWith({
    // Vite's development client injects an inline preamble; the built app has none.
    script: ["'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])],
    img: ['blob:'],
    connect: [...self, ...sockets],
  });
}

export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
