import type { EventPayload } from '../../shared/api';

type Progress = EventPayload<'job.progress'>;

const BAR_WIDTH = 24;
const LINE_INTERVAL_MS = 2_000;

/**
 * Shows a job's progress on stderr: one updating bar line on a terminal, otherwise a line per
 * phase and one every couple of seconds (logs stay short).
 */
export class ProgressPrinter {
  private lastPhase = '';
  private lastLine = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(progress: Progress): void {
    const text = describe(progress);
    if (this.stream.isTTY) {
      const width = (this.stream.columns || 80) - 1;
      this.stream.write(`\r${text.slice(0, width).padEnd(width)}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (progress.phase === this.lastPhase && now - this.lastLine < LINE_INTERVAL_MS) return;
    this.lastPhase = progress.phase;
    this.lastLine = now;
    this.stream.write(`${text}\n`);
  }

  /** Clears the bar so the next line starts clean. */
  done(): void {
    if (this.drawn && this.stream.isTTY)
      this.stream.write(`\r${' '.repeat((this.stream.columns || 80) - 1)}\r`);
    this.drawn = false;
  }
}

export function describe(p: Progress): string {
  const parts = [`${p.kind} ${p.phase}`];
  if (typeof p.current !== 'number') {
    // A phase without a count yet.
  } else if (typeof p.total === 'number' && p.total > 0) {
    const share = Math.min(1, p.current / p.total);
    const filled = Math.round(share * BAR_WIDTH);
    parts.push(
      `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0)}%`,
    );
    if (p.unit !== 'bytes') parts.push(`${fmt(p.current)}/${fmt(p.total)} ${p.unit}`);
  } else if (p.unit) {
    parts.push(`${fmt(p.current)} ${p.unit}`);
  }
  if (p.rows !== undefined && p.unit !== 'rows')
    parts.push(`${fmt(p.rows)} ${p.phase === 'done' ? 'rows' : 'rows so far'}`);
  if (p.loss !== undefined) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.etaSeconds !== undefined && p.etaSeconds !== null)
    parts.push(`ETA ${Math.ceil(p.etaSeconds)} s`);
  return parts.join('  ');
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
