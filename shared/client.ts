import {
  ApiError,
  ApiErrorShape,
  channels,
  events,
  type ApiClient,
  type Channel,
  type EventName,
  type EventPayload,
  type Request,
  type Response,
} from './api';
import { SOCKET_PATH, TOKEN_META_NAME, type ClientFrame, type ServerFrame } from './frames';

/** The least a transport must offer: send a frame, hear frames back. */
export interface Transport {
  send(frame: ClientFrame): void;
  onFrame(listener: (frame: ServerFrame) => void): void;
  /** Called by the transport when its connection closes: pending calls fail. */
  onClose?(listener: (reason: string) => void): void;
}

export interface ClientOptions {
  /** Check responses and event payloads against the schemas (default true). */
  validate?: boolean;
}

/** A typed API client over any transport; rejects with ApiError on an error reply. */
export function createClient(transport: Transport, options: ClientOptions = {}): ApiClient {
  const validate = options.validate ?? true;
  let nextId = 1;
  const pending = new Map<
    number,
    { channel: Channel; resolve: (value: unknown) => void; reject: (error: ApiError) => void }
  >();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.onFrame((frame) => {
    if ('event' in frame) {
      const set = listeners.get(frame.event);
      if (!set?.size) return;
      const schema = events[frame.event as EventName];
      let payload = frame.payload;
      if (validate && schema) {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) return;
        payload = parsed.data;
      }
      for (const listener of [...set]) listener(payload);
      return;
    }
    if (typeof frame.id !== 'number') return;
    const call = pending.get(frame.id);
    if (!call) return;
    pending.delete(frame.id);
    if (!frame.ok) {
      const error = ApiErrorShape.safeParse(frame.error);
      call.reject(
        error.success
          ? new ApiError(error.data.code, error.data.message)
          : new ApiError('failed', 'The service answered with an unreadable error'),
      );
      return;
    }
    if (!validate) return call.resolve(frame.response);
    const parsed = channels[call.channel].response.safeParse(frame.response);
    if (parsed.success) call.resolve(parsed.data);
    else call.reject(new ApiError('failed', `Malformed response to ${call.channel}`));
  });

  transport.onClose?.((reason) => {
    for (const call of pending.values()) call.reject(new ApiError('failed', reason));
    pending.clear();
  });

  return {
    call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      const id = nextId++;
      return new Promise<Response<C>>((resolve, reject) => {
        pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject });
        try {
          transport.send({ id, channel, request });
        } catch (error) {
          pending.delete(id);
          reject(
            new ApiError(
              'failed',
              `Could not reach the service: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

/** The subset of the WebSocket API the transport uses (the browser's, or the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string }) => void,
  ): void;
}

const CONNECTING = 0;
const OPEN = 1;

/**
 * A transport over a WebSocket to the local host. Frames sent before the socket opens are queued.
 * Pass a socket opened on `${wsUrl}?token=…` (see `socketUrlFromPage` in a browser).
 */
export function webSocketTransport(socket: WebSocketLike): Transport & { close(): void } {
  const queue: string[] = [];
  const frameListeners: Array<(frame: ServerFrame) => void> = [];
  const closeListeners: Array<(reason: string) => void> = [];
  socket.addEventListener('open', () => {
    for (const data of queue.splice(0)) socket.send(data);
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(event.data) as ServerFrame;
    } catch {
      return;
    }
    for (const listener of frameListeners) listener(frame);
  });
  socket.addEventListener('close', (event) => {
    const reason = event.reason || `The connection to the service closed (code ${event.code})`;
    for (const listener of closeListeners) listener(reason);
  });
  return {
    send(frame) {
      const data = JSON.stringify(frame);
      if (socket.readyState === OPEN) socket.send(data);
      else if (socket.readyState === CONNECTING) queue.push(data);
      else throw new Error('the connection to the service is closed; reload the page');
    },
    onFrame: (listener) => void frameListeners.push(listener),
    onClose: (listener) => void closeListeners.push(listener),
    close: () => socket.close(),
  };
}

/** In a page served by the local host: the WebSocket URL with the token the host injected. */
export function socketUrlFromPage(doc: Document = document): string {
  const token = doc.querySelector(`meta[name="${TOKEN_META_NAME}"]`)?.getAttribute('content');
  if (!token)
    throw new Error('This page was not served by the Movie Assistant host (no access token).');
  const { protocol, host } = doc.location;
  const scheme = protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${host}${SOCKET_PATH}?token=${encodeURIComponent(token)}`;
}

/** In a browser page served by the local host: a connected client. */
export function connectFromPage(doc: Document = document): ApiClient & { close(): void } {
  const transport = webSocketTransport(new WebSocket(socketUrlFromPage(doc)));
  return { ...createClient(transport), close: transport.close };
}

export type { ClientFrame, ServerFrame } from './frames';
