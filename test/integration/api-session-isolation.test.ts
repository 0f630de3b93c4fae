import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/api';
import type { Profile } from '../../shared/domain';
import type { ServerFrame } from '../../shared/frames';
import type { JobOptions } from '../../main/core/jobs';
import type { Ports } from '../../main/api/ports';
import type { Session } from '../../main/api/session';
import { createFrameConnection } from '../../main/host/frame-connection';
import { createServiceFromPorts, type Service } from '../../main/service/create-service';
import { call } from '../helpers/service-fixture';

const LOCKED = 7;
const OPEN = 8;

const profiles = new Map<number, Profile>([
  [LOCKED, { id: LOCKED, name: 'Alice', locked: true, ratingCount: 3, createdAt: 0 }],
  [OPEN, { id: OPEN, name: 'Bob', locked: false, ratingCount: 3, createdAt: 0 }],
]);

/**
 * Just enough of the service's ports for events and jobs: a catalogue that knows two profiles
 * (one locked), and an engine whose fine-tune reports progress, then runs until it is cancelled
 * or `finishFinetune()` is called, and whose model updates the test raises itself.
 */
function fakePorts() {
  let modelUpdated: (event: { profileId: number; seconds: number }) => void = () => undefined;
  let finish: () => void = () => undefined;
  const catalogue = {
    dbPath: ':memory:',
    getProfile: (profileId: number) => profiles.get(profileId) ?? null,
    close: () => undefined,
  };
  const engine = {
    onModelUpdated: (listener: typeof modelUpdated) => {
      modelUpdated = listener;
      return () => undefined;
    },
    finetune: (_profileId: number, options: JobOptions) =>
      new Promise((resolve, reject) => {
        options.onProgress({ phase: 'training', current: 0, total: 3, unit: 'epochs' });
        options.signal.addEventListener('abort', () => reject(options.signal.reason as Error));
        finish = () => resolve({ seconds: 1, ratings: 3, finalLoss: 0.5 });
      }),
    close: async () => undefined,
  };
  const ports = {
    catalogue,
    engine,
    backups: { close: async () => undefined, onDamage: () => () => undefined },
  } as unknown as Ports;
  return {
    ports,
    raiseModelUpdated: (profileId: number) => modelUpdated({ profileId, seconds: 1 }),
    finishFinetune: () => finish(),
  };
}

function heard(service: Service, session: Session): EventName[] {
  const events: EventName[] = [];
  service.onSessionEvent(session, (...[event]) => {
    events.push(event);
  });
  return events;
}

describe('events and job cancels stay with the sessions they belong to', () => {
  let service: Service | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
  });

  function open() {
    const fake = fakePorts();
    service = createServiceFromPorts(fake.ports, { dbFile: ':memory:' });
    const owner = service.newSession();
    owner.unlock(LOCKED);
    const stranger = service.newSession();
    return { ...fake, service, owner, stranger };
  }

  it('tells a locked profile’s model updates only to sessions that opened it', () => {
    const { service, owner, stranger, raiseModelUpdated } = open();
    const ownerHeard = heard(service, owner);
    const strangerHeard = heard(service, stranger);

    raiseModelUpdated(LOCKED);
    expect(ownerHeard).toEqual(['profile.modelUpdated']);
    expect(strangerHeard).toEqual([]);

    // A profile without a passphrase is everyone's to open, and so are its events.
    raiseModelUpdated(OPEN);
    expect(strangerHeard).toEqual(['profile.modelUpdated']);
  });

  it('keeps a locked profile’s fine-tune progress from a session that never unlocked it', async () => {
    const { service, owner, stranger, finishFinetune } = open();
    const ownerHeard = heard(service, owner);
    const strangerHeard = heard(service, stranger);

    const finetune = call(service, owner, 'engine.finetune', { profileId: LOCKED, jobId: 'ft-1' });
    await new Promise((resolve) => setImmediate(resolve));
    finishFinetune();
    await finetune;

    expect(ownerHeard).toEqual(['job.progress', 'job.finished']);
    expect(strangerHeard).toEqual([]);
  });

  it('pushes over a frame connection only what its session may hear', async () => {
    const { service, raiseModelUpdated } = open();
    const frames: ServerFrame[] = [];
    const connection = createFrameConnection(service, (frame) => frames.push(frame), {
      trust: 'web',
    });
    raiseModelUpdated(LOCKED);
    expect(frames).toEqual([]);
    connection.session.unlock(LOCKED);
    raiseModelUpdated(LOCKED);
    expect(frames).toEqual([
      { event: 'profile.modelUpdated', payload: { profileId: LOCKED, seconds: 1 } },
    ]);
    connection.close();
  });

  it('lets only the session that started a job cancel it', async () => {
    const { service, owner, stranger, finishFinetune } = open();
    const finetune = service.dispatch(
      'engine.finetune',
      { profileId: LOCKED, jobId: 'ft-2' },
      owner,
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(await call(service, stranger, 'jobs.cancel', { jobId: 'ft-2' })).toEqual({
      cancelled: false,
    });
    expect(await call(service, owner, 'jobs.cancel', { jobId: 'ft-2' })).toEqual({
      cancelled: true,
    });
    finishFinetune();
    const result = await finetune;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('leaves a job running when another session tries to cancel it', async () => {
    const { service, owner, stranger, finishFinetune } = open();
    const finetune = service.dispatch('engine.finetune', { profileId: OPEN, jobId: 'ft-3' }, owner);
    await new Promise((resolve) => setImmediate(resolve));
    await call(service, stranger, 'jobs.cancel', { jobId: 'ft-3' });
    finishFinetune();
    expect(await finetune).toMatchObject({ ok: true, response: { ratings: 3 } });
  });
});
