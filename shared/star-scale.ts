import { spokenList } from './counts';
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
  const side = starScaleSide(scale);
  if (!scale || !side) return null;
  return (
    `You rate ${side} than most: your ratings average ${scale.yours.toFixed(1)}★, everyone's ` +
    `${scale.everyone.toFixed(1)}★. Predicted stars are on your scale, so they run ${side} too.`
  );
}

/** Whether a profile rates clearly lower or higher than most people, or null. */
export function starScaleSide(scale: StarScale | null): 'lower' | 'higher' | null {
  if (!scale || scale.rated < starScaleMinRated) return null;
  const gap = scale.yours - scale.everyone;
  if (Math.abs(gap) < starScaleGap) return null;
  return gap < 0 ? 'lower' : 'higher';
}

/**
 * Watch together's note on the members who rate clearly lower or higher than most, by name and
 * without their averages (nothing of one member's ratings is shown to the others beyond the
 * predicted stars, which already run on each one's scale), or null.
 */
export function membersScaleText(
  members: { name: string; starsRun: 'lower' | 'higher' | null }[],
): string | null {
  const sides = (['lower', 'higher'] as const)
    .map((side) => ({ side, names: members.filter((m) => m.starsRun === side).map((m) => m.name) }))
    .filter((g) => g.names.length > 0);
  if (sides.length === 0) return null;
  return sides
    .map(({ side, names }) => {
      const one = names.length === 1;
      return `${spokenList(names)} ${one ? 'rates' : 'rate'} ${side} than most, so their predicted stars run ${side} too.`;
    })
    .join(' ');
}
