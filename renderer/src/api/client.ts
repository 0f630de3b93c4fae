import type {
  ApiClient,
  Channel,
  EventName,
  EventPayload,
  Request,
  Response,
} from '../../../shared/api';

/**
 * The renderer's one way to reach the service. The app sets it once at start-up (Electron's preload
 * client or a WebSocket client to the local host); tests set a fake.
 */
let current: ApiClient | null = null;

export function setApiClient(client: ApiClient | null): void {
  current = client;
}

export function apiClient(): ApiClient {
  if (!current) throw new Error('Not connected to the Movie Assistant service yet.');
  return current;
}

const failureListeners = new Set<(error: unknown) => void>();

/** Hears every call that fails (the app shows a damaged catalogue whichever screen met it). */
export function onCallFailure(listener: (error: unknown) => void): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

export function call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
  return apiClient()
    .call(channel, request)
    .catch((error: unknown) => {
      for (const listener of failureListeners) listener(error);
      throw error;
    });
}

export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return apiClient().on(event, listener);
}
