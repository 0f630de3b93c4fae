import path from 'node:path';
import { contentSecurityPolicyWith } from '../util/content-security-policy';
import { mimeTypeFor } from '../util/mime-types';

/**
 * The rules the Electron shell enforces, kept free of Electron imports so tests can check them.
 *
 * The renderer is served from a privileged custom scheme (app://movie-assistant/) rather than
 * file://: Electron's security checklist advises it, file:// responses carry no headers (so no
 * Content-Security-Policy header could reach them), and 'self' then means the app and nothing
 * else on the disk.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'movie-assistant';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const contentSecurityPolicy = contentSecurityPolicyWith();

/** True for a URL of the app's own pages (and only those). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The sites a link may open in the person's browser (each also as www.), over https only. */
export const EXTERNAL_SITES = ['imdb.com', 'themoviedb.org', 'movielens.org', 'letterboxd.com'];

/**
 * True for a URL the shell may hand to the person's browser: https, no credentials, the default
 * port, on one of EXTERNAL_SITES or its www. subdomain. Anything else is not opened at all.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return EXTERNAL_SITES.some((site) => host === site || host === `www.${site}`);
}

/**
 * The file under `rendererDir` that an app:// URL names, or null when the URL is not the app's
 * or would step outside the folder. `/` is the index page.
 */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/** Headers on every response of the app scheme. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeFor(file),
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}
