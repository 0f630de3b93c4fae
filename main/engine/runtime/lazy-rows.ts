import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { StoredArray } from './array-files';

/**
 * A row-major matrix saved by saveArrays whose rows are read from its file only when first
 * needed, into memory the caller allocated (untouched pages cost nothing): a model holding a
 * large matrix starts without reading it, and a list reads only the rows it uses. After the first
 * row the rest follow in small background steps, and the file is closed once all are in.
 */
export class LazyRows {
  private fd: number | null;
  private readonly loaded: Uint8Array;
  private missing: number;
  private prefetching = false;

  constructor(
    readonly file: string,
    readonly target: StoredArray,
    readonly rowLength: number,
  ) {
    this.fd = openSync(file, 'r');
    if (fstatSync(this.fd).size !== target.byteLength) {
      closeSync(this.fd);
      throw new Error(`${file} does not hold ${target.length} values`);
    }
    this.missing = rowLength > 0 ? target.length / rowLength : 0;
    this.loaded = new Uint8Array(this.missing);
  }

  /** Makes row r readable in `target`. */
  need(r: number): void {
    if (this.loaded[r]) return;
    this.read(r, r + 1);
    if (!this.prefetching) this.prefetch();
  }

  /** Makes every row readable (e.g. before saving). */
  all(): void {
    this.read(0, this.loaded.length);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private read(from: number, to: number): void {
    const bytesPerRow = this.rowLength * this.target.BYTES_PER_ELEMENT;
    const bytes = new Uint8Array(
      this.target.buffer,
      this.target.byteOffset,
      this.target.byteLength,
    );
    for (let r = from; r < to; r++) {
      if (this.loaded[r]) continue;
      let end = r + 1;
      while (end < to && !this.loaded[end]) end++;
      if (this.fd === null) throw new Error(`${this.file} was closed before it was read`);
      const start = r * bytesPerRow;
      const length = (end - r) * bytesPerRow;
      let done = 0;
      while (done < length) {
        const n = readSync(this.fd, bytes, start + done, length - done, start + done);
        if (n === 0) throw new Error(`${this.file} ended early`);
        done += n;
      }
      this.loaded.fill(1, r, end);
      this.missing -= end - r;
      r = end - 1;
    }
    if (this.missing === 0) this.close();
  }

  /** Reads the rest a few rows at a time between other work. */
  private prefetch(): void {
    this.prefetching = true;
    const rowsPerStep = Math.max(1, Math.floor((1 << 20) / (this.rowLength * 4)));
    let next = 0;
    const step = () => {
      if (this.fd === null) return;
      while (next < this.loaded.length && this.loaded[next]) next++;
      this.read(next, Math.min(this.loaded.length, next + rowsPerStep));
      if (this.fd !== null) setTimeout(step, 0).unref();
    };
    setTimeout(step, 0).unref();
  }
}
