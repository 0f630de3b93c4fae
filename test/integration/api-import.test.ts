import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api';
import { call, callError, openTestService, sharedDatasetDir } from '../helpers/service-fixture';

type Seen = { event: EventName; payload: EventPayload<EventName> };

describe('imports through the API run in a worker with progress and cancel', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('imports ml-latest-small with progress events, then says the catalogue changed', async () => {
    const opened = openTestService();
    close = opened.close;
    const { service } = opened;
    const seen: Seen[] = [];
    service.onEvent((event, payload) => seen.push({ event, payload }));

    const summary = await call(service, service.newSession(), 'catalogue.import', {
      source: sharedDatasetDir('ml-latest-small'),
      jobId: 'import-1',
    });
    expect(summary).toMatchObject({ movies: 9742, ratings: 100836, users: 610 });

    const progress = seen
      .filter((s) => s.event === 'job.progress')
      .map((s) => s.payload as EventPayload<'job.progress'>);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.jobId === 'import-1' && p.kind === 'import')).toBe(true);
    const finished = seen.find((s) => s.event === 'job.finished')
      ?.payload as EventPayload<'job.finished'>;
    expect(finished).toMatchObject({ jobId: 'import-1', ok: true });
    expect(seen.map((s) => s.event)).toContain('catalogue.changed');

    const info = await call(service, service.newSession(), 'app.info', {});
    expect(info.catalogue.movies).toBe(9742);
  });

  it('cancels an import with jobs.cancel and leaves the catalogue as it was', async () => {
    const opened = openTestService();
    close = opened.close;
    const { service } = opened;
    const session = service.newSession();
    let cancelAnswer: Promise<unknown> | null = null;
    const finished: EventPayload<'job.finished'>[] = [];
    service.onEvent((event, payload) => {
      if (event === 'job.progress' && !cancelAnswer) {
        cancelAnswer = call(service, session, 'jobs.cancel', { jobId: 'import-2' });
      }
      if (event === 'job.finished') finished.push(payload as EventPayload<'job.finished'>);
    });

    const error = await callError(service, session, 'catalogue.import', {
      source: sharedDatasetDir('ml-latest-small'),
      jobId: 'import-2',
    });
    expect(error.code).toBe('cancelled');
    expect(await cancelAnswer).toEqual({ cancelled: true });
    expect(finished).toEqual([expect.objectContaining({ jobId: 'import-2', ok: false })]);
    const info = await call(service, session, 'app.info', {});
    expect(info.catalogue.movies).toBe(0);
    expect(await call(service, session, 'jobs.cancel', { jobId: 'import-2' })).toEqual({
      cancelled: false,
    });
  });

  it('names the file and what was wrong when a source cannot be imported', async () => {
    const opened = openTestService();
    close = opened.close;
    const error = await callError(opened.service, opened.service.newSession(), 'catalogue.import', {
      source: '/nonexistent/movielens.zip',
      jobId: 'import-3',
    });
    expect(error.code).not.toBe('bad-request');
    expect(error.message).toMatch(/movielens\.zip/);
  });
});
