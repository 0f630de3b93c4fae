import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from './bench-helpers';

/**
 * `npm run bench -- <name> [args]`: runs test/bench/<name>.bench.ts's `run(args)` (its default
 * export) through tsx. The benchmarks live with the tests, outside the shipped code: the
 * `movie-assistant` command only says how to run them from a clone.
 */
const SUFFIX = '.bench.ts';

export function availableBenches(): string[] {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

type BenchRun = (args: string[]) => unknown;

async function runBench(name: string | undefined, args: string[]): Promise<number> {
  const names = availableBenches();
  if (!name || !names.includes(name)) {
    const reason = name ? `unknown benchmark "${name}"` : 'bench needs a name';
    process.stderr.write(`bench: ${reason}; available: ${names.join(', ') || 'none yet'}\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(path.join(benchDir, name + SUFFIX)).href)) as {
    default?: unknown;
    run?: unknown;
  };
  const run = [mod.default, mod.run, (mod.default as { run?: unknown } | undefined)?.run].find(
    (candidate): candidate is BenchRun => typeof candidate === 'function',
  );
  if (!run) {
    process.stderr.write(`bench: test/bench/${name}${SUFFIX} exports no run(args) function\n`);
    return 2;
  }
  const result = await run(args);
  return typeof result === 'number' ? result : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name, ...args] = process.argv.slice(2);
  try {
    process.exitCode = await runBench(name, args);
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
