import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineService, type ProfileRatingRow } from '../../main/engine/runtime/engine-service';
import { ModelNotLoadedError, TrainingCancelledError } from '../../main/engine/runtime/errors';
import type { EngineDataset } from '../../main/core/engine-dataset';
import {
  copyDataset,
  movieLookupOf,
  pretrainedEngine,
  type PretrainedEngine,
} from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';
import { listSourceOfDataset } from '../../main/engine/lists/dataset-list-source';

const dataset = plantedDataset({ nUsers: 200, nItems: 500, ratingsPerUser: 40, seed: 12 });
let engine: PretrainedEngine;
let service: EngineService;
let ratings: Map<number, ProfileRatingRow[]>;
let tmp: string;
const movies = movieLookupOf(dataset);
const updates: { profileId: number; seconds: number }[] = [];
const noJob = () => ({ onProgress: () => {}, signal: new AbortController().signal });
const rate = (profileId: number, pairs: [number, number][]) => engine.rate(profileId, pairs);

beforeAll(async () => {
  engine = await pretrainedEngine(
    dataset,
    { model: 'biased-mf', seed: 1, settings: { epochs: 8, dim: 16 } },
    { fineTuneDebounceMs: 30 },
  );
  ({ service, ratings, dir: tmp } = engine);
  service.onModelUpdated((e) => updates.push(e));
});
afterAll(() => engine?.close());

const request = { limit: 10, minPopularity: 0, diversity: 0 };

describe('engine service', () => {
  test('reports backend, model and profile state', async () => {
    const status = await service.status(undefined);
    expect(status.backend).toBe(service.backend());
    expect(status.backendsTried.some((t) => t.ok)).toBe(true);
    expect(status.model).toMatchObject({ name: 'biased-mf', dataset: dataset.name });
    expect(status.profile).toBeNull();
    expect((await service.status(9)).profile).toMatchObject({
      profileId: 9,
      state: 'none',
      ratingCount: 0,
    });
  });

  test('a list folds in at once, then the fine-tune lands and lists use it', async () => {
    rate(1, [
      [1, 5],
      [2, 4.5],
      [3, 1],
      [10, 4],
      [20, 2],
    ]);
    const first = await service.forYou({ profileId: 1, ...request });
    expect(first.freshness.personalModel).toBe('folded-in');
    expect(first.items).toHaveLength(10);
    await service.idle();
    expect(updates.some((u) => u.profileId === 1)).toBe(true);
    const second = await service.forYou({ profileId: 1, ...request });
    expect(second.freshness.personalModel).toBe('fine-tuned');
    expect((await service.status(1)).profile).toMatchObject({
      state: 'fine-tuned',
      ratingCount: 5,
    });
    expect(existsSync(path.join(tmp, 'personal', 'profile-1.json'))).toBe(true);
  });

  test('after a rating changes, lists never answer from the stale model; the debounced fine-tune catches up', async () => {
    rate(1, [
      [1, 5],
      [2, 4.5],
      [3, 1],
      [10, 4],
      [20, 2],
      [30, 5],
    ]);
    service.ratingsChanged(1);
    expect((await service.status(1)).profile?.state).toMatch(/stale|training/);
    const list = await service.forYou({ profileId: 1, ...request });
    expect(list.freshness.personalModel).toBe('folded-in');
    expect(list.items.map((i) => i.movie.id)).not.toContain(30);
    await service.idle();
    expect((await service.forYou({ profileId: 1, ...request })).freshness.personalModel).toBe(
      'fine-tuned',
    );
  });

  test('a fine-tuned state survives a restart of the engine', async () => {
    const again = await engine.reopen({ fineTuneDebounceMs: undefined });
    expect((await again.forYou({ profileId: 1, ...request })).freshness.personalModel).toBe(
      'fine-tuned',
    );
  });

  test('the typical best picks behind match percentages are kept on disk for a restart', async () => {
    const file = path.join(tmp, 'personal', 'typical-scores.json');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; scores: number[] };
    expect(kept.scores).toHaveLength(10);
    const matches = async (engine: EngineService) =>
      (await engine.forYou({ profileId: 1, ...request })).items.map((i) => i.match);
    const before = await matches(service);
    expect(before.every((m) => m !== null && m > 0)).toBe(true);
    // A restart reads them instead of scoring the dataset users again…
    writeFileSync(file, JSON.stringify({ ...kept, scores: kept.scores.map((s) => s * 2) }));
    expect(await matches(await engine.reopen())).not.toEqual(before);
    // …but only for the same model and release: another key builds them afresh.
    writeFileSync(file, JSON.stringify({ key: 'another model', scores: kept.scores.map(() => 1) }));
    expect(await matches(await engine.reopen())).toEqual(before);
  });

  test('on-demand fine-tune reports its time', async () => {
    const result = await service.finetune(1, noJob());
    expect(result.ratings).toBe(6);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.seconds).toBeLessThan(1);
  });

  test('people like you are dataset viewers only: another profile never changes or appears in the answer', async () => {
    const before = await service.peopleLikeYou({ profileId: 1, limit: 5 });
    expect(before.people.length).toBe(5);
    expect(before.people.map((p) => p.label)).toEqual([
      'Viewer 1',
      'Viewer 2',
      'Viewer 3',
      'Viewer 4',
      'Viewer 5',
    ]);
    rate(2, [
      [1, 5],
      [2, 4.5],
      [3, 1],
      [10, 4],
      [20, 2],
      [30, 5],
      [400, 5],
    ]);
    await service.forYou({ profileId: 2, ...request });
    await service.idle();
    const after = await service.peopleLikeYou({ profileId: 1, limit: 5 });
    const strip = (r: typeof before) => r.people;
    expect(strip(after)).toEqual(strip(before));
    // profile 2's distinctive movie 400 is not pushed to profile 1 through "people like you"
    const rated1 = new Set((ratings.get(1) ?? []).map((r) => r.movieId));
    for (const p of after.people)
      for (const m of p.loved) expect(rated1.has(m.movie.id)).toBe(false);
  });

  test('similar movies and also-loved answer; an unknown movie is an UnknownMovieError', async () => {
    const similar = await service.similarMovies({ movieId: 5, limit: 5 });
    expect(similar.items).toHaveLength(5);
    expect(similar.freshness.personalModel).toBe('none');
    await expect(service.similarMovies({ movieId: 99999, limit: 5 })).rejects.toMatchObject({
      name: 'UnknownMovieError',
      movieId: 99999,
    });
    const also = await service.alsoLoved({ movieId: 1, limit: 5, profileId: 1 });
    for (const it of also.items) expect([1, 2, 3, 10, 20, 30]).not.toContain(it.movie.id);
  });

  test('the lists that count people wait for every rating to be read; the others answer meanwhile', async () => {
    const source = listSourceOfDataset(dataset);
    let reads = 0;
    let read!: () => void;
    const gate = new Promise<void>((resolve) => (read = resolve));
    const slow = await engine.reopen({
      listSource: () => ({
        ...source,
        // a catalogue's are read in a worker thread, which takes about 20 s at 25M ratings
        ratingsFor: async (model) => (reads++, await gate, source.ratingsFor(model)),
      }),
    });
    rate(77, [
      [1, 5],
      [2, 4.5],
      [3, 4],
      [10, 4],
      [20, 5],
    ]);
    const people = slow.peopleLikeYou({ profileId: 77, limit: 5 });
    const similar = slow.similarMovies({ movieId: 5, limit: 5 });
    const alsoLoved = slow.alsoLoved({ movieId: 5, limit: 5 });
    let waited = true;
    void Promise.allSettled([people, similar, alsoLoved]).then(() => (waited = false));
    expect((await slow.forYou({ profileId: 77, ...request })).items).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waited).toBe(true);
    read();
    expect((await people).people.length).toBeGreaterThan(0);
    expect((await similar).items).toHaveLength(5);
    expect((await alsoLoved).items.length).toBeGreaterThan(0);
    expect(reads).toBe(1);
  });

  test('a catalogue replaced during the read ends that read; the list waiting answers from the new one', async () => {
    const source = listSourceOfDataset(dataset);
    const signals: (AbortSignal | undefined)[] = [];
    const replaced = await engine.reopen({
      listSource: () => ({
        ...source,
        // the first read never finishes by itself: only its signal ends it
        ratingsFor: (model, signal) => {
          signals.push(signal);
          if (signals.length > 1) return source.ratingsFor(model);
          return new Promise((_resolve, reject) =>
            signal?.addEventListener('abort', () => reject(new Error('stopped'))),
          );
        },
      }),
    });
    const similar = replaced.similarMovies({ movieId: 5, limit: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signals).toHaveLength(1);
    replaced.catalogueChanged();
    expect(signals[0]?.aborted).toBe(true);
    expect((await similar).items).toHaveLength(5);
    expect(signals).toHaveLength(2);
    expect(signals[1]?.aborted).toBe(false);
  });

  test("the app's engine reads every rating once it starts, before any list asks", async () => {
    const source = listSourceOfDataset(dataset);
    let reads = 0;
    const ahead = await engine.reopen({
      readRatingsAhead: true,
      listSource: () => ({ ...source, ratingsFor: (model) => (reads++, source.ratingsFor(model)) }),
    });
    expect(reads).toBe(1);
    expect((await ahead.similarMovies({ movieId: 5, limit: 5 })).items).toHaveLength(5);
    expect(reads).toBe(1);
  });

  test('pretraining through the service reports progress, can be cancelled, and reloads the model', async () => {
    const before = (await service.status(undefined)).model!.version;
    const controller = new AbortController();
    const cancelled = service.pretrain(
      { seed: 99, epochs: 200 },
      { signal: controller.signal, onProgress: (p) => p.current >= 1 && controller.abort() },
    );
    await expect(cancelled).rejects.toBeInstanceOf(TrainingCancelledError);
    expect((await service.status(undefined)).model!.version).toBe(before);
    const epochs: number[] = [];
    const done = await service.pretrain(
      { seed: 99, epochs: 3 },
      { signal: new AbortController().signal, onProgress: (p) => epochs.push(p.current) },
    );
    expect(done.model).toBe('biased-mf');
    expect(epochs).toEqual([1, 2, 3]);
    const after = (await service.status(1)).model!.version;
    expect(after).not.toBe(before);
    // the personal model belongs to the old version: the next list folds in again
    expect((await service.forYou({ profileId: 1, ...request })).freshness.personalModel).toBe(
      'folded-in',
    );
    await service.idle();
  });

  test('pretraining moves the dataset to the training thread rather than copying it', async () => {
    const given: EngineDataset[] = [];
    const moving = await engine.reopen({
      modelsDir: path.join(tmp, 'moved-models'),
      dataset: () => (given.push(copyDataset(dataset)), given[given.length - 1]),
    });
    const done = await moving.pretrain(
      { model: 'biased-mf', seed: 3, epochs: 1 },
      { signal: new AbortController().signal, onProgress: () => {} },
    );
    expect(done.model).toBe('biased-mf');
    // the one pretraining was given (the others fed the lists): its moved arrays are empty here
    const moved = given.filter((d) => d.ratings.rating.length === 0);
    expect(moved).toHaveLength(1);
    expect(moved[0].ratings.user.length + moved[0].movieIds.length).toBe(0);
    expect(given.length).toBeGreaterThan(1);
  });

  test('without any pretrained model the lists say so clearly', async () => {
    const empty = await EngineService.create({
      modelsDir: path.join(tmp, 'no-models'),
      personalDir: path.join(tmp, 'p2'),
      profileRatings: () => [],
      movies,
      dataset: () => null,
    });
    try {
      await expect(empty.forYou({ profileId: 1, ...request })).rejects.toBeInstanceOf(
        ModelNotLoadedError,
      );
      expect((await empty.status(undefined)).model).toBeNull();
    } finally {
      await empty.close();
    }
  });
});
