import type { MovieFeatures } from '../../core/engine-dataset';
import type { ItemFeatureIndex } from '../numeric/fused-mf';

/**
 * Sparse movie features for hybrid models: genres, decade, title words and tags, each a named
 * feature id; item i's features are a CSR row. Rare title words and tags (fewer than `minCount`
 * movies) are dropped so that a feature always generalises over several movies.
 */
export interface ItemFeatureVocabulary extends ItemFeatureIndex {
  names: string[];
}

const stopWords = new Set(
  'the a an of and in on at to for with from by or is it its my your his her our their this that de la le les el los das der die und'.split(
    ' ',
  ),
);

export function titleWords(title: string): string[] {
  const withoutYear = title.replace(/\(\d{4}\)\s*$/, '');
  // "Matrix, The" -> "Matrix"; keep letters and digits of any script.
  const words = withoutYear.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !stopWords.has(w)))];
}

export function decadeOf(year: number | null): number | null {
  return year === null ? null : Math.floor(year / 10) * 10;
}

export function movieFeatureNames(movie: MovieFeatures): string[] {
  const names = movie.genres.map((g) => `genre:${g}`);
  const decade = decadeOf(movie.year);
  if (decade !== null) names.push(`decade:${decade}`);
  for (const w of titleWords(movie.title)) names.push(`word:${w}`);
  for (const t of new Set(movie.tags.map((x) => x.toLowerCase().trim())))
    if (t) names.push(`tag:${t}`);
  return names;
}

export function buildItemFeatures(
  movies: readonly MovieFeatures[],
  minCount = 3,
): ItemFeatureVocabulary {
  const perMovie = movies.map(movieFeatureNames);
  const counts = new Map<string, number>();
  for (const names of perMovie) for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const keep = (n: string) =>
    n.startsWith('genre:') || n.startsWith('decade:') || (counts.get(n) ?? 0) >= minCount;
  const names = [...counts.keys()].filter(keep).sort();
  const idOf = new Map(names.map((n, k) => [n, k]));
  const start = new Int32Array(movies.length + 1);
  const ids: number[] = [];
  perMovie.forEach((list, i) => {
    for (const n of list) {
      const id = idOf.get(n);
      if (id !== undefined) ids.push(id);
    }
    start[i + 1] = ids.length;
  });
  return { names, start, ids: Int32Array.from(ids), nFeatures: names.length };
}

/** Genre vocabulary and a CSR of each item's genre ids (for genre adapters and list filters). */
export function buildGenreIndex(movies: readonly MovieFeatures[]): {
  genres: string[];
  start: Int32Array;
  ids: Int32Array;
} {
  const genres = [...new Set(movies.flatMap((m) => m.genres))].sort();
  const idOf = new Map(genres.map((g, k) => [g, k]));
  const start = new Int32Array(movies.length + 1);
  const ids: number[] = [];
  movies.forEach((m, i) => {
    for (const g of m.genres) ids.push(idOf.get(g)!);
    start[i + 1] = ids.length;
  });
  return { genres, start, ids: Int32Array.from(ids) };
}
