/** Progress of an import: rows written and bytes read so far, across every file of the source. */
export interface ImportProgress {
  /** What is being done, e.g. "ratings.csv" or "indexing". */
  phase: string;
  rows: number;
  bytes: number;
  totalBytes: number | null;
}

export type ProgressListener = (progress: ImportProgress) => void;

/** An import's progress as the API's job progress (measured in bytes read). */
export function importJobProgress(p: ImportProgress) {
  return {
    phase: p.phase,
    current: p.bytes,
    total: p.totalBytes,
    unit: 'bytes' as const,
    rows: p.rows,
    bytes: p.bytes,
  };
}

/** Collects counts cheaply and calls the listener at most every `intervalMs`. */
export class ProgressMeter {
  /** Where the row count comes from (the writer's counters). */
  countRows: () => number = () => 0;
  private phase = 'starting';
  private bytesBefore = 0;
  private fileBytes = 0;
  private lastEmit = 0;

  constructor(
    private readonly listener: ProgressListener | undefined,
    private readonly totalBytes: number | null,
    private readonly intervalMs = 100,
  ) {}

  startFile(phase: string): void {
    // The file just finished gets its final figures, whatever the throttle says.
    if (this.fileBytes > 0) this.emit(true);
    this.bytesBefore += this.fileBytes;
    this.fileBytes = 0;
    this.phase = phase;
    this.emit(true);
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.emit(true);
  }

  fileBytesRead(bytes: number): void {
    this.fileBytes = bytes;
    this.emit(false);
  }

  emit(force: boolean): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.listener({
      phase: this.phase,
      rows: this.countRows(),
      bytes: this.bytesBefore + this.fileBytes,
      totalBytes: this.totalBytes,
    });
  }
}
