import type { ApiClient } from '../../../shared/api';
import { connectFromPage } from '../../../shared/client';

declare global {
  interface Window {
    /** Electron's preload exposes the typed client here; a browser page has none. */
    movieAssistant?: ApiClient;
  }
}

/** Electron's bridged client when present, else a WebSocket client to the local host. */
export function connect(): ApiClient {
  if (window.movieAssistant) return window.movieAssistant;
  return connectFromPage(document);
}

export function runningInElectron(): boolean {
  return Boolean(window.movieAssistant);
}
