import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '../..');
export const sharedDir = process.env.MOVIE_ASSISTANT_SHARED ?? path.resolve(repoRoot, '../shared');

export function writeResult(name: string, result: unknown): string {
  const dir = path.join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
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
