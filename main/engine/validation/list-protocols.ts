import type { PersonHistory } from '../models/model-definition';
import { topKWithTies, type ListPerson, type ListSplit } from './list-split';
import { catalogueCoverage, mean, ndcgAtK, recallAtK } from './metrics';

/**
 * Protocols D (similar movies), E (people like you) and F / F5 (a new profile's first list) of
 * ../shared/EVALUATION.md, on a ListSplit. Each takes the method as a function over item and
 * user indices, so the app's own list code and a baseline are measured the same way.
 */

/** The k movies most similar to `seed`, best first, none of them excluded. */
export type SimilarMovies = (seed: number, exclude: Uint8Array, k: number) => Int32Array;
/** The k training users most like a person known by `visible`, best first. */
export type LikeMindedUsers = (visible: PersonHistory, k: number) => Int32Array;
/** A person's list of k (F: empty history), none of them excluded. */
export type FirstList = (
  history: PersonHistory,
  exclude: Uint8Array,
  k: number,
  person: ListPerson,
) => Int32Array;

const loved = 4;
const tailCut = 100;

function lovedSet(h: PersonHistory): Set<number> {
  const out = new Set<number>();
  h.items.forEach((i, t) => {
    if (h.ratings[t] >= loved) out.add(i);
  });
  return out;
}

function evenlySpaced<T>(values: T[], max: number | undefined): T[] {
  if (max === undefined || values.length <= max) return values;
  const stride = values.length / max;
  return Array.from({ length: max }, (_, k) => values[Math.floor(k * stride)]);
}

/** The `n` most-rated training movies (ties by movieId): protocol D's popular head. */
function popularHead(split: ListSplit, n: number): Set<number> {
  const order = Array.from(split.popularity.keys()).sort(
    (a, b) => split.popularity[b] - split.popularity[a] || split.movieIds[a] - split.movieIds[b],
  );
  return new Set(order.slice(0, n));
}

/**
 * `maxSeeds`: judge each person on at most this many of their loved movies (evenly spaced);
 * `seedIf`: only on the loved movies it admits (a part of the protocol, for a closer look).
 */
export function protocolD(
  split: ListSplit,
  similar: SimilarMovies,
  options: { maxSeeds?: number; seedIf?: (seed: number) => boolean } = {},
): Record<string, number> {
  const head = popularHead(split, tailCut);
  const exclude = new Uint8Array(split.nItems);
  const hr: number[] = [];
  const p: number[] = [];
  const tailHr: number[] = [];
  const tailP: number[] = [];
  const lists: Int32Array[] = [];
  let listedPopularity = 0;
  let listed = 0;
  for (const person of split.people) {
    const relevant = lovedSet(person.hidden);
    const tail = new Set([...relevant].filter((i) => !head.has(i)));
    const loved = [...lovedSet(person.visible)];
    const seeds = evenlySpaced(
      options.seedIf ? loved.filter(options.seedIf) : loved,
      options.maxSeeds,
    );
    if (seeds.length === 0 || relevant.size === 0) continue;
    for (const i of person.visible.items) exclude[i] = 1;
    let sHr = 0;
    let sP = 0;
    let sTailHr = 0;
    let sTailP = 0;
    for (const seed of seeds) {
      const list = similar(seed, exclude, 10);
      lists.push(list);
      let hits = 0;
      let tailHits = 0;
      for (const i of list) {
        if (relevant.has(i)) hits++;
        if (tail.has(i)) tailHits++;
        listedPopularity += split.popularity[i];
        listed++;
      }
      sHr += hits > 0 ? 1 : 0;
      sP += hits / 10;
      sTailHr += tailHits > 0 ? 1 : 0;
      sTailP += tailHits / 10;
    }
    for (const i of person.visible.items) exclude[i] = 0;
    hr.push(sHr / seeds.length);
    p.push(sP / seeds.length);
    if (tail.size > 0) {
      tailHr.push(sTailHr / seeds.length);
      tailP.push(sTailP / seeds.length);
    }
  }
  return {
    'tail-p@10': mean(tailP),
    'tail-hr@10': mean(tailHr),
    'p@10': mean(p),
    'hr@10': mean(hr),
    coverage: catalogueCoverage(lists, split.trainItems),
    'mean-popularity': listed ? listedPopularity / listed : 0,
    people: p.length,
  };
}

/** Candidates ranked by how many of the neighbours loved them (ties: popularity, movieId). */
export function neighbourVotes(
  split: ListSplit,
  neighbours: ArrayLike<number>,
  exclude: Uint8Array,
  k: number,
): Int32Array {
  const votes = new Float32Array(split.nItems);
  for (let n = 0; n < neighbours.length; n++) {
    const h = split.histories[neighbours[n]];
    h.items.forEach((i, t) => {
      if (h.ratings[t] >= loved) votes[i]++;
    });
  }
  return topKWithTies(
    votes,
    k,
    split.popularity,
    split.movieIds,
    (i) => exclude[i] === 0 && split.popularity[i] > 0,
  );
}

export function protocolE(split: ListSplit, likeMinded: LikeMindedUsers): Record<string, number> {
  const exclude = new Uint8Array(split.nItems);
  const recall: number[] = [];
  const ndcg: number[] = [];
  const coRated: number[] = [];
  const agreement: number[] = [];
  for (const person of split.people) {
    const relevant = lovedSet(person.hidden);
    if (relevant.size === 0) continue;
    const neighbours = likeMinded(person.visible, 10);
    const mine = new Map<number, number>();
    person.visible.items.forEach((i, t) => mine.set(i, person.visible.ratings[t]));
    let pairs = 0;
    let agreeing = 0;
    let co = 0;
    for (const v of neighbours) {
      const h = split.histories[v];
      h.items.forEach((i, t) => {
        const r = mine.get(i);
        if (r === undefined) return;
        co++;
        pairs++;
        if (Math.abs(r - h.ratings[t]) <= 1) agreeing++;
      });
    }
    coRated.push(neighbours.length ? co / neighbours.length : 0);
    if (pairs > 0) agreement.push(agreeing / pairs);
    for (const i of person.visible.items) exclude[i] = 1;
    const list = neighbourVotes(split, neighbours, exclude, 20);
    for (const i of person.visible.items) exclude[i] = 0;
    recall.push(recallAtK(list, relevant, 20));
    ndcg.push(ndcgAtK(list, relevant, 20));
  }
  return {
    'recall@20': mean(recall),
    'ndcg@20': mean(ndcg),
    'co-rated': mean(coRated),
    agreement: mean(agreement),
    people: recall.length,
  };
}

/** F (`firstRatings` 0) and F5 (5): the list of a profile holding only its first ratings. */
export function protocolF(
  split: ListSplit,
  list: FirstList,
  firstRatings: 0 | 5,
): Record<string, number> {
  const exclude = new Uint8Array(split.nItems);
  const recall: number[] = [];
  const ndcg: number[] = [];
  for (const person of split.people) {
    const n = Math.min(firstRatings, person.all.items.length);
    const held: PersonHistory = {
      items: person.all.items.slice(0, n),
      ratings: person.all.ratings.slice(0, n),
      times: person.all.times.slice(0, n),
    };
    const relevant = new Set<number>();
    person.all.items.forEach((i, t) => {
      if (t >= n && person.all.ratings[t] >= loved) relevant.add(i);
    });
    if (relevant.size === 0) continue;
    for (const i of held.items) exclude[i] = 1;
    const got = list(held, exclude, 20, person);
    for (const i of held.items) exclude[i] = 0;
    recall.push(recallAtK(got, relevant, 20));
    ndcg.push(ndcgAtK(got, relevant, 20));
  }
  return { 'recall@20': mean(recall), 'ndcg@20': mean(ndcg), people: recall.length };
}
