import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic';
import type { PersonalState } from '../models/model-definition';

/**
 * Per-profile personal models: `<dir>/profile-<id>.json`, one per profile, written atomically.
 * `dir` lives in the app-data folder next to the catalogue file (see personalDirFor). A stored
 * state records the model version and the hash of the ratings it was fitted to, so the engine
 * can tell a current state from a stale one.
 */
export interface StoredPersonalState {
  profileId: number;
  modelVersion: string;
  ratingsHash: string;
  ratingCount: number;
  fineTunedAt: number;
  seconds: number;
  finalLoss: number;
  state: PersonalState;
}

interface Serialised extends Omit<StoredPersonalState, 'state'> {
  state: {
    model: string;
    kind: PersonalState['kind'];
    userVector: number[];
    params: Record<string, number[]>;
  };
}

export function personalDirFor(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'personal-models');
}

export class PersonalStore {
  constructor(readonly dir: string) {}

  private file(profileId: number): string {
    if (!Number.isInteger(profileId) || profileId <= 0)
      throw new Error(`bad profile id ${profileId}`);
    return path.join(this.dir, `profile-${profileId}.json`);
  }

  async save(stored: StoredPersonalState): Promise<void> {
    const s = stored.state;
    const out: Serialised = {
      ...stored,
      state: {
        model: s.model,
        kind: s.kind,
        userVector: Array.from(s.userVector),
        params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, Array.from(v)])),
      },
    };
    await writeFileAtomic(this.file(stored.profileId), JSON.stringify(out));
  }

  async load(profileId: number): Promise<StoredPersonalState | null> {
    let raw: string;
    try {
      raw = await readFile(this.file(profileId), 'utf8');
    } catch {
      return null;
    }
    try {
      const s = JSON.parse(raw) as Serialised;
      return {
        ...s,
        state: {
          model: s.state.model,
          kind: s.state.kind,
          userVector: Float32Array.from(s.state.userVector),
          params: Object.fromEntries(
            Object.entries(s.state.params).map(([k, v]) => [k, Float32Array.from(v)]),
          ),
        },
      };
    } catch {
      return null; // a damaged file counts as no personal model: the engine refits it
    }
  }

  async remove(profileId: number): Promise<void> {
    await rm(this.file(profileId), { force: true });
  }
}
