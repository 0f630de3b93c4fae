import { describe, expect, it } from 'vitest';
import { settingsHash } from '../../main/engine/models/settings-hash';
import {
  currentCommit,
  machineDescription,
  modelVersionOf,
  withProvenance,
} from '../bench/result-provenance';

const row = {
  model: 'ease',
  dataset: 'ml-100k',
  protocol: 'C' as const,
  metric: 'NDCG@20',
  value: 0.2,
  seconds: 1,
};

describe('results rows with provenance', () => {
  it('marks rows from before provenance as unrecorded and keeps recorded ones', () => {
    expect(withProvenance(row)).toEqual({
      ...row,
      commit: 'unrecorded',
      modelVersion: 'unrecorded',
      date: 'unrecorded',
      machine: 'unrecorded',
    });
    const recorded = {
      ...row,
      commit: 'abc1234+dirty',
      modelVersion: 'baseline',
      date: 'd',
      machine: 'm',
    };
    expect(withProvenance(recorded)).toEqual(recorded);
  });

  it('names engine settings by their settings hash, baselines as baseline', () => {
    expect(modelVersionOf({ b: 1, a: 2 })).toBe(settingsHash({ a: 2, b: 1 }));
    expect(modelVersionOf(null)).toBe('baseline');
  });

  it('describes the commit and the machine', () => {
    expect(currentCommit()).toMatch(/^([0-9a-f]{4,}(\+dirty)?|unknown)$/);
    expect(machineDescription('wasm')).toMatch(/^\d+ cores .+, \d+ GB, node v\d+.*, backend wasm$/);
  });

  it("takes the device kit's commit where the tree has no .git", () => {
    vi.stubEnv('MOVIE_ASSISTANT_COMMIT', 'abc1234+dirty');
    try {
      expect(currentCommit('/nonexistent')).toBe('abc1234+dirty');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
