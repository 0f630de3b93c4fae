import { spawn, type ChildProcess } from 'node:child_process';
import { cliLauncher } from '../../helpers/run-cli';
import { repoRoot } from './paths';

export interface RunningHost {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

const urlPattern = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"]+/;

/**
 * Starts `movie-assistant serve` on a temporary database and waits for the address it prints.
 * `env` adds to the environment, e.g. MOVIE_ASSISTANT_STUB_IMPORT_PATH: the one path the page
 * may name as an import source (a page may otherwise only upload files).
 */
export function startHostProcess(
  dbFile: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<RunningHost> {
  const child: ChildProcess = spawn(process.execPath, [cliLauncher, 'serve', '--db', dbFile], {
    cwd: repoRoot,
    env: { ...process.env, ...env, MOVIE_ASSISTANT_DB: dbFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(`movie-assistant serve printed no address within ${timeoutMs} ms:\n${output}`),
      );
    }, timeoutMs);
    const check = () => {
      const match = urlPattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({ url: match[0], output: () => output, stop });
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`movie-assistant serve exited with ${code}:\n${output}`));
    });
  });
}
