import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, type EventName } from '../../shared/api';
import { createClient, webSocketTransport, type WebSocketLike } from '../../shared/client';
import { TOKEN_HEADER, TOKEN_META_NAME } from '../../shared/frames';
import { startHost, type Host } from '../../main/host/server';
import type { Service } from '../../main/service/create-service';
import { openTestService, writeTinyRelease } from '../helpers/service-fixture';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(
  host: Host,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: Buffer | string,
) {
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathAndQuery,
        method,
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

describe('the local host', () => {
  let service: Service;
  let closeService: () => Promise<void>;
  let host: Host;
  let dir: string;
  let rendererDir: string;
  let tinyRelease: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    const opened = openTestService();
    service = opened.service;
    closeService = opened.close;
    dir = opened.dir;
    rendererDir = path.join(dir, 'renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    tinyRelease = writeTinyRelease(dir);
    // A page may name no path but the test hook's (MOVIE_ASSISTANT_STUB_IMPORT_PATH).
    host = await startHost({ service, rendererDir, testImportPath: tinyRelease });
  });
  afterAll(async () => {
    for (const ws of sockets) ws.close();
    await host.close();
    await closeService();
  });

  async function client() {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    sockets.push(ws);
    return createClient(webSocketTransport(ws as unknown as WebSocketLike));
  }

  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${encodeURIComponent(host.token)}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('says when its port is taken by another program', async () => {
    await expect(startHost({ service, rendererDir, port: host.port })).rejects.toThrow(
      `Port ${host.port} on 127.0.0.1 is already in use by another program`,
    );
  });

  it('serves the page only with the token, injected into it, under a strict CSP', async () => {
    expect((await get(host, '/')).status).toBe(403);
    expect((await get(host, '/?token=nope')).status).toBe(403);
    const page = await get(host, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="${TOKEN_META_NAME}" content="${host.token}" />`);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(?! 'unsafe-inline')/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const asset = await get(host, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await get(host, '/../../etc/passwd')).status).toBe(404);
    expect((await get(host, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses a foreign Host or Origin with 403', async () => {
    const token = { [TOKEN_HEADER]: host.token };
    expect(
      (await get(host, `/?token=${host.token}`, { host: `evil.example:${host.port}` })).status,
    ).toBe(403);
    expect(
      (
        await get(
          host,
          '/api/profiles.list',
          { ...token, origin: 'http://evil.example' },
          'POST',
          '{}',
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await get(
          host,
          '/api/profiles.list',
          { ...token, host: `localhost:${host.port}` },
          'POST',
          '{}',
        )
      ).status,
    ).toBe(200);
    await expect(
      openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
        origin: 'http://evil.example',
      }),
    ).rejects.toThrow(/403/);
    await expect(
      openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
        host: `attacker.test:${host.port}`,
      }),
    ).rejects.toThrow(/403/);
  });

  it('refuses calls without the right token', async () => {
    expect((await get(host, '/api/profiles.list', {}, 'POST', '{}')).status).toBe(401);
    expect(
      (await get(host, '/api/profiles.list', { [TOKEN_HEADER]: 'wrong' }, 'POST', '{}')).status,
    ).toBe(401);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws?token=wrong`)).rejects.toThrow(/403/);

    const late = await openSocket(`ws://127.0.0.1:${host.port}/ws`);
    const closed = new Promise<number>((resolve) => late.once('close', (code) => resolve(code)));
    late.send(JSON.stringify({ auth: 'wrong' }));
    expect(await closed).toBe(4403);
  });

  it('accepts the token as the first WebSocket message', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws`);
    sockets.push(ws);
    ws.send(JSON.stringify({ auth: host.token }));
    const api = createClient(webSocketTransport(ws as unknown as WebSocketLike));
    expect(Array.isArray(await api.call('profiles.list', {}))).toBe(true);
  });

  it('answers calls and pushes job events over the WebSocket', async () => {
    const api = await client();
    const seen: EventName[] = [];
    const progressJobs = new Set<string>();
    api.on('job.progress', (p) => progressJobs.add(p.jobId));
    for (const event of ['job.progress', 'job.finished', 'catalogue.changed'] as const)
      api.on(event, () => seen.push(event));

    const summary = await api.call('catalogue.import', {
      source: tinyRelease,
      jobId: 'ws-import',
    });
    expect(summary.movies).toBe(4);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain('job.finished');
    expect(seen).toContain('catalogue.changed');
    expect([...progressJobs]).toEqual(['ws-import']);
    const found = await api.call('search.movies', { query: 'toy' });
    expect(found.movies.map((m) => m.title)).toContain('Toy Story');
  });

  it('gives a readable error for a bad request', async () => {
    const api = await client();
    const error = await api
      .call('ratings.set', { profileId: 1, movieId: 1, rating: 9 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad-request');
    expect((error as ApiError).message).toMatch(/rating/);
    const ws = sockets.at(-1)!;
    const reply = new Promise<string>((resolve) =>
      ws.once('message', (data) => resolve(String(data))),
    );
    ws.send('not json');
    expect(JSON.parse(await reply)).toMatchObject({
      id: null,
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('ends only the connection that sends an oversized frame', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(2_000_000));
    expect(await closed).toBe(1009);
    const api = await client();
    expect(Array.isArray(await api.call('profiles.list', {}))).toBe(true);
  });

  it('keeps unlocked profiles per connection', async () => {
    const first = await client();
    const second = await client();
    const locked = await first.call('profiles.create', { name: 'Secret', passphrase: 'hunter22' });
    await expect(first.call('ratings.list', { profileId: locked.id })).resolves.toEqual([]);
    await expect(second.call('ratings.list', { profileId: locked.id })).rejects.toMatchObject({
      code: 'locked',
    });
  });

  // Runs after the WebSocket test above, which imported the tiny release.
  it('takes an upload and imports it by its token', async () => {
    const api = await client();
    const profile = await api.call('profiles.create', { name: 'Uploader' });
    const letterboxd = Buffer.from(
      'Date,Name,Year,Letterboxd URI,Rating\n' +
        '2024-01-02,Toy Story,1995,https://boxd.it/a,4.5\n' +
        '2024-01-03,Not A Real Film,2031,https://boxd.it/b,3\n',
    );
    const headers = { [TOKEN_HEADER]: host.token, origin: `http://127.0.0.1:${host.port}` };
    const res = await get(host, '/upload?name=ratings.csv', headers, 'POST', letterboxd);
    expect(res.status).toBe(200);
    const { response } = JSON.parse(res.body) as { response: { source: string; bytes: number } };
    expect(response.source).toMatch(/^upload:[0-9a-f]+$/);
    expect(response.bytes).toBe(letterboxd.length);
    expect((await get(host, '/upload?name=x.csv', {}, 'POST', letterboxd)).status).toBe(401);

    const summary = await api.call('catalogue.importExport', {
      profileId: profile.id,
      source: response.source,
      jobId: 'up-1',
    });
    expect(summary).toMatchObject({ format: 'letterboxd', rows: 2, matched: 1 });
    expect(summary.unmatched.map((u) => u.title)).toEqual(['Not A Real Film']);
    expect(
      (await api.call('ratings.list', { profileId: profile.id })).map((r) => [r.movieId, r.rating]),
    ).toEqual([[1, 4.5]]);

    const missing = await api
      .call('catalogue.importExport', {
        profileId: profile.id,
        source: 'upload:feedbeef',
        jobId: 'up-2',
      })
      .catch((e: ApiError) => e);
    expect(missing).toMatchObject({ code: 'not-found' });
  });
});
