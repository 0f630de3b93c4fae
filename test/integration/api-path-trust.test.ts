import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../shared/frames';
import type { Session } from '../../main/api/session';
import { startHost, type Host } from '../../main/host/server';
import type { Service } from '../../main/service/create-service';
import { call, callError, openTestService, writeTinyRelease } from '../helpers/service-fixture';

const SECRET_LINE = 'root:x:0:0:the-secret-line:/root:/bin/bash';
const SECRET_NAME = 'secret-name-two-folders-deep.txt';

describe('a web session names no files on this computer; trusted sessions still do', () => {
  let service: Service;
  let close: () => Promise<void>;
  let dir: string;
  let secretFile: string;
  let secretFolder: string;
  let web: Session;
  let profileId: number;

  beforeAll(async () => {
    ({ service, close, dir } = openTestService());
    secretFile = path.join(dir, 'passwd');
    writeFileSync(secretFile, `${SECRET_LINE}\n`);
    secretFolder = path.join(dir, 'home');
    mkdirSync(path.join(secretFolder, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(secretFolder, 'a', 'b', SECRET_NAME), 'x');
    web = service.newSession({ trust: 'web' });
    profileId = (await call(service, web, 'profiles.create', { name: 'Page' })).id;
  });
  afterAll(() => close());

  function expectRefused(error: { code: string; message: string }) {
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/upload|app or the command line/);
    expect(error.message).not.toContain('the-secret-line');
    expect(error.message).not.toContain(SECRET_NAME);
  }

  it('refuses a path as a ratings export, quoting nothing of the file', async () => {
    expectRefused(
      await callError(service, web, 'catalogue.importExport', {
        profileId,
        source: secretFile,
        jobId: 'web-1',
      }),
    );
  });

  it('refuses a folder as a release, listing none of its files', async () => {
    expectRefused(
      await callError(service, web, 'catalogue.import', { source: secretFolder, jobId: 'web-2' }),
    );
  });

  it('refuses paths for training, evaluation, backups and restores', async () => {
    const outDir = path.join(dir, 'elsewhere');
    expectRefused(await callError(service, web, 'engine.pretrain', { jobId: 'web-3', outDir }));
    expectRefused(
      await callError(service, web, 'engine.pretrain', { jobId: 'web-4', dataset: secretFolder }),
    );
    expectRefused(
      await callError(service, web, 'eval.run', {
        jobId: 'web-5',
        dataset: secretFolder,
        protocol: 'A',
      }),
    );
    expectRefused(
      await callError(service, web, 'catalogue.backup', { file: path.join(dir, 'b.backup') }),
    );
    expectRefused(await callError(service, web, 'catalogue.restore', { source: secretFile }));
  });

  it('lets a web session name the test hook’s path, and a trusted session any path', async () => {
    const release = writeTinyRelease(dir);
    const hooked = service.newSession({ trust: 'web', allowedSources: [release] });
    const summary = await call(service, hooked, 'catalogue.import', {
      source: release,
      jobId: 'hook-1',
    });
    expect(summary.movies).toBe(4);

    const trusted = service.newSession();
    const again = await call(service, trusted, 'catalogue.import', {
      source: release,
      jobId: 'trusted-1',
    });
    expect(again.movies).toBe(4);
  });

  describe('through the local host', () => {
    let host: Host;
    beforeAll(async () => {
      host = await startHost({ service, rendererDir: path.join(dir, 'no-renderer') });
    });
    afterAll(() => host.close());

    it('treats a plain HTTP call as a web session', async () => {
      const res = await fetch(`http://127.0.0.1:${host.port}/api/catalogue.importExport`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: host.token, 'content-type': 'application/json' },
        body: JSON.stringify({ profileId, source: secretFile, jobId: 'http-1' }),
      });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { ok: false; error: { code: string; message: string } };
      expectRefused(body.error);
    });
  });
});
