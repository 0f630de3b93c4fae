import type { ServerFrame } from '../../shared/frames';
import type { FromService, ToService } from './service-protocol';

/** The least the main process needs from the service's process: Electron's UtilityProcess or a Node ChildProcess. */
export interface ServiceChild {
  postMessage(message: ToService): void;
  onMessage(listener: (message: FromService) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface ServiceConnection {
  send(frame: unknown): void;
  close(): void;
}

/**
 * The main process's side of the service process: waits for it to be ready, multiplexes
 * connections (one per window) over its single message channel, and answers the calls still
 * pending with a readable error if the process dies.
 */
export class ServiceClient {
  private readonly connections = new Map<
    string,
    { deliver: (frame: ServerFrame) => void; pending: Set<number | string> }
  >();
  private nextConnection = 1;
  private exited = false;
  private exitListeners = new Set<(reason: string) => void>();
  private wasReady = false;
  readonly ready: Promise<{ dbFile: string }>;

  constructor(private readonly child: ServiceChild) {
    let fatal: string | null = null;
    this.ready = new Promise((resolve, reject) => {
      child.onMessage((message) => {
        if (message.type === 'ready') {
          this.wasReady = true;
          resolve({ dbFile: message.dbFile });
        } else if (message.type === 'fatal') {
          fatal = message.message;
          reject(new Error(message.message));
        } else if (message.type === 'frame') this.route(message.conn, message.frame);
      });
      child.onExit((code) => {
        this.exited = true;
        const reason =
          fatal ??
          `The Movie Assistant service stopped unexpectedly (exit code ${code ?? 'unknown'}).`;
        reject(new Error(reason));
        this.failPending(reason);
        for (const listener of this.exitListeners) listener(reason);
      });
    });
    // Callers that only use connections learn of failures through their pending calls.
    this.ready.catch(() => undefined);
  }

  /** True once the service said it was ready (a later exit is a crash, not a failed start). */
  get started(): boolean {
    return this.wasReady;
  }

  /** Called once if the process ends (after start-up or during it). */
  onExit(listener: (reason: string) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** A new client of the service with its own session; `deliver` gets its replies and every event. */
  connect(deliver: (frame: ServerFrame) => void): ServiceConnection {
    const conn = `c${this.nextConnection++}`;
    const entry = { deliver, pending: new Set<number | string>() };
    this.connections.set(conn, entry);
    this.post({ type: 'connect', conn });
    return {
      send: (frame) => {
        const id = (frame as { id?: unknown } | null)?.id;
        if (this.exited) {
          if (typeof id === 'number' || typeof id === 'string') {
            deliver({
              id,
              ok: false,
              error: { code: 'failed', message: 'The Movie Assistant service is not running.' },
            });
          }
          return;
        }
        if (typeof id === 'number' || typeof id === 'string') entry.pending.add(id);
        this.post({ type: 'frame', conn, frame });
      },
      close: () => {
        if (!this.connections.delete(conn)) return;
        this.post({ type: 'disconnect', conn });
      },
    };
  }

  /** Asks the service to close its catalogue and exit; kills it if it has not within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.post({ type: 'shutdown' });
    const timer = setTimeout(() => this.child.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private post(message: ToService): void {
    if (this.exited) return;
    try {
      this.child.postMessage(message);
    } catch {
      // The process is going away; its exit handler answers what is pending.
    }
  }

  private route(conn: string, frame: ServerFrame): void {
    const entry = this.connections.get(conn);
    if (!entry) return;
    if ('id' in frame && frame.id !== null) entry.pending.delete(frame.id);
    entry.deliver(frame);
  }

  private failPending(reason: string): void {
    for (const entry of this.connections.values()) {
      for (const id of entry.pending)
        entry.deliver({ id, ok: false, error: { code: 'failed', message: reason } });
      entry.pending.clear();
    }
  }
}
