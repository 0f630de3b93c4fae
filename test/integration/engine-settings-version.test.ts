import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { biasedMf } from '../../main/engine/models/biased-mf';
import { settingsHash } from '../../main/engine/models/settings-hash';
import { PersonalStore } from '../../main/engine/runtime/personal-store';
import { pretrain } from '../../main/engine/runtime/pretrain';
import { pretrainedEngine } from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';

const dataset = plantedDataset({ nUsers: 120, nItems: 300, ratingsPerUser: 30, seed: 5 });
const settings = { dim: 8, epochs: 3 };
const otherSettings = { ...settings, foldInLambda: 5 };
const noJob = () => ({ onProgress: () => {}, signal: new AbortController().signal });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'settings-version-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function versionOf(name: string, overrides: Record<string, number>): Promise<string> {
  const { manifest } = await pretrain({
    dataset,
    model: 'biased-mf',
    modelsDir: path.join(tmp, name),
    seed: 1,
    settings: overrides,
  });
  return manifest.version;
}

describe('the model version', () => {
  test('names the settings: the same settings give the same version, other settings another', async () => {
    const version = await versionOf('a', settings);
    expect(version.endsWith(`.1.${settingsHash(biasedMf.resolveSettings(settings))}`)).toBe(true);
    expect(await versionOf('again', settings)).toBe(version);
    // Restating a default changes nothing: the hash is of the complete, validated settings.
    expect(await versionOf('restated', { ...settings, l2: biasedMf.defaults.l2 })).toBe(version);
    expect(await versionOf('other', otherSettings)).not.toBe(version);
  });

  test('a personal state fine-tuned for the old settings is not used after a retrain with others', async () => {
    const engine = await pretrainedEngine(dataset, { model: 'biased-mf', seed: 1, settings });
    try {
      const { service } = engine;
      const request = { profileId: 1, limit: 10, minPopularity: 0, diversity: 0 };
      engine.rate(1, [
        [1, 5],
        [2, 4],
        [3, 1],
        [10, 5],
        [20, 2],
      ]);
      await service.finetune(1, noJob());
      expect((await service.forYou(request)).freshness.personalModel).toBe('fine-tuned');
      const saved = await new PersonalStore(engine.personalDir).load(1);
      expect(saved!.modelVersion).toBe((await service.status(1)).model!.version);

      await pretrain({
        dataset,
        model: 'biased-mf',
        modelsDir: engine.modelsDir,
        seed: 1,
        settings: otherSettings,
      });
      await service.reloadModel();
      const status = await service.status(1);
      expect(status.model!.version).not.toBe(saved!.modelVersion);
      expect(status.profile!.state).toBe('stale');
      expect((await service.forYou(request)).freshness.personalModel).toBe('folded-in');
      await service.idle();
    } finally {
      await engine.close();
    }
  });
});
