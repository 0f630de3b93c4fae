import { LOVED_HALF } from '../catalogue/dataset-users';
import { IdSet, IdSpread, IdTally, NumberList } from './id-tables';

/** Packs (movie, user) into one exact double: user keys stay below 2^22, movie ids below 2^31. */
export const LOVED_KEY = 2 ** 22;

/**
 * What a release's ratings add up to besides the rows themselves: the users seen, per-movie
 * count, sum and half-star spread, who loved what, and an order-sensitive checksum for the
 * release fingerprint.
 * Kept by whichever thread parses the ratings and merged into the writer's at the end.
 */
export class RatingStats {
  users = new IdSet();
  tally = new IdTally();
  spread = new IdSpread();
  /** movie * LOVED_KEY + user for every loved rating not yet sorted. */
  loved = new NumberList();
  /** Loved keys already sorted by sortLoved(). */
  private sortedLoved: Float64Array | null = null;
  checksum = 0;

  /** Gives a copy received from another thread its classes back. */
  static revive(copy: RatingStats): RatingStats {
    const stats = Object.setPrototypeOf(copy, RatingStats.prototype) as RatingStats;
    stats.users = IdSet.revive(copy.users);
    stats.tally = IdTally.revive(copy.tally);
    stats.spread = IdSpread.revive(copy.spread);
    stats.loved = NumberList.revive(copy.loved);
    return stats;
  }

  add(userKey: number, movieId: number, half: number): void {
    this.users.add(userKey);
    this.tally.add(movieId, half);
    this.spread.add(movieId, half);
    if (half >= LOVED_HALF) this.loved.push(movieId * LOVED_KEY + userKey);
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
    this.loved.append(other.loved);
    if (other.sortedLoved) {
      if (this.sortedLoved) this.loved.append(NumberList.of(other.sortedLoved));
      else this.sortedLoved = other.sortedLoved;
      other.sortedLoved = null;
    }
    this.checksum = (Math.imul(this.checksum, 31) + other.checksum) | 0;
  }

  /** Sorts the loved keys now: the parsing thread does it while the writer catches up. */
  sortLoved(): void {
    this.sortedLoved = this.takeLoved();
  }

  /** Buffers to move rather than copy when these stats are posted to another thread. */
  transferables(): ArrayBuffer[] {
    const buffers = this.spread.buffers();
    if (this.sortedLoved) buffers.push(this.sortedLoved.buffer as ArrayBuffer);
    return buffers;
  }

  /** Every loved key, in increasing (movie, user) order; the stats keep none. */
  takeLoved(): Float64Array {
    const sorted = this.sortedLoved;
    this.sortedLoved = null;
    if (sorted && this.loved.length === 0) return sorted;
    if (sorted) this.loved.append(NumberList.of(sorted));
    return this.loved.take().sort();
  }
}
