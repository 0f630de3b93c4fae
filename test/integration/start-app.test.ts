import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ELECTRON_UNAVAILABLE } from '../../main/start/launch';
import { repoRoot } from '../helpers/repo-paths';
import { cliLauncher } from '../helpers/run-cli';

// `npm start` where Electron's binary cannot be had: one line says so, a MovieLens release given
// with --dataset is imported on first run, and the same app is served on 127.0.0.1 at the
// printed address. ELECTRON_OVERRIDE_DIST_PATH points the electron package at an empty folder,
// so the test never tries to download Electron, even on a machine with internet.

const fixtureRelease = path.join(repoRoot, 'test', 'fixtures', 'releases', 'ml-1m');
const urlPattern = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"]+/;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'movie-assistant-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]) {
  const child = spawn(process.execPath, [cliLauncher, 'start', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron'),
      MOVIE_ASSISTANT_BROWSER: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm start without Electron', () => {
  it('says so in one line, imports the dataset on first run and serves the app in the browser', async () => {
    const dbFile = path.join(dir, 'catalogue.db');
    const run = start(['--db', dbFile, '--dataset', fixtureRelease]);
    try {
      await vi.waitFor(
        () => {
          if (run.child.exitCode !== null)
            throw new Error(`start exited early:\n${run.out()}\n${run.err()}`);
          expect(run.out()).toMatch(urlPattern);
        },
        { timeout: 110_000, interval: 200 },
      );
      const electronLines = run
        .err()
        .split('\n')
        .filter((line) => /electron/i.test(line));
      expect(electronLines).toEqual([ELECTRON_UNAVAILABLE]);
      expect(run.err()).toMatch(/Imported [\d,]+ movies and [\d,]+ ratings/);

      const url = urlPattern.exec(run.out())![0];
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      const info = await fetch(new URL('/api/app.info', url), {
        method: 'POST',
        headers: {
          'x-movie-assistant-token': new URL(url).searchParams.get('token')!,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      const body = (await info.json()) as {
        ok: boolean;
        response: { dbPath: string; catalogue: { movies: number } };
      };
      expect(body.ok).toBe(true);
      expect(body.response.dbPath).toBe(dbFile);
      expect(body.response.catalogue.movies).toBeGreaterThan(0);
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
    }
  });
});
