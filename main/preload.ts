import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiClient } from '../shared/api';
import { createClient, type Transport } from '../shared/client';
import type { ServerFrame } from '../shared/frames';
import { API_IPC_CHANNEL } from './electron/ipc-channel';

/**
 * The sandboxed preload: the typed API client over IPC as `window.movieAssistant`. No
 * ipcRenderer, no Node. Bundled to CommonJS by main/build/build-main.mjs: a sandboxed preload can
 * neither be an ES module nor require anything but 'electron'.
 */
const transport: Transport = {
  send: (frame) => ipcRenderer.send(API_IPC_CHANNEL, frame),
  onFrame: (listener) => {
    ipcRenderer.on(API_IPC_CHANNEL, (_event: IpcRendererEvent, frame: ServerFrame) =>
      listener(frame),
    );
  },
};

const client = createClient(transport);

/**
 * contextBridge copies an Error's message but drops its other properties, so a rejection
 * crosses as a plain object that keeps the `code` the renderer reacts to (e.g. 'locked').
 */
function plainError(error: unknown): { name: string; code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: 'ApiError',
    code: typeof code === 'string' ? code : 'failed',
    message: error instanceof Error ? error.message : String(error),
  };
}

// Plain functions: contextBridge copies an object's own properties, not a class's prototype.
const api: ApiClient = {
  call: (channel, request) =>
    client.call(channel, request).catch((error: unknown) => Promise.reject(plainError(error))),
  on: (event, listener) => client.on(event, listener),
};

contextBridge.exposeInMainWorld('movieAssistant', api);

/**
 * The one exception to "the API client and nothing else": Electron hides a dropped File's path,
 * and the import screen's drop zone needs it. It only names files the person dropped on the page.
 */
contextBridge.exposeInMainWorld('movieAssistantFiles', {
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
