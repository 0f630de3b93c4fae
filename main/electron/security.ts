import { app, net, protocol, shell, type Session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import {
  APP_SCHEME,
  appResponseHeaders,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  rendererFileFor,
} from './security-policy';

/** Must run before the app is ready: makes app:// a standard, secure origin with fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the built renderer (dist/renderer) on app://movie-assistant/ with the CSP on every response. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const fileResponse = await net.fetch(pathToFileURL(file).href);
      if (!fileResponse.ok) return new Response('Not found', { status: 404 });
      return new Response(fileResponse.body, { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  // Belt and braces: whatever else this session loads gets the same policy.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  // The app needs no camera, notifications, geolocation...: refuse all but writing to the
  // clipboard (copying a list), and that only for the app's own pages.
  const allowed = (permission: string, url: string) =>
    permission === 'clipboard-sanitized-write' && isAppUrl(url);
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl ?? contents.getURL())),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
}

/**
 * Applies to every web contents the app ever creates: no navigation away from the app, no new
 * windows, no <webview>. A link to one of the allowed movie sites (security-policy.ts) opens in
 * the person's browser; any other address is not opened at all.
 */
export function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
  });
}

function openExternally(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}
