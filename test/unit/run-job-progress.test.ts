import type { EventPayload } from '../../shared/api';
import type { CallContext } from '../../main/api/context';
import { JobRegistry } from '../../main/api/jobs';
import { runJob } from '../../main/api/run-job';

/**
 * runJob relays at most ten progress reports a second, but a new phase or kind of loss is sent at
 * once, after the last held-back report of the one before, so a chart of each kind ends on its
 * last figure (a 6 ms fine-tune would otherwise show one point per kind), and a report with a loss
 * is sent whenever 1/30 of the steps have passed, so a fast job's chart is a curve.
 */
function recordingContext(sent: EventPayload<'job.progress'>[]): CallContext {
  return {
    session: {},
    jobs: new JobRegistry(),
    emit: (event: string, payload: unknown) => {
      if (event === 'job.progress') sent.push(payload as EventPayload<'job.progress'>);
    },
  } as unknown as CallContext;
}

test('charts each kind of loss from its first step to its last, a point every 1/30', async () => {
  const sent: EventPayload<'job.progress'>[] = [];
  await runJob(recordingContext(sent), 'j', 'finetune', async ({ onProgress }) => {
    const report = (current: number, lossName: string) =>
      onProgress({ phase: 'fine-tuning', unit: 'steps', current, total: 90, loss: 1, lossName });
    for (let step = 1; step <= 60; step++) report(step, 'rating error (MSE)');
    for (let step = 61; step <= 90; step++) report(step, 'next-movie loss (network)');
  });
  // all within 100 ms: every third step (90 / 30) of each kind, and its first and last
  const steps = (lossName: string) =>
    sent.filter((p) => p.lossName === lossName).map((p) => p.current);
  const every3 = (from: number, to: number) => [
    ...Array.from({ length: Math.ceil((to - from) / 3) }, (_, k) => from + 3 * k),
    to,
  ];
  expect(steps('rating error (MSE)')).toEqual(every3(1, 60));
  expect(steps('next-movie loss (network)')).toEqual(every3(61, 90));
  expect(sent.map((p) => p.lossName)).toEqual([
    ...every3(1, 60).map(() => 'rating error (MSE)'),
    ...every3(61, 90).map(() => 'next-movie loss (network)'),
  ]);
});

test('progress without a loss stays at ten reports a second', async () => {
  const sent: EventPayload<'job.progress'>[] = [];
  await runJob(recordingContext(sent), 'j', 'import', async ({ onProgress }) => {
    for (let row = 1; row <= 1000; row++)
      onProgress({ phase: 'reading', unit: 'rows', current: row, total: 1000 });
  });
  expect(sent.map((p) => p.current)).toEqual([1, 1000]);
});
