import type { EngineDataset, MovieFeatures } from '../../main/core/engine-dataset';
import { Rng } from '../../main/engine/numeric/rng';

/**
 * A deterministic EngineDataset of any size with planted taste structure (users and movies drawn
 * around a few taste clusters, each tied to a genre; Zipf-like popularity), for engine tests and
 * benchmarks that need control over sizes (e.g. the 62,000-movie list benchmark).
 */
export interface PlantedOptions {
  nUsers: number;
  nItems: number;
  ratingsPerUser: number;
  seed?: number;
  clusters?: number;
}

export interface PlantedDataset extends EngineDataset {
  itemCluster: Int32Array;
  userCluster: Int32Array;
}

export const plantedGenres = [
  'Action',
  'Comedy',
  'Drama',
  'Horror',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'Animation',
];

export function plantedDataset(opts: PlantedOptions): PlantedDataset {
  const rng = new Rng(opts.seed ?? 1);
  const clusters = opts.clusters ?? 4;
  const itemCluster = Int32Array.from({ length: opts.nItems }, () => rng.int(clusters));
  const userCluster = Int32Array.from({ length: opts.nUsers }, () => rng.int(clusters));
  const quality = Float32Array.from({ length: opts.nItems }, () => rng.normal() * 0.5);
  const cumulative = new Float64Array(opts.nItems);
  let acc = 0;
  for (let i = 0; i < opts.nItems; i++) cumulative[i] = acc += 1 / Math.pow(i + 1, 0.8);
  const draw = () => {
    const x = rng.next() * acc;
    let lo = 0;
    let hi = opts.nItems - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const user: number[] = [];
  const item: number[] = [];
  const rating: number[] = [];
  const time: number[] = [];
  for (let u = 0; u < opts.nUsers; u++) {
    const seen = new Set<number>();
    for (let k = 0; k < opts.ratingsPerUser && seen.size < opts.nItems; k++) {
      const i = draw();
      if (seen.has(i)) continue;
      seen.add(i);
      const affinity = itemCluster[i] === userCluster[u] ? 1.2 : -0.4;
      const r = Math.round((3 + affinity + quality[i] + rng.normal() * 0.5) * 2) / 2;
      user.push(u);
      item.push(i);
      rating.push(Math.min(5, Math.max(0.5, r)));
      time.push(1_000_000 + u * 1000 + k);
    }
  }
  const movies: MovieFeatures[] = Array.from({ length: opts.nItems }, (_, i) => ({
    title: `Movie ${i} (${1950 + (i % 70)})`,
    year: 1950 + (i % 70),
    genres: [
      ...new Set([
        plantedGenres[itemCluster[i] % plantedGenres.length],
        ...(i % 3 === 0 ? ['Drama'] : []),
      ]),
    ],
    tags: i % 5 === 0 ? [`theme${itemCluster[i]}`] : [],
    people: [],
  }));
  return {
    name: `planted-${opts.nUsers}x${opts.nItems}`,
    fingerprint: `planted-${opts.seed ?? 1}-${opts.nUsers}-${opts.nItems}-${opts.ratingsPerUser}`,
    ratings: {
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: Float32Array.from(rating),
      time: Float64Array.from(time),
    },
    nUsers: opts.nUsers,
    nItems: opts.nItems,
    movieIds: Int32Array.from({ length: opts.nItems }, (_, i) => i + 1),
    userKeys: Int32Array.from({ length: opts.nUsers }, (_, u) => u + 1),
    movies,
    demographics: null,
    scale: { min: 0.5, max: 5 },
    itemCluster,
    userCluster,
  };
}
