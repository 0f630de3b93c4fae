import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { TOKEN_HEADER } from '../../shared/frames';
import { startHost, type Host } from '../../main/host/server';
import { MAX_UPLOAD_BYTES } from '../../main/host/upload';
import type { Service } from '../../main/service/create-service';
import { openTestService } from '../helpers/service-fixture';

/** The host's upload endpoint refuses uploads over its limit with 413 (issue 12, item 12). */

const LIMIT = 1000;

let host: Host;
let service: Service;
let closeService: () => Promise<void>;

beforeAll(async () => {
  const opened = openTestService();
  service = opened.service;
  closeService = opened.close;
  host = await startHost({ service, rendererDir: opened.dir, maxUploadBytes: LIMIT });
});

afterAll(async () => {
  await host.close();
  await closeService();
});

function upload(body: Buffer, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${host.port}`,
      origin: `http://127.0.0.1:${host.port}`,
      [TOKEN_HEADER]: host.token,
    };
    if (chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path: '/upload?name=big.zip', method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Several writes without a Content-Length: the limit must hold while bytes arrive.
      for (let at = 0; at < body.length; at += 300) req.write(body.subarray(at, at + 300));
      req.end();
    } else req.end(body);
  });
}

/** The files the upload store holds (its private temp folder). */
function storedUploads(): string[] {
  const dir = (service.uploads as unknown as { dir: string | null }).dir;
  return dir ? readdirSync(dir) : [];
}

describe('upload size limit', () => {
  it('defaults to 2 GiB', () => {
    expect(MAX_UPLOAD_BYTES).toBe(2 * 1024 ** 3);
  });

  it('refuses an upload whose Content-Length is over the limit with 413 and a clear message', async () => {
    const res = await upload(Buffer.alloc(LIMIT + 1, 0x61), false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: {
        code: 'bad-request',
        message: expect.stringMatching(/^big\.zip is larger than 1000 bytes, the most an upload/),
      },
    });
    expect(storedUploads()).toEqual([]);
  });

  it('refuses a chunked upload once it passes the limit, removing the partial file', async () => {
    const res = await upload(Buffer.alloc(3 * LIMIT, 0x61), true);
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/is larger than 1000 bytes/);
    expect(storedUploads()).toEqual([]);
  });

  it('takes an upload within the limit', async () => {
    const res = await upload(Buffer.alloc(LIMIT, 0x61), true);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, response: { bytes: LIMIT } });
    expect(storedUploads()).toHaveLength(1);
  });
});
