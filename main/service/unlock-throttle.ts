import { ApiError } from '../../shared/api';

/** How wrong passphrases slow down further tries on the same profile. */
export interface UnlockBackoff {
  /** Wrong passphrases allowed before any delay. */
  freeAttempts: number;
  /** The delay after the last free attempt fails; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const defaultUnlockBackoff: UnlockBackoff = {
  freeAttempts: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
};

interface ProfileAttempts {
  failures: number;
  inFlight: number;
  retryAt: number;
}

/**
 * Backs off passphrase checks per profile, across every connection: after `freeAttempts` wrong
 * passphrases, tries are refused (without running scrypt) for a delay that doubles with each
 * further failure, up to `maxDelayMs`; a right passphrase starts the count afresh. Checks still
 * running count as failures until they answer, so a burst of parallel tries gets only the free
 * attempts through.
 */
export class UnlockThrottle {
  private readonly profiles = new Map<number, ProfileAttempts>();

  constructor(
    private readonly backoff: UnlockBackoff = defaultUnlockBackoff,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `check` (a passphrase check) unless the profile is in a back-off; records its answer. */
  async attempt(profileId: number, check: () => Promise<boolean>): Promise<boolean> {
    const entry = this.profiles.get(profileId) ?? { failures: 0, inFlight: 0, retryAt: 0 };
    this.refuseWhileBackingOff(entry);
    this.profiles.set(profileId, entry);
    entry.inFlight += 1;
    let opened: boolean;
    try {
      opened = await check();
    } catch (error) {
      // No answer (an unknown profile, say): nothing to count.
      entry.inFlight -= 1;
      if (entry.failures === 0 && entry.inFlight === 0) this.profiles.delete(profileId);
      throw error;
    }
    entry.inFlight -= 1;
    if (opened) {
      entry.failures = 0;
      entry.retryAt = 0;
    } else {
      entry.failures += 1;
      entry.retryAt = this.now() + this.delayAfter(entry.failures);
    }
    if (entry.failures === 0 && entry.inFlight === 0) this.profiles.delete(profileId);
    return opened;
  }

  /** The wait after `failures` wrong passphrases in a row: none, then doubling to the cap. */
  delayAfter(failures: number): number {
    const { freeAttempts, firstDelayMs, maxDelayMs } = this.backoff;
    if (failures < freeAttempts) return 0;
    return Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeAttempts));
  }

  private refuseWhileBackingOff(entry: ProfileAttempts): void {
    const pendingFailures = entry.failures + entry.inFlight;
    if (pendingFailures < this.backoff.freeAttempts) return;
    const waitMs = entry.retryAt - this.now();
    if (entry.inFlight === 0 && waitMs <= 0) return;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const when = waitMs > 0 ? `in ${seconds} s` : 'in a moment';
    throw new ApiError(
      'forbidden',
      `Too many wrong passphrases for this profile: try again ${when}` +
        (waitMs > 0 ? ` (at ${new Date(entry.retryAt).toLocaleTimeString()}).` : '.'),
    );
  }
}
