import type { ApiErrorShape } from './api';

/**
 * The frames that carry the API over a message transport (WebSocket, Electron IPC, a worker port).
 * A call is answered by exactly one reply with the same id; events are pushed without an id.
 */
export interface CallFrame {
  id: number | string;
  channel: string;
  request: unknown;
}
/** Sent first on a WebSocket opened without `?token=`. */
export interface AuthFrame {
  auth: string;
}
export type ReplyFrame =
  | { id: number | string | null; ok: true; response: unknown }
  | { id: number | string | null; ok: false; error: ApiErrorShape };
export interface EventFrame {
  event: string;
  payload: unknown;
}
export type ClientFrame = CallFrame | AuthFrame;
export type ServerFrame = ReplyFrame | EventFrame;

/** The name of the meta tag through which the local host hands the page its access token. */
export const TOKEN_META_NAME = 'movie-assistant-token';
/** The HTTP header that carries the token on plain HTTP calls and uploads. */
export const TOKEN_HEADER = 'x-movie-assistant-token';
/** The WebSocket path of the local host. */
export const SOCKET_PATH = '/ws';
/** The upload path of the local host: POST the file's bytes, `?name=` its file name. */
export const UPLOAD_PATH = '/upload';
