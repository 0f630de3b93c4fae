import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recoverDir, writeDirAtomic } from '../../main/engine/runtime/atomic';
import { PersonalStore, personalDirFor } from '../../main/engine/runtime/personal-store';
import {
  recordEvaluation,
  resolveDefaultModel,
  writeDefaultChoice,
} from '../../main/engine/runtime/model-store';
import { getModelDefinition } from '../../main/engine/models';
import { settingsHash } from '../../main/engine/models/settings-hash';

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
  const manifest = {
    format: 1,
    model: 'some-model',
    version: 'v',
    metrics: [],
    settings: { k: 2 },
  };
  const shippedHash = settingsHash(manifest.settings);
  const row = {
    model: 'some-model',
    dataset: 'd',
    protocol: 'C' as const,
    metric: 'NDCG@20',
    value: 0.3,
    seconds: 1,
  };

  async function storeManifest(): Promise<string> {
    const dir = path.join(tmp, 'some-model');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }

  test('recordEvaluation keeps the rows of the shipped settings, with their provenance', async () => {
    const dir = await storeManifest();
    const measured = { ...row, modelVersion: shippedHash, commit: 'abc1234' };
    const other = { ...row, metric: 'Recall@20', modelVersion: 'ffffffff', commit: 'abc1234' };
    const provenance = await recordEvaluation(tmp, 'some-model', [measured, other], 'best on C');
    expect(provenance).toMatchObject({ settingsHash: shippedHash, commits: ['abc1234'] });
    expect(provenance!.note).toMatch(/retraining .* not from these exact weights/);
    expect(provenance!.note).toMatch(/1 row\(s\) from other settings \(ffffffff\) were left out/);
    const stored = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(stored).toMatchObject({
      version: 'v',
      settings: { k: 2 },
      metrics: [row],
      metricsProvenance: provenance,
      why: 'best on C',
    });
    expect(await recordEvaluation(tmp, 'absent-model', [measured])).toBeNull();
  });

  test('recordEvaluation records no figures from other or unrecorded settings, and says why', async () => {
    const dir = await storeManifest();
    const provenance = await recordEvaluation(tmp, 'some-model', [
      row,
      { ...row, modelVersion: 'unrecorded', commit: 'unrecorded' },
    ]);
    expect(provenance).toMatchObject({ settingsHash: shippedHash, commits: [] });
    expect(provenance!.note).toMatch(/^No figures recorded: none of the 2 row\(s\)/);
    const stored = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(stored.metrics).toEqual([]);
    expect(stored.metricsProvenance).toEqual(provenance);
  });

  test("a manifest written before a setting was added keeps the rows run with that setting's default", async () => {
    // the shipped default's manifest predates fansFavourites (off by default): it loads with
    // the definition's defaults filled in, so rows hashed either way measured the same model
    const definition = await getModelDefinition('recency-hybrid');
    const { fansFavourites, ...older } = definition.defaults as Record<string, unknown>;
    expect(fansFavourites).toBe(false);
    const dir = path.join(tmp, 'recency-hybrid');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const shipped = { ...manifest, model: 'recency-hybrid', settings: older };
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(shipped));
    const asWritten = settingsHash(older as never);
    const completed = settingsHash(definition.defaults);
    expect(completed).not.toBe(asWritten);
    const provenance = await recordEvaluation(tmp, 'recency-hybrid', [
      { ...row, modelVersion: asWritten, commit: 'aaa1111' },
      { ...row, metric: 'Recall@20', modelVersion: completed, commit: 'bbb2222' },
      { ...row, metric: 'HR@10', modelVersion: 'ffffffff', commit: 'ccc3333' },
    ]);
    expect(provenance).toMatchObject({ settingsHash: asWritten, commits: ['aaa1111', 'bbb2222'] });
    expect(provenance!.note).toContain(`Rows hashed ${completed} ran with the same settings`);
    expect(provenance!.note).toMatch(/1 row\(s\) from other settings \(ffffffff\) were left out/);
    const stored = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(stored.metrics.map((m: { metric: string }) => m.metric)).toEqual([
      'NDCG@20',
      'Recall@20',
    ]);
  });
});
