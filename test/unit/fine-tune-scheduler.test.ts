import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { FineTuneScheduler, type FineTuneRun } from '../../main/engine/runtime/fine-tune-scheduler';

/** A fine-tune job that waits until the test finishes it, recording what it was told. */
function controlledJobs() {
  const started: { profileId: number; run: FineTuneRun; finish: () => void }[] = [];
  const job = (profileId: number, run: FineTuneRun) =>
    new Promise<string>((resolve, reject) => {
      const finish = () =>
        run.cancelled() ? reject(new Error('cancelled')) : resolve(`tuned ${profileId}`);
      started.push({ profileId, run, finish });
    });
  return { started, job };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('fine-tune scheduler', () => {
  test('debounces: only the last request of a burst runs, after the delay', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    scheduler.schedule(1);
    await vi.advanceTimersByTimeAsync(600);
    scheduler.schedule(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(started).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(started.map((s) => s.profileId)).toEqual([1]);
  });

  test('a second run waits for the running one', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    const first = scheduler.run(2);
    const second = scheduler.run(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(1);
    started[0].finish();
    await expect(first).resolves.toBe('tuned 2');
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(2);
    started[1].finish();
    await expect(second).resolves.toBe('tuned 2');
    expect(scheduler.busy).toBe(false);
  });

  test('cancel clears the timer, aborts the running job and stops the one waiting behind it', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    const running = scheduler.run(3);
    const waiting = scheduler.run(3).catch((e: Error) => e);
    scheduler.schedule(3);
    expect(vi.getTimerCount()).toBe(1);
    const stopped = scheduler.cancel(3);
    expect(vi.getTimerCount()).toBe(0);
    expect(started[0].run.signal.aborted).toBe(true);
    expect(started[0].run.cancelled()).toBe(true);
    started[0].finish();
    await expect(running).rejects.toThrow('cancelled');
    await stopped;
    expect(await waiting).toMatchObject({ name: 'TrainingCancelledError' });
    expect(started).toHaveLength(1);
    expect(scheduler.busy).toBe(false);
  });

  test('cancelling one profile leaves the others alone; cancelAll ends every one', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    scheduler.schedule(4);
    scheduler.schedule(5);
    void scheduler.cancel(4);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started.map((s) => s.profileId)).toEqual([5]);
    scheduler.schedule(6);
    const all = scheduler.cancelAll();
    expect(vi.getTimerCount()).toBe(0);
    expect(started[0].run.cancelled()).toBe(true);
    started[0].finish();
    await all;
    expect(scheduler.busy).toBe(false);
  });

  test('a new run after a cancel is not cancelled; the caller’s own signal aborts it too', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    await scheduler.cancel(7);
    const caller = new AbortController();
    const run = scheduler.run(7, { signal: caller.signal, onProgress: () => {} });
    expect(started[0].run.cancelled()).toBe(false);
    caller.abort();
    expect(started[0].run.signal.aborted).toBe(true);
    expect(started[0].run.cancelled()).toBe(false);
    started[0].finish();
    await expect(run).resolves.toBe('tuned 7');
  });

  test('after close nothing is scheduled and runs are cancelled', async () => {
    const { started, job } = controlledJobs();
    const scheduler = new FineTuneScheduler(job, 1000);
    await scheduler.close();
    scheduler.schedule(8);
    expect(vi.getTimerCount()).toBe(0);
    await expect(scheduler.run(8)).rejects.toMatchObject({ name: 'TrainingCancelledError' });
    expect(started).toHaveLength(0);
  });
});
