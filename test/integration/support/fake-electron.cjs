/* global require, module, setImmediate, Response */
/* eslint-disable @typescript-eslint/no-require-imports */
// A stand-in for the `electron` module, enough to run dist/main/app.cjs in plain Node where
// Electron's binary cannot be had: it records what the shell does (windows, menu, protocol
// handler, dialogs, IPC sends) and forks the service process as a Node child instead of a
// utilityProcess. It checks the shell's wiring, not Electron's behaviour.
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const { readFile } = require('node:fs/promises');
const { fileURLToPath } = require('node:url');

const recorded = {
  paths: {},
  privilegedSchemes: [],
  protocolHandlers: {},
  headerHooks: [],
  permissionRequest: null,
  permissionCheck: null,
  menu: null,
  dialogs: [],
  external: [],
  windows: [],
  exitCode: null,
  quitCalls: 0,
};

const app = new EventEmitter();
let resolveReady;
const ready = new Promise((resolve) => (resolveReady = resolve));
Object.assign(app, {
  isPackaged: false,
  getAppPath: () => process.env.FAKE_ELECTRON_APP_PATH,
  getVersion: () => '0.0.0-test',
  getPath: (name) => recorded.paths[name],
  setPath: (name, value) => (recorded.paths[name] = value),
  setName: (name) => (recorded.name = name),
  requestSingleInstanceLock: () => true,
  whenReady: () => ready,
  quit: () => {
    recorded.quitCalls += 1;
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    app.emit('before-quit', event);
    if (!event.defaultPrevented) app.emit('quit');
  },
  exit: (code) => {
    recorded.exitCode = code;
    app.emit('quit');
  },
});
setImmediate(() => {
  app.emit('ready');
  resolveReady();
});

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.sent = [];
    this.mainFrame = { processId: 1, routingId: 1, url: '' };
    this.destroyed = false;
    this.windowOpenHandler = null;
    this.reloads = 0;
  }
  send(channel, payload) {
    this.sent.push({ channel, payload });
    this.emit('test:sent', channel, payload);
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.mainFrame.url;
  }
  reload() {
    this.reloads += 1;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width,
      height: options.height,
    };
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() {
    return recorded.windows.filter((w) => !w.destroyed);
  }
  async loadURL(url) {
    this.webContents.emit('did-start-navigation', {
      isMainFrame: true,
      isSameDocument: false,
      url,
    });
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds) {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('resize');
  }
  maximize() {}
  restore() {}
  focus() {}
  show() {
    this.shown = true;
  }
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

const utilityProcess = {
  fork(modulePath, args, options) {
    const child = fork(modulePath, args, {
      env: options.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const wrapper = new EventEmitter();
    wrapper.postMessage = (message) => child.send(message);
    wrapper.kill = () => child.kill();
    wrapper.pid = child.pid;
    child.on('message', (message) => wrapper.emit('message', message));
    child.on('exit', (code) => wrapper.emit('exit', code ?? 0));
    recorded.forks = (recorded.forks ?? 0) + 1;
    recorded.utility = {
      modulePath,
      args,
      options: { ...options, env: undefined },
      env: options.env,
      pid: child.pid,
    };
    return wrapper;
  },
};

const session = {
  defaultSession: {
    protocol: { handle: (scheme, handler) => (recorded.protocolHandlers[scheme] = handler) },
    webRequest: { onHeadersReceived: (hook) => recorded.headerHooks.push(hook) },
    setPermissionRequestHandler: (handler) => (recorded.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (recorded.permissionCheck = handler),
  },
};

module.exports = {
  app,
  BrowserWindow,
  ipcMain: new EventEmitter(),
  Menu: {
    buildFromTemplate: (template) => template,
    setApplicationMenu: (menu) => (recorded.menu = menu),
  },
  nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  session,
  protocol: {
    registerSchemesAsPrivileged: (schemes) => recorded.privilegedSchemes.push(...schemes),
  },
  net: {
    fetch: async (url) => new Response(await readFile(fileURLToPath(url)), { status: 200 }),
  },
  shell: { openExternal: async (url) => recorded.external.push(url) },
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showMessageBox: async (...args) => {
      const options = args.length > 1 ? args[1] : args[0];
      recorded.dialogs.push({
        type: options.type,
        title: options.title,
        message: options.message,
        detail: options.detail,
      });
      return { response: 0 };
    },
  },
  utilityProcess,
  __recorded: recorded,
};
