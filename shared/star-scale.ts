import type { StarScale } from './domain';

/**
 * Own ratings this many stars from everyone's mean make predicted stars read low or high: about
 * one dataset user in seven of ml-latest-small (at half a star it would be one in three, and a
 * 4★ average is common among people who rate what they chose to watch).
 */
export const starScaleGap = 0.75;
/** Fewer own ratings than this say too little about how a profile rates. */
export const starScaleMinRated = 5;

/**
 * What a list with predicted stars says when a profile rates much lower or higher than most
 * people: its best matches then carry stars that look low (or high) beside the catalogue's
 * averages, and are not.
 */
export function starScaleText(scale: StarScale | null): string | null {
  if (!scale || scale.rated < starScaleMinRated) return null;
  const gap = scale.yours - scale.everyone;
  if (Math.abs(gap) < starScaleGap) return null;
  const side = gap < 0 ? 'lower' : 'higher';
  return (
    `You rate ${side} than most: your ratings average ${scale.yours.toFixed(1)}★, everyone's ` +
    `${scale.everyone.toFixed(1)}★. Predicted stars are on your scale, so they run ${side} too.`
  );
}
