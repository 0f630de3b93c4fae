import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../service/create-service';
import { UsageError } from '../errors';

const benchDir = path.join(repoRoot, 'test', 'bench');
const SUFFIX = '.bench.ts';

export function availableBenches(): string[] {
  try {
    return readdirSync(benchDir)
      .filter((f) => f.endsWith(SUFFIX))
      .map((f) => f.slice(0, -SUFFIX.length))
      .sort();
  } catch {
    return [];
  }
}

/** bench <name> [args]: runs test/bench/<name>.bench.ts's `run(args)` (its default export). */
export async function benchCommand(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = availableBenches();
  if (!name || !names.includes(name)) {
    const list = names.length ? names.join(', ') : 'none yet';
    throw new UsageError(
      `${name ? `unknown benchmark "${name}"` : 'bench needs a name'}; available: ${list}`,
    );
  }
  const mod = (await import(pathToFileURL(path.join(benchDir, name + SUFFIX)).href)) as {
    default?: unknown;
    run?: unknown;
  };
  const run = [mod.default, mod.run, (mod.default as { run?: unknown } | undefined)?.run].find(
    (candidate): candidate is (args: string[]) => unknown => typeof candidate === 'function',
  );
  if (!run) throw new UsageError(`test/bench/${name}${SUFFIX} exports no run(args) function`);
  const result = await run(args);
  return typeof result === 'number' ? result : 0;
}
