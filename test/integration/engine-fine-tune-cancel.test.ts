import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { pretrainedEngine, type PretrainedEngine } from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * A profile's fine-tunes end with the profile, and with the catalogue or model they were started
 * on: deleting a profile, a catalogue change (a release import, a restore) and a model reload
 * cancel pending debounce timers and running fine-tunes, and no fine-tune started before writes
 * its personal state afterwards.
 */
const dataset = plantedDataset({ nUsers: 120, nItems: 300, ratingsPerUser: 30, seed: 5 });
let engine: PretrainedEngine;
const updates: number[] = [];
const noJob = () => ({ onProgress: () => {}, signal: new AbortController().signal });
const stored = (profileId: number) =>
  existsSync(path.join(engine.personalDir, `profile-${profileId}.json`));

function rateFew(profileId: number): void {
  engine.rate(profileId, [
    [1, 5],
    [2, 4],
    [7, 2],
    [11, 4.5],
  ]);
}

beforeAll(async () => {
  engine = await pretrainedEngine(
    dataset,
    { model: 'biased-mf', seed: 2, settings: { epochs: 3, dim: 8 } },
    { fineTuneDebounceMs: 60_000 },
  );
  engine.service.onModelUpdated((event) => updates.push(event.profileId));
});
afterAll(() => engine?.close());
afterEach(() => vi.useRealTimers());

describe('fine-tunes end with what they were started on', () => {
  test('deleting a profile clears its pending fine-tune timer', () => {
    rateFew(21);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    engine.service.ratingsChanged(21);
    expect(vi.getTimerCount()).toBe(1);
    engine.ratings.delete(21);
    engine.service.profileDeleted(21);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a fine-tune running when its profile is deleted writes no state afterwards', async () => {
    rateFew(22);
    const running = engine.service.finetune(22, noJob()).catch((e: Error) => e);
    engine.ratings.delete(22);
    engine.service.profileDeleted(22);
    expect(await running).toMatchObject({ name: 'TrainingCancelledError' });
    await engine.service.idle();
    expect(stored(22)).toBe(false);
    expect(updates).not.toContain(22);
  });

  test('a catalogue change clears every pending fine-tune timer', () => {
    rateFew(23);
    rateFew(24);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    engine.service.ratingsChanged(23);
    engine.service.ratingsChanged(24);
    expect(vi.getTimerCount()).toBe(2);
    engine.service.catalogueChanged();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a fine-tune started before a catalogue change writes no state after it', async () => {
    rateFew(25);
    const running = engine.service.finetune(25, noJob());
    engine.service.catalogueChanged();
    await expect(running).rejects.toMatchObject({ name: 'TrainingCancelledError' });
    await engine.service.idle();
    expect(stored(25)).toBe(false);
    expect(updates).not.toContain(25);
    // The next list folds the ratings in afresh and fine-tunes on the new catalogue.
    const list = await engine.service.forYou({
      profileId: 25,
      limit: 5,
      minPopularity: 0,
      diversity: 0,
    });
    expect(list.freshness.personalModel).toBe('folded-in');
    await engine.service.idle();
    expect(stored(25)).toBe(true);
  });

  test('reloading the model clears every pending fine-tune timer', async () => {
    rateFew(26);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    engine.service.ratingsChanged(26);
    expect(vi.getTimerCount()).toBe(1);
    await engine.service.reloadModel();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a fine-tune started before a model reload writes no state after it', async () => {
    rateFew(27);
    const running = engine.service.finetune(27, noJob()).catch((e: Error) => e);
    await engine.service.reloadModel();
    expect(await running).toMatchObject({ name: 'TrainingCancelledError' });
    await engine.service.idle();
    expect(stored(27)).toBe(false);
  });
});
