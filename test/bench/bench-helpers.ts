import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

export function writeResult(name: string, result: unknown): string {
  const dir = path.join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/**
 * A recorded run list with `record` in place of the run `same` matches (appended if none), so a
 * repeated run keeps its position and `git diff` of a results file shows only changed figures.
 */
export function replaceRun<T>(runs: readonly T[], same: (run: T) => boolean, record: T): T[] {
  const at = runs.findIndex(same);
  return at < 0 ? [...runs, record] : runs.map((r, i) => (i === at ? record : r));
}

/** Samples the resident set size while work runs; maxRSS from the OS covers what sampling misses. */
export class RssSampler {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 50);

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  reset(): void {
    this.peak = process.memoryUsage().rss;
  }

  peakMb(): number {
    this.sample();
    return Math.round(this.peak / 1048576);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * CPU time per thread of this process (Linux: /proc/self/task), sampled while work runs so
 * threads that end before the work does (a parsing worker) are still counted. The process's own
 * total (process.cpuUsage) covers every thread together; on a shared machine, where wall time
 * includes waiting for a core, these say what each thread itself needed.
 */
export class ThreadCpuSampler {
  private readonly start = readThreadTicks();
  private readonly last = new Map(this.start);
  private readonly timer = setInterval(() => this.sample(), 100);

  sample(): void {
    for (const [tid, ticks] of readThreadTicks()) this.last.set(tid, ticks);
  }

  /** Seconds of CPU per thread since construction: the main thread, then the others, busiest first. */
  stop(): { mainSeconds: number; otherSeconds: number[] } {
    clearInterval(this.timer);
    this.sample();
    const seconds = (tid: number) =>
      ((this.last.get(tid) ?? 0) - (this.start.get(tid) ?? 0)) / TICKS_PER_SECOND;
    const others = [...this.last.keys()]
      .filter((tid) => tid !== process.pid)
      .map(seconds)
      .filter((s) => s >= 0.01)
      .sort((a, b) => b - a);
    return { mainSeconds: seconds(process.pid), otherSeconds: others };
  }
}

/** Linux reports thread CPU times in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU seconds the main thread has used so far (0 where /proc is missing). */
export function mainThreadCpuSeconds(): number {
  return (threadTicks(process.pid) ?? 0) / TICKS_PER_SECOND;
}

function readThreadTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return ticks; // not Linux: only process totals are reported
  }
  for (const tid of tids) {
    const value = threadTicks(Number(tid));
    if (value !== undefined) ticks.set(Number(tid), value);
  }
  return ticks;
}

function threadTicks(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // not Linux, or the thread ended between listing and reading
  }
}

/** `--name N` among a bench's arguments (underscores allowed: 25_000_000), else `fallback`. */
export function numberArg(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1].replace(/_/g, '')) : fallback;
}
