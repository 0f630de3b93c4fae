/* global require, setTimeout, Request */
/* eslint-disable @typescript-eslint/no-require-imports */
// Runs the bundled Electron main process (dist/main/app.cjs) against the stand-in `electron`
// module (fake-electron.cjs, installed next to it as node_modules/electron) and plays a short
// session: renderer calls over IPC (and calls from frames that must be ignored), the app://
// protocol, navigation and window.open, permissions, File → Import with the dialog stubbed,
// the theme menu, then closing the window and quitting. Prints `RESULT <json>`.
const fs = require('node:fs');
const path = require('node:path');
const electron = require('electron');

const recorded = electron.__recorded;
const channel = 'movie-assistant:api';
const results = {};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, condition, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function findItem(items, label) {
  for (const item of items ?? []) {
    if (item.label === label) return item;
    const inner = Array.isArray(item.submenu) ? findItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** The service cannot open the catalogue: one error dialog, exit code 1, no restart. */
async function startFailure() {
  require(process.env.FAKE_ELECTRON_APP_ENTRY);
  await waitFor('the app to exit', () => recorded.exitCode !== null, 30_000);
  await sleep(300);
  results.exitCode = recorded.exitCode;
  results.dialogs = recorded.dialogs;
  results.services = recorded.forks;
}

async function main() {
  if (process.env.FAKE_ELECTRON_SCENARIO === 'start-failure') return startFailure();
  require(process.env.FAKE_ELECTRON_APP_ENTRY);
  const window = await waitFor(
    'the window',
    () => recorded.windows[0]?.webContents.mainFrame.url && recorded.windows[0],
  );
  const contents = window.webContents;
  const replyTo = (id) =>
    contents.sent.find((s) => s.channel === channel && s.payload && s.payload.id === id)?.payload;
  const send = (frame, event = { sender: contents, senderFrame: contents.mainFrame }) =>
    electron.ipcMain.emit(channel, event, frame);

  results.url = contents.mainFrame.url;
  results.privilegedSchemes = recorded.privilegedSchemes;
  const { preload, ...webPreferences } = window.options.webPreferences;
  results.webPreferences = webPreferences;
  results.preload = path.basename(preload);
  results.userData = recorded.paths.userData;

  send({ id: 1, channel: 'app.info', request: {} });
  results.info = await waitFor('app.info', () => replyTo(1));

  // Frames that are not the window's own top-level app page are dropped, unanswered.
  send(
    { id: 2, channel: 'app.info', request: {} },
    { sender: contents, senderFrame: { processId: 1, routingId: 99, url: contents.mainFrame.url } },
  );
  send(
    { id: 3, channel: 'app.info', request: {} },
    { sender: contents, senderFrame: { processId: 1, routingId: 1, url: 'https://evil.example/' } },
  );
  send(
    { id: 4, channel: 'app.info', request: {} },
    { sender: { other: true }, senderFrame: contents.mainFrame },
  );
  send({ id: 5, channel: 'profiles.list', request: {} });
  await waitFor('profiles.list', () => replyTo(5));
  results.answeredForeign = [2, 3, 4].filter((id) => replyTo(id));
  results.profiles = replyTo(5);

  const handler = recorded.protocolHandlers.app;
  const page = await handler(new Request('app://movie-assistant/index.html'));
  results.page = {
    status: page.status,
    csp: page.headers.get('content-security-policy'),
    type: page.headers.get('content-type'),
    body: await page.text(),
  };
  results.escape = (
    await handler(new Request('app://movie-assistant/..%2f..%2f..%2fpackage.json'))
  ).status;
  results.missing = (await handler(new Request('app://movie-assistant/nope.js'))).status;

  const away = {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  contents.emit('will-navigate', away, 'https://evil.example/');
  const home = {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  contents.emit('will-navigate', home, 'app://movie-assistant/index.html');
  results.navigation = { awayBlocked: away.prevented, homeAllowed: !home.prevented };
  results.windowOpen = contents.windowOpenHandler({ url: 'https://www.imdb.com/title/tt0114709/' });
  results.windowOpenFile = contents.windowOpenHandler({ url: 'file:///etc/passwd' });
  results.windowOpenForeign = contents.windowOpenHandler({ url: 'https://evil.example/phish' });
  const toLetterboxd = {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  contents.emit('will-navigate', toLetterboxd, 'https://letterboxd.com/film/toy-story/');
  results.navigationToAllowedSite = { prevented: toLetterboxd.prevented };
  await sleep(10);
  results.external = recorded.external;

  const ask = (permission, requestingUrl) =>
    new Promise((resolve) =>
      recorded.permissionRequest(contents, permission, resolve, { requestingUrl }),
    );
  results.permissions = {
    media: await ask('media', 'app://movie-assistant/index.html'),
    clipboard: await ask('clipboard-sanitized-write', 'app://movie-assistant/index.html'),
    clipboardElsewhere: await ask('clipboard-sanitized-write', 'https://evil.example/'),
  };

  findItem(recorded.menu, 'Import MovieLens Folder…').click();
  results.importDialog = await waitFor('the import to finish', () =>
    recorded.dialogs.find((d) => d.title === 'Import finished' || d.title === 'The import failed'),
  );
  results.progressEventsToWindow = contents.sent.filter(
    (s) => s.payload && s.payload.event === 'job.progress',
  ).length;

  findItem(recorded.menu, 'Dark').click();
  results.theme = electron.nativeTheme.themeSource;

  window.setBounds({ x: 30, y: 40, width: 1000, height: 700 });
  const service = recorded.utility;
  results.utility = {
    entry: path.basename(service.modulePath),
    args: service.args,
    sqliteBinding: service.env.MOVIE_ASSISTANT_SQLITE_BINDING ?? null,
  };
  window.close();
  await waitFor('the app to quit', () => recorded.quitCalls >= 2, 20_000);
  let serviceAlive = true;
  await waitFor(
    'the service to exit',
    () => {
      try {
        process.kill(service.pid, 0);
      } catch {
        serviceAlive = false;
      }
      return !serviceAlive;
    },
    20_000,
  );
  results.serviceExited = !serviceAlive;
  results.windowState = JSON.parse(
    fs.readFileSync(path.join(recorded.paths.userData, 'window-state.json'), 'utf8'),
  );
  results.errorDialogs = recorded.dialogs.filter((d) => d.type === 'error');
}

main().then(
  () => {
    console.log(`RESULT ${JSON.stringify(results)}`);
    process.exit(0);
  },
  (error) => {
    console.log(
      `RESULT ${JSON.stringify({ failure: String(error && error.stack ? error.stack : error), partial: results })}`,
    );
    process.exit(1);
  },
);
