import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './repo-paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The `movie-assistant` command of this checkout. */
export const cliLauncher = path.join(repoRoot, 'main', 'bin', 'movie-assistant.mjs');

/** Runs `movie-assistant` as a person would, in a child process, with extra environment. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliLauncher, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
