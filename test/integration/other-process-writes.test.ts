import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { WaitingWrites } from '../../main/catalogue/waiting-writes';
import { ChunkedWrites } from '../../main/importers/chunked-writes';
import { repoRoot } from '../helpers/repo-paths';
import { tempDir } from '../helpers/service-fixture';

const child = path.join(repoRoot, 'test', 'integration', 'support', 'write-child.ts');
const sleeper = new Int32Array(new SharedArrayBuffer(4));

describe('a long import in one process and a write in another', () => {
  const temp = tempDir('movie-assistant-other-process-');
  afterAll(() => temp.remove());

  test('the import ends its chunk for the write the other process announces, and lets it in', async () => {
    const file = path.join(temp.dir, 'catalogue.db');
    const db = openCatalogue(file);
    db.exec('CREATE TABLE t (v INTEGER)');
    const proc = spawn(process.execPath, ['--import', 'tsx', child, file, '2'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    await new Promise<void>((resolve) =>
      proc.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );

    // a chunk may hold the lock for a minute: only the announced write can end it early
    const writes = new ChunkedWrites(db, 60_000, 0);
    writes.beforeWrite();
    db.prepare('INSERT INTO t VALUES (1)').run();
    await new Promise((resolve) => proc.stdin.write('go\n', resolve));

    const others = new WaitingWrites(file);
    const waitUntil = (done: () => boolean) => {
      for (const until = Date.now() + 15_000; !done() && Date.now() < until;)
        Atomics.wait(sleeper, 0, 0, 1);
    };
    waitUntil(() => others.othersWaiting()); // the child's write waits for the lock now
    const seen = others.othersWaiting();
    // the import goes on writing, as it does between its batches
    waitUntil(() => {
      writes.beforeWrite();
      return !others.othersWaiting();
    });
    const written = db.prepare('SELECT v FROM t ORDER BY v').pluck().all();
    writes.commit();
    expect(seen).toBe(true);
    expect(written).toEqual([1, 2]);
    expect(await exited).toBe(0);
    db.close();
  }, 60_000);
});
