import type { MenuItemConstructorOptions } from 'electron';

export type ThemeSource = 'system' | 'light' | 'dark';

export type ImportKind = 'zip' | 'folder';

export interface MenuActions {
  importRelease(kind: ImportKind): void;
  setTheme(theme: ThemeSource): void;
  about(): void;
}

export interface MenuOptions {
  /** Reload and developer tools appear only when not packaged. */
  developer: boolean;
  platform: NodeJS.Platform;
  theme: ThemeSource;
}

/**
 * The native menu: File (import, quit), Edit (so copy/paste shortcuts work in inputs), View
 * (theme; reload and devtools in development), Help (about). A template, so tests can read it
 * without Electron.
 */
export function menuTemplate(
  actions: MenuActions,
  options: MenuOptions,
): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const themeItem = (theme: ThemeSource, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: options.theme === theme,
    click: () => actions.setTheme(theme),
  });
  const about: MenuItemConstructorOptions = {
    label: 'About Movie Assistant',
    click: () => actions.about(),
  };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{ label: 'Movie Assistant', submenu: [about, separator, { role: 'quit' }] }]
    : [];
  const developerItems: MenuItemConstructorOptions[] = options.developer
    ? [{ role: 'reload' }, { role: 'toggleDevTools' }, separator]
    : [];
  return [
    ...appMenu,
    {
      label: '&File',
      submenu: [
        {
          label: 'Import MovieLens Zip…',
          accelerator: 'CmdOrCtrl+O',
          click: () => actions.importRelease('zip'),
        },
        {
          label: 'Import MovieLens Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => actions.importRelease('folder'),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...developerItems,
        {
          label: 'Theme',
          submenu: [
            themeItem('system', 'Follow System'),
            themeItem('light', 'Light'),
            themeItem('dark', 'Dark'),
          ],
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Help', role: 'help', submenu: [about] },
  ];
}
