/**
 * Per-id counters for ids that are mostly small dense integers (MovieLens movie and user ids):
 * typed arrays indexed by id, growing as needed, with a Map for the rare huge id.
 */
const DENSE_LIMIT = 1 << 24;

export class IdTally {
  private counts = new Int32Array(1024);
  private sums = new Float64Array(1024);
  private readonly sparse = new Map<number, [number, number]>();

  add(id: number, value: number): void {
    if (id < DENSE_LIMIT) {
      if (id >= this.counts.length) this.grow(id);
      this.counts[id]++;
      this.sums[id] += value;
    } else {
      const entry = this.sparse.get(id);
      if (entry) {
        entry[0]++;
        entry[1] += value;
      } else this.sparse.set(id, [1, value]);
    }
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

export class IdSet {
  private bits = new Uint8Array(1024);
  private readonly sparse = new Set<number>();
  size = 0;

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
