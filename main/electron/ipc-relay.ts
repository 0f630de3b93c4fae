import { ipcMain, type BrowserWindow, type IpcMainEvent } from 'electron';
import type { ServiceClient, ServiceConnection } from './service-client';
import { API_IPC_CHANNEL } from './ipc-channel';
import { isAppUrl } from './security-policy';

/**
 * True only for a message from the window's own top-level page, loaded from the app itself:
 * not from another window, an iframe, or a page that somehow navigated elsewhere.
 */
export function isFromAppFrame(event: IpcMainEvent, window: BrowserWindow): boolean {
  if (window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  const main = window.webContents.mainFrame;
  if (!frame || frame.processId !== main.processId || frame.routingId !== main.routingId)
    return false;
  return isAppUrl(frame.url);
}

/**
 * Moves API frames between one window and the service process, untouched. The window is one
 * connection (one session: its unlocked profiles); a reload or navigation starts a fresh one.
 */
export function relayWindow(window: BrowserWindow, service: ServiceClient): () => void {
  const contents = window.webContents;
  const open = (): ServiceConnection =>
    service.connect((frame) => {
      if (!contents.isDestroyed()) contents.send(API_IPC_CHANNEL, frame);
    });
  let connection = open();

  const onFrame = (event: IpcMainEvent, frame: unknown) => {
    if (!isFromAppFrame(event, window)) return;
    connection.send(frame);
  };
  ipcMain.on(API_IPC_CHANNEL, onFrame);

  const onNavigation = (
    details: Electron.Event<Electron.WebContentsDidStartNavigationEventParams>,
  ) => {
    if (!details.isMainFrame || details.isSameDocument) return;
    connection.close();
    connection = open();
  };
  contents.on('did-start-navigation', onNavigation);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    ipcMain.off(API_IPC_CHANNEL, onFrame);
    if (!contents.isDestroyed()) contents.off('did-start-navigation', onNavigation);
    connection.close();
  };
  window.once('closed', stop);
  return stop;
}
