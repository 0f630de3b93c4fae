import type { UserDemographics } from '../../core/engine-dataset';

/**
 * Demographics as embedding row ids; 0 is "unknown" everywhere (new people, releases without
 * demographics). Age buckets follow MovieLens-1M: <18, 18–24, 25–34, 35–44, 45–49, 50–55, 56+.
 */
export interface DemographicIds {
  age: Int32Array;
  gender: Int32Array;
  occupation: Int32Array;
}

/** The lower bounds of MovieLens-1M's age buckets after the first (<18). */
export const movieLensAgeBounds: readonly number[] = [18, 25, 35, 45, 50, 56];

/**
 * An age's embedding row in this coding: 0 unknown, 1..7 the buckets. feature-cnn keeps its own
 * coding (buckets 0..6, unknown 7: ageRowUnknownLast), which its trained embeddings depend on.
 */
export function ageIdUnknownZero(age: number | null): number {
  if (age === null || !Number.isFinite(age)) return 0;
  let b = 0;
  while (b < movieLensAgeBounds.length && age >= movieLensAgeBounds[b]) b++;
  return b + 1;
}

export function demographicVocabulary(demo: readonly UserDemographics[]): {
  occupations: string[];
} {
  return {
    occupations: [...new Set(demo.map((d) => d.occupation).filter((o): o is string => !!o))].sort(),
  };
}

export function demographicIds(
  demo: readonly UserDemographics[],
  vocab: { occupations: string[] },
): DemographicIds {
  const occ = new Map(vocab.occupations.map((o, k) => [o, k + 1]));
  return {
    age: Int32Array.from(demo, (d) => ageIdUnknownZero(d.age)),
    gender: Int32Array.from(demo, (d) => (d.gender === 'M' ? 1 : d.gender === 'F' ? 2 : 0)),
    occupation: Int32Array.from(demo, (d) => (d.occupation ? (occ.get(d.occupation) ?? 0) : 0)),
  };
}
