import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, rendererDist } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the renderer with Vite's API when the build is missing or older than its sources. */
export async function ensureRendererBuilt(): Promise<void> {
  const built = path.join(rendererDist, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'shared')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
