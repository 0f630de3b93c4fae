/**
 * One connection's view of the locked profiles: which ones it has opened with their passphrase.
 * Each door makes one per connection (a WebSocket, an Electron window, a CLI run).
 */
export class Session {
  private readonly unlocked = new Set<number>();

  hasUnlocked(profileId: number): boolean {
    return this.unlocked.has(profileId);
  }

  unlock(profileId: number): void {
    this.unlocked.add(profileId);
  }

  forget(profileId: number): void {
    this.unlocked.delete(profileId);
  }

  signOut(): void {
    this.unlocked.clear();
  }
}
