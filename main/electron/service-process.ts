import { defaultDbPath } from '../catalogue/db';
import { createFrameConnection, type FrameConnection } from '../host/frame-connection';
import { createService } from '../service';
import { OUTSIDE_CHANGES_MS, type Service } from '../service/create-service';
import { configFromArgs, type FromService, type ToService } from './service-protocol';
import { defaultRollingBackups } from '../service/rolling-backups';

/**
 * The service process: the catalogue and the engine (heavy, synchronous work) away from the
 * Electron main process. Started by Electron's utilityProcess (messages through
 * process.parentPort) or, in tests and anywhere without Electron, as a Node child
 * (child_process.fork: process.send). Each connection (a window) gets its own session.
 */

interface ParentChannel {
  post(message: FromService): void;
  onMessage(listener: (message: ToService) => void): void;
}

function parentChannel(): ParentChannel {
  const parentPort = (process as NodeJS.Process & { parentPort?: Electron.ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) =>
        parentPort.on('message', (event) => listener(event.data as ToService)),
    };
  }
  if (process.send) {
    return {
      post: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as ToService)),
    };
  }
  throw new Error(
    'service-process must be started by Electron (utilityProcess) or child_process.fork',
  );
}

function main(): void {
  const channel = parentChannel();
  // Listen before the (slow) catalogue opens: what the main process sends meanwhile waits here.
  const early: ToService[] = [];
  let handle: (message: ToService) => void = (message) => early.push(message);
  channel.onMessage((message) => handle(message));

  const config = configFromArgs(process.argv);
  let service: Service;
  try {
    service = createService({
      dbFile: config.dbFile ?? defaultDbPath(),
      modelsDir: config.modelsDir,
      backend: config.backend,
      rollingBackups: defaultRollingBackups,
      watchOutsideChangesMs: OUTSIDE_CHANGES_MS,
      readRatingsAhead: true,
    });
  } catch (error) {
    channel.post({ type: 'fatal', message: describeStartFailure(error) });
    process.exit(1);
  }
  const connections = new Map<string, FrameConnection>();
  let stopping = false;

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const connection of connections.values()) connection.close();
    connections.clear();
    await service.close().catch(() => undefined);
    process.exit(0);
  };

  handle = (message) => {
    switch (message.type) {
      case 'connect':
        connections.get(message.conn)?.close();
        connections.set(
          message.conn,
          // A window's paths come from the person's own choice (a dialog, a drop): trusted.
          createFrameConnection(
            service,
            (frame) => channel.post({ type: 'frame', conn: message.conn, frame }),
            { trust: 'trusted' },
          ),
        );
        break;
      case 'frame':
        connections.get(message.conn)?.receive(message.frame);
        break;
      case 'disconnect':
        connections.get(message.conn)?.close();
        connections.delete(message.conn);
        break;
      case 'shutdown':
        void stop();
        break;
    }
  };
  // Gone parent (Node child): nothing will ever call again.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  channel.post({ type: 'ready', dbFile: service.dbFile });
  for (const message of early.splice(0)) handle(message);
}

/** The reason a person can act on, for the commonest failure: a native module built for Node. */
function describeStartFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return (
      'The catalogue could not be opened: better-sqlite3 was built for Node, not for Electron. ' +
      'Run `npm run build:native` (needs internet once), then start again. ' +
      `(${message.split('\n')[0]})`
    );
  }
  return `The service could not start: ${message}`;
}

main();
