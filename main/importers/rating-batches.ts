import type { RatingFileSpec } from './rating-lines';
import type { RatingStats } from './rating-stats';

/** Ratings per batch handed from the parsing thread to the writing thread. */
export const BATCH_ROWS = 1 << 16;
/** Bytes per rating: time (8), user (4), movie (4), line (4), half-stars (1). */
const ROW_BYTES = 21;

/**
 * One batch of parsed ratings as columns over a single ArrayBuffer, so it crosses threads by
 * transfer (no copy) and goes back empty for reuse. Times come first to keep every view aligned.
 */
export class RatingBatch {
  readonly times: Float64Array;
  readonly users: Int32Array;
  readonly movies: Int32Array;
  /** The line each rating came from, for errors found while writing. */
  readonly lines: Uint32Array;
  readonly halves: Uint8Array;

  constructor(readonly buffer = new ArrayBuffer(BATCH_ROWS * ROW_BYTES)) {
    const n = BATCH_ROWS;
    this.times = new Float64Array(buffer, 0, n);
    this.users = new Int32Array(buffer, 8 * n, n);
    this.movies = new Int32Array(buffer, 12 * n, n);
    this.lines = new Uint32Array(buffer, 16 * n, n);
    this.halves = new Uint8Array(buffer, 20 * n, n);
  }
}

/** What the parsing thread is started with. */
export interface RatingParserData {
  /** The import source (folder, zip or file), opened again by the thread. */
  location: string;
  spec: RatingFileSpec;
}

export interface ParserFailure {
  name: string;
  message: string;
  /** For ImportError: the reason, file and line it was built from. */
  reason?: string;
  file?: string;
  line?: number;
}

/** Messages from the parsing thread; `bytes` counts the file's bytes read so far. */
export type FromParser =
  | { type: 'batch'; buffer: ArrayBuffer; rows: number; bytes: number }
  | { type: 'end'; stats: RatingStats; bytes: number }
  | { type: 'failed'; error: ParserFailure };

/** A written batch's buffer, given back for reuse. */
export type ToParser = { type: 'buffer'; buffer: ArrayBuffer };
