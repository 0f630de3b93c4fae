import { RATING_HALVES } from '../catalogue/rating-spread';

/**
 * Per-id counters for ids that are mostly small dense integers (MovieLens movie and user ids):
 * typed arrays indexed by id, growing as needed, with a Map for the rare huge id.
 */
const DENSE_LIMIT = 1 << 24;

/**
 * Gives a copy that crossed a thread (structured clone keeps the fields, not the class) its
 * class back; the typed arrays, Maps and Sets inside arrive intact.
 */
function revive<T extends object>(copy: object, cls: { prototype: T }): T {
  return Object.setPrototypeOf(copy, cls.prototype) as T;
}

export class IdTally {
  private counts = new Int32Array(1024);
  private sums = new Float64Array(1024);
  private readonly sparse = new Map<number, [number, number]>();

  static revive(copy: object): IdTally {
    return revive(copy, IdTally);
  }

  add(id: number, value: number, count = 1): void {
    if (id < DENSE_LIMIT) {
      if (id >= this.counts.length) this.grow(id);
      this.counts[id] += count;
      this.sums[id] += value;
    } else {
      const entry = this.sparse.get(id);
      if (entry) {
        entry[0] += count;
        entry[1] += value;
      } else this.sparse.set(id, [count, value]);
    }
  }

  merge(other: IdTally): void {
    other.forEach((id, count, sum) => this.add(id, sum, count));
  }

  /** Calls back with each id seen, its count and sum, in increasing id order for dense ids. */
  forEach(callback: (id: number, count: number, sum: number) => void): void {
    for (let id = 0; id < this.counts.length; id++) {
      if (this.counts[id] > 0) callback(id, this.counts[id], this.sums[id]);
    }
    for (const [id, [count, sum]] of this.sparse) callback(id, count, sum);
  }

  private grow(id: number): void {
    let size = this.counts.length;
    while (size <= id) size *= 2;
    const counts = new Int32Array(size);
    counts.set(this.counts);
    const sums = new Float64Array(size);
    sums.set(this.sums);
    this.counts = counts;
    this.sums = sums;
  }
}

/**
 * Per id, how many ratings gave each half-star value (1 … RATING_HALVES). Ids get their ten
 * counters in the order they are first seen: MovieLens movie ids run to ~300k for ~90k movies, so
 * counters indexed by id would be mostly empty (tens of MB at 25M ratings).
 */
export class IdSpread {
  /** The slot + 1 of each dense id seen (0: not seen). */
  private slots = new Int32Array(1024);
  private counts = new Int32Array(1024 * RATING_HALVES);
  private used = 0;
  private readonly sparse = new Map<number, Int32Array>();
  /** How many ratings it holds. */
  size = 0;

  static revive(copy: object): IdSpread {
    return revive(copy, IdSpread);
  }

  add(id: number, half: number, count = 1): void {
    if (!Number.isInteger(half) || half < 1 || half > RATING_HALVES) return;
    this.size += count;
    if (id >= DENSE_LIMIT) {
      let entry = this.sparse.get(id);
      if (!entry) this.sparse.set(id, (entry = new Int32Array(RATING_HALVES)));
      entry[half - 1] += count;
      return;
    }
    if (id >= this.slots.length) this.slots = grown(this.slots, id + 1);
    let slot = this.slots[id] - 1;
    if (slot < 0) {
      slot = this.used++;
      this.slots[id] = slot + 1;
      if (this.used * RATING_HALVES > this.counts.length)
        this.counts = grown(this.counts, this.used * RATING_HALVES);
    }
    this.counts[slot * RATING_HALVES + half - 1] += count;
  }

  merge(other: IdSpread): void {
    other.forEach((id, counts) => counts.forEach((c, k) => c > 0 && this.add(id, k + 1, c)));
  }

  /** Its buffers, to move rather than copy to another thread (unusable here after). */
  buffers(): ArrayBuffer[] {
    return [this.slots.buffer as ArrayBuffer, this.counts.buffer as ArrayBuffer];
  }

  /** The counts of an id, 0.5★ first; zeros for an id never seen. */
  of(id: number): number[] {
    const counts = this.countsOf(id);
    return counts ? Array.from(counts) : new Array<number>(RATING_HALVES).fill(0);
  }

  /** Calls back with each id seen and its counts, dense ids in increasing order. */
  forEach(callback: (id: number, counts: Int32Array) => void): void {
    for (let id = 0; id < this.slots.length; id++) {
      const counts = this.countsOf(id);
      if (counts) callback(id, counts);
    }
    for (const [id, counts] of this.sparse) callback(id, counts);
  }

  private countsOf(id: number): Int32Array | undefined {
    if (id >= DENSE_LIMIT) return this.sparse.get(id);
    const slot = id < this.slots.length ? this.slots[id] - 1 : -1;
    if (slot < 0) return undefined;
    return this.counts.subarray(slot * RATING_HALVES, (slot + 1) * RATING_HALVES);
  }
}

/** A copy of `array` at least `length` long (doubling). */
function grown(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  let size = array.length;
  while (size < length) size *= 2;
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}

export class IdSet {
  private bits = new Uint8Array(1024);
  private readonly sparse = new Set<number>();
  size = 0;

  static revive(copy: object): IdSet {
    return revive(copy, IdSet);
  }

  add(id: number): void {
    if (id < DENSE_LIMIT) {
      if (id >= this.bits.length) {
        let size = this.bits.length;
        while (size <= id) size *= 2;
        const bits = new Uint8Array(size);
        bits.set(this.bits);
        this.bits = bits;
      }
      if (this.bits[id] === 0) {
        this.bits[id] = 1;
        this.size++;
      }
    } else if (!this.sparse.has(id)) {
      this.sparse.add(id);
      this.size++;
    }
  }

  has(id: number): boolean {
    return id < DENSE_LIMIT ? id < this.bits.length && this.bits[id] === 1 : this.sparse.has(id);
  }

  forEach(callback: (id: number) => void): void {
    for (let id = 0; id < this.bits.length; id++) if (this.bits[id] === 1) callback(id);
    for (const id of this.sparse) callback(id);
  }
}
