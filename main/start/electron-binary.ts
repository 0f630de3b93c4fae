import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** node_modules/electron, or null when the package is not installed. */
function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The Electron executable if it is already on disk, without downloading anything: the same
 * lookup as the electron package's index.js (path.txt, ELECTRON_OVERRIDE_DIST_PATH) minus the
 * download that index.js starts when the binary is missing.
 */
export function installedElectronBinary(): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  let executable: string | null = null;
  try {
    executable = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    executable = null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, executable || 'electron')
    : executable
      ? path.join(dir, 'dist', executable)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/**
 * The Electron executable, downloading it first if needed (the electron package fetches its
 * binary on first use). The download runs in a child whose output is kept quiet; `onSlow` is
 * called once if it takes more than a few seconds, so a real download is announced while an
 * offline failure (about a second) prints nothing. Null when Electron cannot be had.
 */
export async function obtainElectronBinary(
  options: { onSlow?: () => void; timeoutMs?: number } = {},
): Promise<string | null> {
  const installed = installedElectronBinary();
  if (installed) return installed;
  if (!electronPackageDir()) return null;
  const found = await new Promise<string | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['-e', "process.stdout.write(String(require('electron')))"],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.resume();
    const slow = setTimeout(() => options.onSlow?.(), 3_000);
    const limit = setTimeout(() => child.kill(), options.timeoutMs ?? 10 * 60_000);
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      clearTimeout(slow);
      clearTimeout(limit);
      const lines = output.trim().split('\n');
      const candidate = lines[lines.length - 1]?.trim();
      resolve(code === 0 && candidate && existsSync(candidate) ? candidate : null);
    });
  });
  return found;
}
