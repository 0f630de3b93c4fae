import { readdirSync } from 'node:fs';
import type { EventPayload } from '../../shared/api';
import { EvaluationRow, type JobProgress } from '../../shared/domain';
import { evaluateInWorker } from '../../main/eval/evaluate-in-worker';
import {
  call,
  callError,
  openTestService,
  sharedDatasetDir,
  tempDir,
} from '../helpers/service-fixture';

const modelsDir = 'models';

describe('an evaluation runs off the thread that answers people', () => {
  it('answers searches while eval.run fits EASE, and returns its rows', async () => {
    const opened = openTestService();
    try {
      const { service } = opened;
      const session = service.newSession();
      const job = call(service, session, 'eval.run', {
        jobId: 'eval-1',
        dataset: sharedDatasetDir('ml-100k'),
        protocol: 'C',
        model: 'ease',
      });
      let settled = false;
      void job.finally(() => (settled = true)).catch(() => {});
      // how late each 20 ms pause ends: on the service's thread EASE's fit held it for over 3 s
      const lateMs: number[] = [];
      let searches = 0;
      while (!settled) {
        await call(service, session, 'search.movies', { query: 'star', limit: 5 });
        searches++;
        const paused = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 20));
        lateMs.push(performance.now() - paused - 20);
      }
      const rows = await job;
      for (const row of rows) EvaluationRow.parse(row);
      expect(rows.find((r) => r.metric === 'NDCG@20')!.value).toBeGreaterThan(0.2);
      expect(searches).toBeGreaterThan(10);
      expect(Math.max(...lateMs)).toBeLessThan(1500);
    } finally {
      await opened.close();
    }
  });

  it('stops at once when cancelled, mid-protocol, and says so', async () => {
    const opened = openTestService();
    try {
      const { service } = opened;
      const session = service.newSession();
      const finished: EventPayload<'job.finished'>[] = [];
      let cancelAnswer: Promise<unknown> | null = null;
      service.onEvent((event, payload) => {
        const progress = payload as JobProgress;
        // the harness looks at its signal only between protocols: this one trains for minutes
        if (event === 'job.progress' && progress.phase.includes('protocol') && !cancelAnswer)
          cancelAnswer = call(service, session, 'jobs.cancel', { jobId: 'eval-2' });
        if (event === 'job.finished') finished.push(payload as EventPayload<'job.finished'>);
      });
      const error = await callError(service, session, 'eval.run', {
        jobId: 'eval-2',
        dataset: sharedDatasetDir('ml-100k'),
        protocol: 'C',
        model: 'recency-hybrid',
      });
      expect(error.code).toBe('cancelled');
      expect(await cancelAnswer).toEqual({ cancelled: true });
      expect(finished).toEqual([expect.objectContaining({ jobId: 'eval-2', ok: false })]);
    } finally {
      await opened.close();
    }
  });

  it('leaves no temporary catalogue behind, cancelled or finished', async () => {
    const temp = tempDir();
    try {
      const controller = new AbortController();
      const cancelled = evaluateInWorker(
        {
          dataset: sharedDatasetDir('ml-latest-small'),
          protocol: 'B',
          model: 'popularity',
          modelsDir,
        },
        {
          signal: controller.signal,
          // cancelled while the release is imported into the temporary catalogue
          onProgress: (p) => p.phase === 'loading dataset' && controller.abort(),
        },
        temp.dir,
      );
      await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
      expect(readdirSync(temp.dir)).toEqual([]);

      const rows = await evaluateInWorker(
        { dataset: sharedDatasetDir('ml-100k'), protocol: 'B', model: 'popularity', modelsDir },
        { signal: new AbortController().signal, onProgress: () => {} },
        temp.dir,
      );
      expect(rows.find((r) => r.metric === 'HR@10')!.value).toBeCloseTo(0.0498, 3);
      expect(readdirSync(temp.dir)).toEqual([]);
    } finally {
      temp.remove();
    }
  });
});
