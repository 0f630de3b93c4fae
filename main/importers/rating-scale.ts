/**
 * Why a rating is refused: beyond the scale's ends ("rating 11 is outside the scale"), or within
 * them but not on one of its steps ("rating 3.7 is between the scale's steps"), which a person
 * fixes differently (a typo against a rounding).
 */
export function offScaleProblem(
  shown: string | number,
  value: number,
  scale: { min: number; max: number; steps: string },
): string {
  const where =
    value >= scale.min && value <= scale.max
      ? "is between the scale's steps"
      : 'is outside the scale';
  return `rating ${shown} ${where} (${scale.steps} from ${scale.min} to ${scale.max})`;
}
