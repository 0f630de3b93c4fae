import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recoverDir, writeDirAtomic } from '../../main/engine/atomic';
import { PersonalStore, personalDirFor } from '../../main/engine/personal-store';
import {
  recordEvaluation,
  resolveDefaultModel,
  writeDefaultChoice,
} from '../../main/engine/model-store';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'engine-store-'));
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

describe('atomic saves', () => {
  test('a failed write keeps the last good folder and leaves no temporary files', async () => {
    const dir = path.join(tmp, 'model');
    await writeDirAtomic(dir, (t) => writeFile(path.join(t, 'w.bin'), 'v1'));
    await expect(
      writeDirAtomic(dir, async (t) => {
        await writeFile(path.join(t, 'w.bin'), 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(path.join(dir, 'w.bin'), 'utf8')).toBe('v1');
    await writeDirAtomic(dir, (t) => writeFile(path.join(t, 'w.bin'), 'v2'));
    expect(await readFile(path.join(dir, 'w.bin'), 'utf8')).toBe('v2');
    expect(await readdir(tmp)).toEqual(['model']);
  });

  test('recoverDir restores a folder left renamed aside by a crash', async () => {
    const dir = path.join(tmp, 'model');
    await writeDirAtomic(dir, (t) => writeFile(path.join(t, 'w.bin'), 'v1'));
    const { rename } = await import('node:fs/promises');
    await rename(dir, path.join(tmp, '.model.old-1-abcd'));
    await recoverDir(dir);
    expect(await readFile(path.join(dir, 'w.bin'), 'utf8')).toBe('v1');
  });
});

describe('personal store', () => {
  test('round-trips a state exactly and lives next to the catalogue file', async () => {
    expect(personalDirFor('/data/app/catalogue.db')).toBe('/data/app/personal-models');
    const store = new PersonalStore(path.join(tmp, 'personal'));
    const state = {
      model: 'biased-mf',
      kind: 'fine-tuned' as const,
      userVector: Float32Array.of(0.1, -2.5e-8, 3),
      params: { bias: Float32Array.of(0.3) },
    };
    await store.save({
      profileId: 4,
      modelVersion: 'v',
      ratingsHash: 'h',
      ratingCount: 3,
      fineTunedAt: 1,
      seconds: 0.2,
      finalLoss: 0.5,
      state,
    });
    const back = await store.load(4);
    expect(back!.state.userVector).toEqual(state.userVector);
    expect(back!.state.params.bias).toEqual(state.params.bias);
    expect(await store.load(5)).toBeNull();
    await writeFile(path.join(tmp, 'personal', 'profile-6.json'), '{broken');
    expect(await store.load(6)).toBeNull();
    await store.remove(4);
    expect(await store.load(4)).toBeNull();
  });
});

describe('default model choice', () => {
  test('explicit name, then default.json, then none', async () => {
    expect(await resolveDefaultModel(tmp)).toBeNull();
    await writeDefaultChoice(tmp, 'biased-mf', 'best on protocol C');
    expect(await resolveDefaultModel(tmp)).toEqual({
      name: 'biased-mf',
      why: 'best on protocol C',
    });
    expect((await resolveDefaultModel(tmp, 'other'))!.name).toBe('other');
  });
});

describe('evaluation figures in the manifest', () => {
  test('recordEvaluation replaces metrics and why, keeps the rest, and skips absent models', async () => {
    const dir = path.join(tmp, 'some-model');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    const manifest = {
      format: 1,
      model: 'some-model',
      version: 'v',
      metrics: [],
      settings: { k: 2 },
    };
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const row = {
      model: 'some-model',
      dataset: 'd',
      protocol: 'C' as const,
      metric: 'NDCG@20',
      value: 0.3,
      seconds: 1,
    };
    expect(await recordEvaluation(tmp, 'some-model', [row], 'best on C')).toBe(true);
    const stored = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(stored).toMatchObject({
      version: 'v',
      settings: { k: 2 },
      metrics: [row],
      why: 'best on C',
    });
    expect(await recordEvaluation(tmp, 'absent-model', [row])).toBe(false);
  });
});
