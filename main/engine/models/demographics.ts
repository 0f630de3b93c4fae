import type { UserDemographics } from '../dataset';

/**
 * Demographics as embedding row ids; 0 is "unknown" everywhere (new people, releases without
 * demographics). Age buckets follow MovieLens-1M: <18, 18–24, 25–34, 35–44, 45–49, 50–55, 56+.
 */
export interface DemographicIds {
  age: Int32Array;
  gender: Int32Array;
  occupation: Int32Array;
}

export function ageBucket(age: number | null): number {
  if (age === null || !Number.isFinite(age)) return 0;
  const bounds = [18, 25, 35, 45, 50, 56];
  let b = 0;
  while (b < bounds.length && age >= bounds[b]) b++;
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
    age: Int32Array.from(demo, (d) => ageBucket(d.age)),
    gender: Int32Array.from(demo, (d) => (d.gender === 'M' ? 1 : d.gender === 'F' ? 2 : 0)),
    occupation: Int32Array.from(demo, (d) => (d.occupation ? (occ.get(d.occupation) ?? 0) : 0)),
  };
}
