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
 * One connection's view of the locked profiles: which ones it has opened with their passphrase.
 * Each entry point makes one per connection (a WebSocket, an Electron window, a CLI run).
 */
export class Session {
  /** Profile id → the epoch it was opened in. */
  private readonly unlocked = new Map<number, number>();

  constructor(private readonly epoch: SessionEpoch = new SessionEpoch()) {}

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
