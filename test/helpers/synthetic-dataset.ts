import type { EngineDataset, MovieFeatures } from '../../main/core/engine-dataset';
import { Rng } from '../../main/engine/numeric/rng';

/**
 * A tiny structured dataset for model unit tests: two taste groups of users, two groups of movies
 * (distinct genres and title words); users rate their group's movies high and some of the other
 * group's low, in chronological order. With demographics (gender follows the group) when asked.
 */
export function syntheticDataset(
  options: { users?: number; items?: number; demographics?: boolean; seed?: number } = {},
): EngineDataset {
  const nUsers = options.users ?? 40;
  const nItems = options.items ?? 50;
  const rng = new Rng(options.seed ?? 7);
  const user: number[] = [];
  const item: number[] = [];
  const rating: number[] = [];
  const time: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const group = u % 2;
    let t = 1_000_000 + u * 1000;
    for (let i = 0; i < nItems; i++) {
      const same = i % 2 === group;
      if (rng.next() < (same ? 0.6 : 0.15)) {
        user.push(u);
        item.push(i);
        rating.push(same ? 4 + (rng.next() < 0.5 ? 1 : 0) : 1 + (rng.next() < 0.5 ? 1 : 0));
        time.push((t += 1 + rng.int(100)));
      }
    }
  }
  const movies: MovieFeatures[] = Array.from({ length: nItems }, (_, i) => ({
    title: i % 2 === 0 ? `Galaxy Rocket Quest ${i} (1999)` : `Love Letters Paris ${i} (2004)`,
    year: i % 2 === 0 ? 1999 : 2004,
    genres: i % 2 === 0 ? ['Sci-Fi', 'Action'] : ['Romance'],
    tags: [],
    people: [],
  }));
  return {
    name: 'synthetic',
    fingerprint: 'synthetic',
    ratings: {
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: Float32Array.from(rating),
      time: Float64Array.from(time),
    },
    nUsers,
    nItems,
    movieIds: Int32Array.from({ length: nItems }, (_, i) => i + 1),
    userKeys: Int32Array.from({ length: nUsers }, (_, u) => u + 1),
    movies,
    demographics: options.demographics
      ? Array.from({ length: nUsers }, (_, u) => ({
          age: 20 + (u % 5) * 10,
          gender: u % 2 ? ('F' as const) : ('M' as const),
          occupation: u % 3 ? 'student' : 'writer',
        }))
      : null,
    scale: { min: 1, max: 5 },
  };
}

/**
 * A person of taste group `group` who rated a few movies of each group (movies 0..15), or only
 * their group's when `likedOnly` (for implicit-feedback models, where every rating is a positive).
 */
export function syntheticPerson(group: 0 | 1, nItems = 50, likedOnly = false) {
  const items: number[] = [];
  const ratings: number[] = [];
  for (let i = 0; i < Math.min(nItems, 16); i++) {
    if (likedOnly && i % 2 !== group) continue;
    items.push(i);
    ratings.push(i % 2 === group ? 5 : 1);
  }
  return {
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    times: Float64Array.from(items, (_, k) => 2_000_000 + k),
  };
}

/** The synthetic dataset with demographics, tags and people, so every model has its inputs. */
export function syntheticDatasetWithFeatures(): EngineDataset {
  const base = syntheticDataset({ demographics: true });
  return {
    ...base,
    movies: base.movies.map((m, i) => ({
      ...m,
      tags: i % 2 === 0 ? ['space', 'robots'] : ['love'],
      people: [`Director ${i % 8}`],
    })),
  };
}

/** recency-hybrid with its sequence network at a fixed weight, small enough for a unit test. */
export const tinyHybridWithNetwork = {
  dim: 8,
  alsIterations: 2,
  sequenceWeight: 3,
  sequenceEpochs: 3,
  sequenceDim: 16,
  sequenceMaxLength: 12,
};
