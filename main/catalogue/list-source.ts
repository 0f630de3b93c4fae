import type { DatasetUserHistory, ListSource } from '../core/list-source';
import type { Db } from './db';
import { defaultRelease, type ReleaseInfo } from './releases';
import { loadEngineDataset, movieFeatures } from './training-data';

/**
 * The engine's ListSource over the catalogue's default release (null without one): its movies
 * and their rating statistics come from release_movie_stats, a few users' histories from their
 * own rows, and only the lists that need every rating read the whole dataset, on first use. It
 * stays with the release it was made for: once another replaced it, dataset() throws.
 */
export function releaseListSource(db: Db): ListSource | null {
  const release = defaultRelease(db);
  if (!release) return null;
  const stats = db
    .prepare(
      'SELECT movie_id, count, sum_half FROM release_movie_stats WHERE release_id = ? ORDER BY movie_id',
    )
    .raw()
    .all(release.id) as [number, number, number][];
  const movieIds = Int32Array.from(stats, ([movieId]) => movieId);
  return {
    fingerprint: `release ${release.id} ${release.fingerprint}`,
    movieIds,
    movies: movieFeatures(db, movieIds),
    ratingCounts: Int32Array.from(stats, ([, count]) => count),
    ratingSums: Float64Array.from(stats, ([, , sumHalf]) => sumHalf / 2),
    userCount: release.users,
    userHistories: (indices) => userHistories(db, release, indices),
    dataset: () => loadEngineDataset(db, release.id),
  };
}

/** The histories of the release's users at these indices of its users in key order. */
function userHistories(
  db: Db,
  release: ReleaseInfo,
  indices: readonly number[],
): DatasetUserHistory[] {
  // Users with ratings, as loadEngineDataset numbers them (every one has a dataset_users row).
  const userKeys = db
    .prepare(
      `SELECT user_key FROM dataset_users u WHERE release_id = ? AND EXISTS (
         SELECT 1 FROM dataset_ratings r WHERE r.release_id = u.release_id AND r.user_key = u.user_key)
       ORDER BY user_key`,
    )
    .pluck()
    .all(release.id) as number[];
  const ratings = db
    .prepare(
      `SELECT movie_id, rating_half, rated_at FROM dataset_ratings
       WHERE release_id = ? AND user_key = ? ORDER BY rated_at, movie_id`,
    )
    .raw();
  return indices.map((index) => {
    const rows = ratings.all(release.id, userKeys[index]) as [number, number, number][];
    return {
      movieIds: Int32Array.from(rows, ([movieId]) => movieId),
      ratings: Float32Array.from(rows, ([, half]) => half / 2),
      times: Float64Array.from(rows, ([, , ratedAt]) => ratedAt),
    };
  });
}
