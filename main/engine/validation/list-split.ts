import type { EngineDataset } from '../../core/engine-dataset';
import type { PersonHistory } from '../models/model-definition';
import { chronologicalHistories } from '../models/sequence-data';

/**
 * The split of the list protocols D, E and F (../shared/EVALUATION.md): protocol C's new people,
 * with the movies unknown to training dropped from both halves. `isNew` picks the new people by
 * dataset user key; `isTraining` the users a model may learn from. The same split, with
 * pseudo-new training users, is the validation a model tunes its lists on.
 */
export interface ListPerson {
  user: number;
  /** The person's ratings, known movies only, oldest first. */
  all: PersonHistory;
  visible: PersonHistory;
  hidden: PersonHistory;
}

export interface ListSplit {
  nUsers: number;
  nItems: number;
  movieIds: Int32Array;
  /** Per user, the training history (empty for new people and users left out). */
  histories: PersonHistory[];
  people: ListPerson[];
  /** Training ratings per item: the tie-break of every list and the "popular" cut of protocol D. */
  popularity: Int32Array;
  /** Items with at least one training rating. */
  trainItems: number;
}

const emptyHistory = (): PersonHistory => ({
  items: new Int32Array(0),
  ratings: new Float32Array(0),
  times: new Float64Array(0),
});

/** Entries [start, end) of a history that pass `keep`. */
export function historyPart(
  h: PersonHistory,
  start: number,
  end: number,
  keep: (item: number) => boolean = () => true,
): PersonHistory {
  const picked: number[] = [];
  for (let t = start; t < end; t++) if (keep(h.items[t])) picked.push(t);
  return {
    items: Int32Array.from(picked, (t) => h.items[t]),
    ratings: Float32Array.from(picked, (t) => h.ratings[t]),
    times: Float64Array.from(picked, (t) => h.times[t]),
  };
}

/** Splits chronological histories (as `chronologicalHistories` returns them). */
export function splitHistories(
  all: PersonHistory[],
  userKeys: Int32Array,
  movieIds: Int32Array,
  isNew: (userKey: number) => boolean,
  isTraining: (userKey: number) => boolean,
  minVisible = 5,
): ListSplit {
  const histories = all.map((h, u) => (isTraining(userKeys[u]) ? h : emptyHistory()));
  const nItems = movieIds.length;
  const popularity = new Int32Array(nItems);
  for (const h of histories) for (const i of h.items) popularity[i]++;
  let trainItems = 0;
  for (const n of popularity) if (n > 0) trainItems++;
  const known = (i: number) => popularity[i] > 0;
  const people: ListPerson[] = [];
  all.forEach((h, u) => {
    if (!isNew(userKeys[u])) return;
    const n = h.items.length;
    const nVisible = Math.min(n, Math.max(minVisible, Math.floor(n / 2)));
    people.push({
      user: u,
      all: historyPart(h, 0, n, known),
      visible: historyPart(h, 0, nVisible, known),
      hidden: historyPart(h, nVisible, n, known),
    });
  });
  return { nUsers: all.length, nItems, movieIds, histories, people, popularity, trainItems };
}

/** Protocol C's split for the list protocols: key % 10 == 0 are the new people. */
export function listSplit(dataset: EngineDataset): ListSplit {
  return splitHistories(
    chronologicalHistories(dataset),
    dataset.userKeys,
    dataset.movieIds,
    (k) => k % 10 === 0,
    (k) => k % 10 !== 0,
  );
}

/**
 * Validation inside training data: pseudo-new people are the training users with key % 10 ==
 * `residue` (5 unless a bench pools several); the rest (with any history) train. Used on the
 * histories a model is given, so a model trained for protocol C's test never sees the test
 * people here either.
 */
export function pseudoNewPeopleSplit(
  histories: PersonHistory[],
  userKeys: Int32Array,
  movieIds: Int32Array,
  residue = 5,
): ListSplit {
  return splitHistories(
    histories,
    userKeys,
    movieIds,
    (k) => k % 10 === residue,
    (k) => k % 10 !== residue,
  );
}

/**
 * The k best items by score; ties by training popularity (higher first), then movieId (lower
 * first), as EVALUATION.md asks of every list. `accept` filters candidates.
 */
export function topKWithTies(
  scores: ArrayLike<number>,
  k: number,
  popularity: ArrayLike<number>,
  movieIds: ArrayLike<number>,
  accept: (i: number) => boolean,
): Int32Array {
  const better = (a: number, b: number) =>
    scores[a] > scores[b] ||
    (scores[a] === scores[b] &&
      (popularity[a] > popularity[b] ||
        (popularity[a] === popularity[b] && movieIds[a] < movieIds[b])));
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!accept(i)) continue;
    if (best.length === k && !better(i, best[k - 1])) continue;
    let pos = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (pos > 0 && better(i, best[pos - 1])) {
      best[pos] = best[pos - 1];
      pos--;
    }
    best[pos] = i;
  }
  return Int32Array.from(best);
}
