import { IdSet, IdSpread, IdTally } from './id-tables';

/**
 * What a release's ratings add up to besides the rows themselves: the users seen, per-movie
 * count, sum and half-star spread, and an order-sensitive checksum for the release fingerprint.
 * Kept by whichever thread parses the ratings and merged into the writer's at the end.
 */
export class RatingStats {
  users = new IdSet();
  tally = new IdTally();
  spread = new IdSpread();
  checksum = 0;

  /** Gives a copy received from another thread its classes back. */
  static revive(copy: RatingStats): RatingStats {
    const stats = Object.setPrototypeOf(copy, RatingStats.prototype) as RatingStats;
    stats.users = IdSet.revive(copy.users);
    stats.tally = IdTally.revive(copy.tally);
    stats.spread = IdSpread.revive(copy.spread);
    return stats;
  }

  add(userKey: number, movieId: number, half: number): void {
    this.users.add(userKey);
    this.tally.add(movieId, half);
    this.spread.add(movieId, half);
    this.checksum =
      (Math.imul(this.checksum, 31) + Math.imul(userKey, 7) + Math.imul(movieId, 13) + half) | 0;
  }

  /**
   * Adds `other`'s ratings to these (`other` is emptied). A release has one ratings file, so
   * these hold no ratings yet (checksum 0) and the result keeps `other`'s checksum exactly: the
   * fingerprint does not depend on which thread parsed the file.
   */
  merge(other: RatingStats): void {
    other.users.forEach((key) => this.users.add(key));
    this.tally.merge(other.tally);
    // Adopting the first thread's spread keeps one copy of its counts (tens of MB at 25M ratings).
    if (this.spread.size === 0) {
      this.spread = other.spread;
      other.spread = new IdSpread();
    } else this.spread.merge(other.spread);
    this.checksum = (Math.imul(this.checksum, 31) + other.checksum) | 0;
  }

  /** Buffers to move rather than copy when these stats are posted to another thread. */
  transferables(): ArrayBuffer[] {
    return this.spread.buffers();
  }
}
