import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import { createClient, type Transport } from '../../shared/client';
import type { ServerFrame } from '../../shared/frames';
import { createFrameConnection, type FrameConnection } from '../../main/host/frame-connection';
import type { Service } from '../../main/service/create-service';
import { openTestService, writeTinyRelease } from '../helpers/service-fixture';

/** A message transport without sockets, as Electron's IPC relay uses it: frames in, frames out. */
function inProcessTransport(service: Service): {
  transport: Transport;
  connection: FrameConnection;
} {
  let deliver: (frame: ServerFrame) => void = () => undefined;
  // Frames cross a structured-clone boundary in IPC; JSON round trips stand in for it here.
  const connection = createFrameConnection(
    service,
    (frame) => queueMicrotask(() => deliver(JSON.parse(JSON.stringify(frame)) as ServerFrame)),
    { trust: 'trusted' },
  );
  const transport: Transport = {
    send: (frame) => connection.receive(JSON.parse(JSON.stringify(frame))),
    onFrame: (listener) => (deliver = listener),
  };
  return { transport, connection };
}

describe('a frame connection (what Electron IPC and the WebSocket share)', () => {
  let service: Service;
  let close: () => Promise<void>;
  let dir: string;

  beforeAll(() => {
    const opened = openTestService();
    ({ service, close, dir } = opened);
  });
  afterAll(() => close());

  it('answers typed calls, applies schema defaults and pushes events', async () => {
    const { transport, connection } = inProcessTransport(service);
    const api = createClient(transport);
    const progress: EventPayload<'job.progress'>[] = [];
    const changed: string[] = [];
    api.on('job.progress', (p) => progress.push(p));
    const stop = api.on('catalogue.changed', (p) => changed.push(p.reason));

    const summary = await api.call('catalogue.import', {
      source: writeTinyRelease(dir),
      jobId: 'frames-1',
    });
    expect(summary.ratings).toBe(5);
    expect(progress.length).toBeGreaterThan(0);
    expect(changed).toHaveLength(1);
    stop();

    const found = await api.call('search.movies', { query: 'jum' });
    expect(found.movies.map((m) => m.id)).toEqual([2]);
    connection.close();
  });

  it('rejects with the service’s ApiError code and message', async () => {
    const { transport, connection } = inProcessTransport(service);
    const api = createClient(transport);
    await expect(api.call('profiles.rename', { profileId: 4242, name: 'X' })).rejects.toMatchObject(
      {
        name: 'ApiError',
        code: 'not-found',
      },
    );
    await expect(api.call('profiles.create', { name: '' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/^Bad request to profiles\.create: name: /),
    });
    connection.close();
  });

  it('keeps a closed connection from receiving events', async () => {
    const seen: string[] = [];
    const connection = createFrameConnection(service, (frame) => seen.push(JSON.stringify(frame)), {
      trust: 'trusted',
    });
    connection.close();
    const session = service.newSession();
    await service.dispatch(
      'catalogue.import',
      { source: writeTinyRelease(dir), jobId: 'frames-2' },
      session,
    );
    expect(seen).toEqual([]);
  });
});
