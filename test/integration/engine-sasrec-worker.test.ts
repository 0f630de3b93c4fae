import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AbortError } from '../../main/engine/models/model-definition';
import { loadModel, readManifest } from '../../main/engine/runtime/model-store';
import { runTrainingJob, TrainingWorker } from '../../main/engine/runtime/run-training-job';
import type { TrainingProgress } from '../../main/engine/runtime/training-jobs';
import { loadMlLatestSmall } from '../helpers/movielens-csv';

/**
 * SASRec where the app trains it: pretraining in the training worker with progress per epoch and
 * cancellation, saved to the model store and loaded back, and a person's fine-tune in the worker
 * on a 500-rating profile well under a second.
 */
const dataset = loadMlLatestSmall();
const settings = { epochs: 2, dim: 32, maxLength: 50 };
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'engine-sasrec-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('sasrec in the training worker', () => {
  test('pretrains with progress per epoch, saves, loads, and fine-tunes a 500-rating profile', async () => {
    const progress: TrainingProgress[] = [];
    const modelsDir = path.join(tmp, 'a');
    await runTrainingJob(
      { kind: 'pretrain', dataset, model: 'sasrec', modelsDir, seed: 3, settings },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.map((p) => p.current)).toEqual([1, 2]);
    expect(progress.every((p) => p.unit === 'epochs' && Number.isFinite(p.loss))).toBe(true);
    expect(progress[1].loss).toBeLessThan(progress[0].loss);

    const manifest = await readManifest(path.join(modelsDir, 'sasrec'));
    expect(manifest.settings).toMatchObject(settings);
    const { model } = await loadModel(modelsDir, 'sasrec');
    // the profile: the first 500 ratings of the heaviest user, in the model's item indices
    const itemOf = new Map<number, number>();
    model.movieIds.forEach((id, i) => itemOf.set(id, i));
    const r = dataset.ratings;
    const counts = new Map<number, number>();
    r.user.forEach((u) => counts.set(u, (counts.get(u) ?? 0) + 1));
    const heaviest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const ks = [...r.user.keys()]
      .filter((k) => r.user[k] === heaviest)
      .sort((a, b) => r.time[a] - r.time[b])
      .slice(0, 500);
    const history = {
      items: Int32Array.from(ks, (k) => itemOf.get(dataset.movieIds[r.item[k]])!),
      ratings: Float32Array.from(ks, (k) => r.rating[k]),
      times: Float64Array.from(ks, (k) => r.time[k]),
    };
    const worker = new TrainingWorker();
    try {
      const job = {
        kind: 'finetune' as const,
        modelsDir,
        model: 'sasrec',
        modelVersion: manifest.version,
        history,
        start: model.foldIn(history),
      };
      await worker.run(job); // loads the model in the worker
      const tuned = await worker.run(job);
      expect(tuned.state.kind).toBe('fine-tuned');
      expect(tuned.steps).toBeGreaterThan(0);
      expect(tuned.seconds).toBeLessThan(1);
    } finally {
      await worker.close();
    }
  });

  test('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    const run = runTrainingJob(
      {
        kind: 'pretrain',
        dataset,
        model: 'sasrec',
        modelsDir: path.join(tmp, 'b'),
        seed: 4,
        settings: { ...settings, epochs: 50 },
      },
      { signal: controller.signal, onProgress: (p) => p.current === 1 && controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
