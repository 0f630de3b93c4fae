import { ratingRows, type EngineDataset, type RatingTriples } from '../../core/engine-dataset';

/** Share of each dataset user's ratings pretraining holds out for a model that early-stops. */
export const validationShare = 0.1;

/**
 * Each dataset user's latest `share` of ratings (by time, then movieId; rounded down, so users
 * with few ratings keep them all) as validation ratings, and the dataset without them.
 */
export function holdOutLatest(
  data: EngineDataset,
  share = validationShare,
): { train: EngineDataset; validation: RatingTriples } {
  const { user, item, time } = data.ratings;
  const byUser: number[][] = Array.from({ length: data.nUsers }, () => []);
  for (let k = 0; k < user.length; k++) byUser[user[k]].push(k);
  const held = new Uint8Array(user.length);
  for (const ks of byUser) {
    ks.sort((a, b) => time[a] - time[b] || data.movieIds[item[a]] - data.movieIds[item[b]]);
    const n = Math.floor(ks.length * share);
    for (const k of ks.slice(ks.length - n)) held[k] = 1;
  }
  const pick = (keep: number): RatingTriples => {
    const rows: number[] = [];
    held.forEach((h, k) => h === keep && rows.push(k));
    return ratingRows(data.ratings, rows);
  };
  return { train: { ...data, ratings: pick(0) }, validation: pick(1) };
}
