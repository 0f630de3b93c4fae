import type { EngineDataset } from '../core/engine-dataset';
import type { PersonHistory } from '../engine/models/model-definition';
import { emptyHistory, historiesByUser, sliceHistory, type TrainSet } from './histories';

/** The three splits of ../shared/EVALUATION.md. Deterministic: no randomness anywhere. */

function trainSet(dataset: EngineDataset, histories: PersonHistory[]): TrainSet {
  return {
    nUsers: dataset.nUsers,
    nItems: dataset.nItems,
    histories,
    scale: dataset.scale,
    genres: dataset.movies.map((m) => m.genres),
    movieIds: dataset.movieIds,
  };
}

export interface RatingSplit {
  train: TrainSet;
  /** Per user, the held-out ratings (empty for users without any). */
  test: PersonHistory[];
}

/** Protocol A: per user, the last 20% (rounded up, at least 1) by (timestamp, movieId) is test. */
export function temporalSplit(dataset: EngineDataset, testShare = 0.2): RatingSplit {
  const all = historiesByUser(dataset);
  const train: PersonHistory[] = [];
  const test: PersonHistory[] = [];
  for (const h of all) {
    const n = h.items.length;
    const nTest = n === 0 ? 0 : Math.max(1, Math.ceil(n * testShare - 1e-9));
    train.push(sliceHistory(h, 0, n - nTest));
    test.push(sliceHistory(h, n - nTest, n));
  }
  return { train: trainSet(dataset, train), test };
}

export interface LeaveLastOutSplit {
  train: TrainSet;
  /** Per user, the test item index (the latest rating), or -1 for a user without ratings. */
  testItem: Int32Array;
}

/** Protocol B: each user's latest rating (ties: larger movieId) is the test item. */
export function leaveLastOutSplit(dataset: EngineDataset): LeaveLastOutSplit {
  const all = historiesByUser(dataset);
  const testItem = new Int32Array(dataset.nUsers).fill(-1);
  const train = all.map((h, u) => {
    const n = h.items.length;
    if (n === 0) return h;
    testItem[u] = h.items[n - 1];
    return sliceHistory(h, 0, n - 1);
  });
  return { train: trainSet(dataset, train), testItem };
}

export interface NewPerson {
  user: number;
  visible: PersonHistory;
  hidden: PersonHistory;
}

export interface NewPeopleSplit {
  /** Pretraining data: the users that are not new people (new people's histories are empty). */
  train: TrainSet;
  people: NewPerson[];
}

/**
 * Protocol C: users whose id is a multiple of `every` arrive as new people; the first half of
 * their ratings (rounded down, at least `minVisible`) is visible, the rest hidden.
 */
export function newPeopleSplit(dataset: EngineDataset, every = 10, minVisible = 5): NewPeopleSplit {
  const all = historiesByUser(dataset);
  const people: NewPerson[] = [];
  const train = all.map((h, u) => {
    if (dataset.userKeys[u] % every !== 0) return h;
    const n = h.items.length;
    const nVisible = Math.min(n, Math.max(minVisible, Math.floor(n / 2)));
    people.push({
      user: u,
      visible: sliceHistory(h, 0, nVisible),
      hidden: sliceHistory(h, nVisible, n),
    });
    return emptyHistory();
  });
  return { train: trainSet(dataset, train), people };
}

export interface SampledCandidates {
  /** Per user index, the test item index and the 99 negative item indices (or null). */
  testItem: Int32Array;
  negatives: (Int32Array | null)[];
}

/** Reads splits/<dataset>.loo.csv (userId,testItem,negatives as space-separated movieIds). */
export function parseLooFile(text: string, dataset: EngineDataset): SampledCandidates {
  const userOf = new Map<number, number>();
  dataset.userKeys.forEach((k, u) => userOf.set(k, u));
  const itemOf = new Map<number, number>();
  dataset.movieIds.forEach((id, i) => itemOf.set(id, i));
  const testItem = new Int32Array(dataset.nUsers).fill(-1);
  const negatives: (Int32Array | null)[] = Array.from({ length: dataset.nUsers }, () => null);
  const lines = text.split('\n');
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l].trim();
    if (!line) continue;
    const [uid, test, negs] = line.split(',');
    const u = userOf.get(Number(uid));
    if (u === undefined) continue;
    testItem[u] = itemOf.get(Number(test)) ?? -1;
    negatives[u] = Int32Array.from(
      negs
        .trim()
        .split(/\s+/)
        .map((m) => itemOf.get(Number(m)) ?? -1)
        .filter((i) => i >= 0),
    );
  }
  return { testItem, negatives };
}
