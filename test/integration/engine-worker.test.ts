import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BackendName } from '../../shared/domain';
import { AbortError } from '../../main/engine/models/model-definition';
import { readManifest } from '../../main/engine/runtime/model-store';
import { runTrainingJob, TrainingWorker } from '../../main/engine/runtime/run-training-job';
import type { TrainingProgress } from '../../main/engine/runtime/training-jobs';
import { loadMlLatestSmall } from '../helpers/movielens-csv';

const dataset = loadMlLatestSmall();
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'engine-worker-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('training in the worker thread', () => {
  test('pretrains ml-latest-small with progress while the main thread keeps answering', async () => {
    const progress: TrainingProgress[] = [];
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 10);
    try {
      const outcome = await runTrainingJob(
        {
          kind: 'pretrain',
          dataset,
          model: 'biased-mf',
          modelsDir: path.join(tmp, 'a'),
          seed: 3,
          settings: { epochs: 4 },
        },
        { onProgress: (p) => progress.push(p) },
      );
      expect(outcome.manifest.dataset).toMatchObject({
        name: 'ml-latest-small',
        users: 610,
        ratings: 100836,
      });
      expect(outcome.manifest.seed).toBe(3);
      expect(BackendName.options).toContain(outcome.manifest.backend);
    } finally {
      clearInterval(timer);
    }
    expect(progress.map((p) => p.current)).toEqual([1, 2, 3, 4]);
    expect(
      progress.every((p) => p.unit === 'epochs' && p.total === 4 && Number.isFinite(p.loss)),
    ).toBe(true);
    expect(progress[3].loss).toBeLessThan(progress[0].loss);
    expect(progress[3].etaSeconds).toBe(0);
    // the main thread's 10 ms timer kept firing during training
    expect(gaps.length).toBeGreaterThan(10);
    expect(Math.max(...gaps.slice(1))).toBeLessThan(500);
  });

  test('is deterministic given a seed', async () => {
    await runTrainingJob({
      kind: 'pretrain',
      dataset,
      model: 'biased-mf',
      modelsDir: path.join(tmp, 'b'),
      seed: 3,
      settings: { epochs: 4 },
    });
    const a = await readFile(path.join(tmp, 'a', 'biased-mf', 'itemVectors.f32'));
    const b = await readFile(path.join(tmp, 'b', 'biased-mf', 'itemVectors.f32'));
    expect(Buffer.compare(a, b)).toBe(0);
  });

  test('cancellation stops between batches and keeps the last good model', async () => {
    const before = await readManifest(path.join(tmp, 'a', 'biased-mf'));
    const controller = new AbortController();
    const run = runTrainingJob(
      {
        kind: 'pretrain',
        dataset,
        model: 'biased-mf',
        modelsDir: path.join(tmp, 'a'),
        seed: 4,
        settings: { epochs: 50 },
      },
      { signal: controller.signal, onProgress: (p) => p.current === 1 && controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    const after = await readManifest(path.join(tmp, 'a', 'biased-mf'));
    expect(after).toEqual(before);
  });

  test('fine-tunes in a long-lived worker that keeps the model loaded', async () => {
    const worker = new TrainingWorker();
    try {
      const manifest = await readManifest(path.join(tmp, 'a', 'biased-mf'));
      const history = {
        items: Int32Array.of(0, 10, 20, 30, 40),
        ratings: Float32Array.of(5, 4, 1, 3.5, 4.5),
        times: Float64Array.of(1, 2, 3, 4, 5),
      };
      const start = {
        model: 'biased-mf',
        kind: 'folded-in' as const,
        userVector: new Float32Array(32),
        params: { bias: Float32Array.of(0) },
      };
      const job = {
        kind: 'finetune' as const,
        modelsDir: path.join(tmp, 'a'),
        model: 'biased-mf',
        modelVersion: manifest.version,
        history,
        start,
      };
      const first = await worker.run(job);
      const second = await worker.run(job);
      expect(first.state.kind).toBe('fine-tuned');
      expect(second.state.userVector).toEqual(first.state.userVector);
      expect(second.seconds).toBeLessThan(1);
      await expect(worker.run({ ...job, modelVersion: 'not-this-one' })).rejects.toThrow(
        /expected not-this-one/,
      );
    } finally {
      await worker.close();
    }
  });
});
