import path from 'node:path';

/**
 * What every session of one service shares: a count that closes all their opened profiles at
 * once when it moves on (after a restore, when profile ids may name other people).
 */
export class SessionEpoch {
  value = 0;

  closeAll(): void {
    this.value += 1;
  }
}

/**
 * How far a connection is trusted with this computer's files. `trusted`: the CLI and Electron
 * IPC, whose paths come from the person's own choice (a dialog, a drop, the command line).
 * `web`: the local host's connections, which may name only uploads (`upload:<id>`).
 */
export type SessionTrust = 'trusted' | 'web';

export interface SessionOptions {
  trust: SessionTrust;
  /**
   * Paths a web session may still name as an import source: only the test hook's
   * (MOVIE_ASSISTANT_STUB_IMPORT_PATH), so the end-to-end journey can import a release folder.
   */
  allowedSources?: readonly string[];
}

/**
 * One connection's view of the locked profiles: which ones it has opened with their passphrase.
 * Each entry point makes one per connection (a WebSocket, an Electron window, a CLI run).
 */
export class Session {
  /** Profile id → the epoch it was opened in. */
  private readonly unlocked = new Map<number, number>();
  readonly trust: SessionTrust;
  private readonly allowedSources: ReadonlySet<string>;

  constructor(
    private readonly epoch: SessionEpoch = new SessionEpoch(),
    options: SessionOptions = { trust: 'trusted' },
  ) {
    this.trust = options.trust;
    this.allowedSources = new Set((options.allowedSources ?? []).map((p) => path.resolve(p)));
  }

  /** Whether this session may read `source` (a path as given) as an import or backup source. */
  mayReadPath(source: string): boolean {
    return this.trust === 'trusted' || this.allowedSources.has(path.resolve(source));
  }

  hasUnlocked(profileId: number): boolean {
    return this.unlocked.get(profileId) === this.epoch.value;
  }

  unlock(profileId: number): void {
    this.unlocked.set(profileId, this.epoch.value);
  }

  forget(profileId: number): void {
    this.unlocked.delete(profileId);
  }

  signOut(): void {
    this.unlocked.clear();
  }

  /** Closes every opened profile in every session of the service, this one included. */
  signOutEverywhere(): void {
    this.unlocked.clear();
    this.epoch.closeAll();
  }
}
