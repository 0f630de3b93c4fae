import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from './security-policy';
import { fitToDisplays, minimumWindowSize, type WindowStateStore } from './window-state';

export interface MainWindowOptions {
  preload: string;
  icon?: string;
  state: WindowStateStore;
  devTools: boolean;
}

/**
 * The app's one window, locked down (context isolation, sandbox, no Node), placed where it was
 * last time (on a display that still exists), remembering its place as it moves.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const placed = fitToDisplays(
    state.current,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(placed.x !== undefined && placed.y !== undefined ? { x: placed.x, y: placed.y } : {}),
    width: placed.width,
    height: placed.height,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    title: 'Movie Assistant',
    icon: options.icon,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#ffffff',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  if (placed.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let saveTimer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    state.update({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    remember();
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => state.save(), 1_000);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', () => {
    remember();
    if (saveTimer) clearTimeout(saveTimer);
    state.save();
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}
