/**
 * Partial selection of the k best entries without sorting everything: a fixed-size min-heap over
 * preallocated typed arrays (no per-item allocation). `accept` filters candidates.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly vals: Float32Array;
  private n = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(Math.max(1, k));
    this.vals = new Float32Array(Math.max(1, k));
  }

  reset(): void {
    this.n = 0;
  }

  get size(): number {
    return this.n;
  }

  /** The smallest kept value (−∞ while not full): anything not above it cannot enter. */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.vals[0];
  }

  push(id: number, value: number): void {
    if (this.k === 0 || Number.isNaN(value)) return;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.vals[p] <= value) break;
        this.vals[i] = this.vals[p];
        this.ids[i] = this.ids[p];
        i = p;
      }
      this.vals[i] = value;
      this.ids[i] = id;
      return;
    }
    if (value <= this.vals[0]) return;
    let i = 0;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.vals[r] < this.vals[l] ? r : l;
      if (this.vals[c] >= value) break;
      this.vals[i] = this.vals[c];
      this.ids[i] = this.ids[c];
      i = c;
    }
    this.vals[i] = value;
    this.ids[i] = id;
  }

  /** The kept entries, best first. */
  sorted(): { id: number; value: number }[] {
    const out: { id: number; value: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i], value: this.vals[i] });
    return out.sort((a, b) => b.value - a.value || a.id - b.id);
  }
}

/** Top k indices of `scores` where `accept(i)` holds, best first. */
export function topKOf(
  scores: Float32Array,
  k: number,
  accept?: (i: number) => boolean,
): { id: number; value: number }[] {
  const heap = new TopK(k);
  let threshold = heap.threshold; // a local: the scan over every movie is the hot loop
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (v <= threshold) continue;
    if (accept && !accept(i)) continue;
    heap.push(i, v);
    threshold = heap.threshold;
  }
  return heap.sorted();
}
