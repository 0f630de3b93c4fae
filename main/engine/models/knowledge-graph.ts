import type { MovieFeatures } from '../../core/engine-dataset';
import { decadeOf } from './item-features';

/**
 * The movie knowledge graph of kg-attn-lstm: entities are the movies (ids 0..nItems−1, same as
 * item indices) and their genres, tags, decades and people (directors and cast where an import
 * provided them); each fact is a triple (movie, relation, entity). Tags used by fewer than
 * `minTagMovies` movies are dropped (a one-off tag links nothing).
 */
export const relations = ['has-genre', 'has-tag', 'in-decade', 'has-person'] as const;

export interface KnowledgeGraph {
  nEntities: number;
  nItems: number;
  /** Names of the non-movie entities, from index nItems on ("genre:Drama", "tag:pixar", ...). */
  entityNames: string[];
  head: Int32Array;
  relation: Int32Array;
  tail: Int32Array;
  /** Per relation: how many triples. */
  counts: Record<(typeof relations)[number], number>;
}

export function buildKnowledgeGraph(
  movies: readonly MovieFeatures[],
  minTagMovies = 2,
): KnowledgeGraph {
  const nItems = movies.length;
  const tagMovies = new Map<string, number>();
  for (const m of movies)
    for (const t of new Set(m.tags.map((x) => x.toLowerCase().trim())))
      if (t) tagMovies.set(t, (tagMovies.get(t) ?? 0) + 1);
  const entityNames: string[] = [];
  const ids = new Map<string, number>();
  const entity = (name: string) => {
    let id = ids.get(name);
    if (id === undefined) {
      id = nItems + entityNames.length;
      ids.set(name, id);
      entityNames.push(name);
    }
    return id;
  };
  const head: number[] = [];
  const relation: number[] = [];
  const tail: number[] = [];
  const counts = { 'has-genre': 0, 'has-tag': 0, 'in-decade': 0, 'has-person': 0 };
  const add = (i: number, r: number, name: string) => {
    head.push(i);
    relation.push(r);
    tail.push(entity(name));
    counts[relations[r]]++;
  };
  movies.forEach((m, i) => {
    for (const g of m.genres) add(i, 0, `genre:${g}`);
    for (const t of new Set(m.tags.map((x) => x.toLowerCase().trim())))
      if (t && (tagMovies.get(t) ?? 0) >= minTagMovies) add(i, 1, `tag:${t}`);
    const decade = decadeOf(m.year);
    if (decade !== null) add(i, 2, `decade:${decade}`);
    for (const p of new Set(m.people)) if (p) add(i, 3, `person:${p}`);
  });
  return {
    nEntities: nItems + entityNames.length,
    nItems,
    entityNames,
    head: Int32Array.from(head),
    relation: Int32Array.from(relation),
    tail: Int32Array.from(tail),
    counts,
  };
}
