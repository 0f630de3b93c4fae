import { ApiError } from '../../shared/api';
import type { JobProgress } from '../../shared/domain';
import { lossSeries } from '../../renderer/src/components/charts';
import { addLoss, attachJobEvents, runJob, useJobs } from '../../renderer/src/stores/jobs';
import { useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

function progress(jobId: string, current: number, loss?: number): JobProgress {
  return {
    jobId,
    kind: 'finetune',
    phase: 'training',
    current,
    total: 5,
    unit: 'epochs',
    ...(loss === undefined ? {} : { loss }),
  };
}

describe('the jobs store', () => {
  beforeEach(resetStores);

  it('keeps one loss point per epoch, in order', () => {
    let points = addLoss([], progress('j', 2, 0.5));
    points = addLoss(points, progress('j', 1, 0.9));
    points = addLoss(points, progress('j', 2, 0.45));
    points = addLoss(points, progress('j', 3));
    expect(points).toEqual([
      { step: 1, loss: 0.9, validationLoss: null, series: 'training loss' },
      { step: 2, loss: 0.45, validationLoss: null, series: 'training loss' },
    ]);
  });

  it('keeps what each loss measures, so kinds are charted apart', () => {
    const named = { ...progress('j', 4, 3.9), lossName: 'next-movie loss (network)' };
    const points = addLoss(addLoss([], progress('j', 3, 0.8)), named);
    expect(points.map((p) => p.series)).toEqual(['training loss', 'next-movie loss (network)']);
    expect(lossSeries(points).map((s) => [s.name, s.points.length])).toEqual([
      ['training loss', 1],
      ['next-movie loss (network)', 1],
    ]);
  });

  it('follows progress events of a job it runs, and marks it done', async () => {
    const api = useFakeApi();
    const off = attachJobEvents();
    let seenId = '';
    const result = await runJob('finetune', async (jobId) => {
      seenId = jobId;
      api.emit('job.progress', progress(jobId, 1, 0.8));
      api.emit('job.progress', progress(jobId, 2, 0.6));
      expect(useJobs.getState().jobs[jobId].status).toBe('running');
      return 42;
    });
    off();
    expect(result).toBe(42);
    const job = useJobs.getState().jobs[seenId];
    expect(job.status).toBe('done');
    expect(job.losses.map((p) => p.loss)).toEqual([0.8, 0.6]);
  });

  it('records a cancelled job as cancelled, not failed', async () => {
    useFakeApi();
    let seenId = '';
    await expect(
      runJob('import', async (jobId) => {
        seenId = jobId;
        throw new ApiError('cancelled', 'Cancelled by the user');
      }),
    ).rejects.toThrow();
    expect(useJobs.getState().jobs[seenId].status).toBe('cancelled');
  });

  it('tracks jobs the service started by itself', () => {
    const api = useFakeApi();
    const off = attachJobEvents();
    api.emit('job.progress', progress('auto-1', 1, 0.7));
    api.emit('job.finished', { jobId: 'auto-1', kind: 'finetune', ok: true });
    off();
    expect(useJobs.getState().jobs['auto-1']).toMatchObject({ status: 'done', kind: 'finetune' });
  });
});
