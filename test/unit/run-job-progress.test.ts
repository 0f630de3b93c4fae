import type { EventPayload } from '../../shared/api';
import type { CallContext } from '../../main/api/context';
import { JobRegistry } from '../../main/api/jobs';
import { runJob } from '../../main/api/run-job';

/**
 * runJob relays at most ten progress reports a second, but a new phase or kind of loss is sent at
 * once, after the last held-back report of the one before, so a chart of each kind ends on its
 * last figure (a 6 ms fine-tune would otherwise show one point per kind).
 */
test('sends the last report of a kind of loss before the next kind starts', async () => {
  const sent: EventPayload<'job.progress'>[] = [];
  const ctx = {
    session: {},
    jobs: new JobRegistry(),
    emit: (event: string, payload: unknown) => {
      if (event === 'job.progress') sent.push(payload as EventPayload<'job.progress'>);
    },
  } as unknown as CallContext;
  await runJob(ctx, 'j', 'finetune', async ({ onProgress }) => {
    const report = (current: number, lossName: string) =>
      onProgress({ phase: 'fine-tuning', unit: 'steps', current, total: 90, loss: 1, lossName });
    for (let step = 1; step <= 60; step++) report(step, 'rating error (MSE)');
    for (let step = 61; step <= 90; step++) report(step, 'next-movie loss (network)');
  });
  // all within 100 ms: the first and last report of each kind
  expect(sent.map((p) => [p.current, p.lossName])).toEqual([
    [1, 'rating error (MSE)'],
    [60, 'rating error (MSE)'],
    [61, 'next-movie loss (network)'],
    [90, 'next-movie loss (network)'],
  ]);
});
