import type { PersonHistory } from './model-definition';

/** The settings of the recency hybrid's ranking weights. */
export type RankingWeightSettings = {
  recencyShort: number;
  recencyShortItems: number;
  recencyLong: number;
  recencyLongItems: number;
  ratingWeight: number;
  ratingCentre: number;
};

/** Recency factor of an entry rated `ago` ratings before the latest (0 = latest). */
export function recencyFactor(ago: number, s: RankingWeightSettings): number {
  return (
    1 +
    s.recencyShort * Math.exp(-ago / s.recencyShortItems) +
    s.recencyLong * Math.exp(-ago / s.recencyLongItems)
  );
}

/**
 * Ranking weight of each history entry (oldest first): w_t = recency factor · (1 + ρ(r_t − c)),
 * so recent, liked movies pull their neighbours up most and disliked ones push theirs down.
 */
export function rankingWeights(h: PersonHistory, s: RankingWeightSettings): Float64Array {
  const n = h.items.length;
  const w = new Float64Array(n);
  for (let t = 0; t < n; t++)
    w[t] = recencyFactor(n - 1 - t, s) * (1 + s.ratingWeight * (h.ratings[t] - s.ratingCentre));
  return w;
}
