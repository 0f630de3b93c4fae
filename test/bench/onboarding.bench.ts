import type { EngineDataset } from '../../main/core/engine-dataset';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { mean, ndcgAtK, recallAtK } from '../../main/engine/validation/metrics';
import {
  listSplit,
  pseudoNewPeopleSplit,
  type ListPerson,
  type ListSplit,
} from '../../main/engine/validation/list-split';
import type { FittedModel } from '../../main/eval/evaluated-model';
import { firstList, trainSetOf } from '../../main/eval/list-protocol-runs';
import { evaluatedModel } from '../../main/eval/model-registry';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * The movies a new profile is asked to rate first ("Let's learn your taste"), measured: each new
 * person of protocol C's split (../shared/EVALUATION.md) is shown pages of 12 as the app shows them
 * ("Show other movies" for the next page) and rates those of a page they have seen, with their
 * real rating, until they have rated 5 or seen `MAX_PAGES` pages. Their list of 20 is then scored:
 * NDCG@20 and Recall@20; also how many they could rate and how many pages it took.
 *
 * The order the catalogue ships (the most rated first) against the genre-varied pick it replaced
 * and popularity times rating spread (the "informative" movies of Rashid et al., 2002). A person
 * has seen the movies of their visible half (protocol C's first half, in time) and is judged on
 * the movies of their hidden half they rated 4 or more: the same movies whatever they were asked
 * (judging on all their other loved movies rewards asking about films many people dislike, since
 * everyone's favourites then stay in the answer and the first list names them). The model is
 * the default without its sequence network (sequenceWeight 0: minutes instead of an hour; the
 * order is what is compared), fitted on the training users, folded in and fine-tuned as in the
 * app. Validation (train userId % 10 ∉ {0, 5}, the % 10 == 5 people new) first, then the test
 * people. Writes test/bench/results/onboarding.json.
 */
const DATASETS = ['ml-latest-small', 'ml-100k'];
const PAGE = 12;
const MAX_PAGES = 4;
const ENOUGH = 5;

interface Movie {
  item: number;
  genres: string[];
}

/** The next page of a strategy, none of `offered`, knowing what the person has rated so far. */
type Strategy = (offered: Set<number>, rated: PersonHistory) => number[] | Promise<number[]>;

function strategies(
  split: ListSplit,
  dataset: EngineDataset,
  fitted: FittedModel,
): Record<string, Strategy> {
  const n = split.nItems;
  const count = new Float64Array(n);
  const sum = new Float64Array(n);
  const squares = new Float64Array(n);
  for (const h of split.histories)
    h.items.forEach((i, t) => {
      count[i]++;
      sum[i] += h.ratings[t];
      squares[i] += h.ratings[t] ** 2;
    });
  const rank = (score: (i: number) => number): Movie[] =>
    Array.from({ length: n }, (_, i) => i)
      .filter((i) => count[i] > 0)
      .sort((a, b) => score(b) - score(a) || split.movieIds[a] - split.movieIds[b])
      .map((item) => ({ item, genres: dataset.movies[item]?.genres ?? [] }));
  const popular = rank((i) => count[i]);
  const spread = (i: number) =>
    Math.sqrt(Math.max(0, squares[i] / count[i] - (sum[i] / count[i]) ** 2));
  const informative = rank((i) => Math.log(1 + count[i]) * spread(i));
  const nextOf =
    (order: Movie[]): Strategy =>
    (offered) =>
      order
        .filter((m) => !offered.has(m.item))
        .slice(0, PAGE)
        .map((m) => m.item);
  return {
    // As onboardingPicks' query: the most rated first, ties by movieId, none offered before.
    'most rated first (ships)': nextOf(popular),
    // The rule before: each pick the most popular of the 200 most rated whose least-used genre
    // was used least so far.
    'varied by genre (before)': (offered) =>
      variedByGenre(popular.filter((m) => !offered.has(m.item)).slice(0, 200), PAGE).map(
        (m) => m.item,
      ),
    'varied among the 24 most rated': (offered) =>
      variedByGenre(popular.filter((m) => !offered.has(m.item)).slice(0, 2 * PAGE), PAGE).map(
        (m) => m.item,
      ),
    'varied among the 48 most rated': (offered) =>
      variedByGenre(popular.filter((m) => !offered.has(m.item)).slice(0, 4 * PAGE), PAGE).map(
        (m) => m.item,
      ),
    'popularity × rating spread': nextOf(informative),
    // Once something is rated, the most rated ordered by the profile's for-you score: the films
    // its ratings say it has likely seen (its list's scores predict what it watches).
    'by taste among the 100 most rated': byTaste(popular, fitted, n, 100, nextOf(popular)),
    'by taste among the 200 most rated': byTaste(popular, fitted, n, 200, nextOf(popular)),
    'by taste among the 400 most rated': byTaste(popular, fitted, n, 400, nextOf(popular)),
    // Half a page of each: the most rated, then by taste among the 400 most rated.
    'half most rated, half by taste': async (offered, rated) => {
      const most = nextOf(popular)(offered, rated) as number[];
      const half = most.slice(0, PAGE / 2);
      const taken = new Set([...offered, ...half]);
      const tasted = await byTaste(popular, fitted, n, 400, nextOf(popular))(taken, rated);
      return [...half, ...tasted.slice(0, PAGE - half.length)];
    },
  };
}

/** The most rated first; with ratings, the `pool` most rated not yet offered, by for-you score. */
function byTaste(
  popular: Movie[],
  fitted: FittedModel,
  nItems: number,
  pool: number,
  first: Strategy,
): Strategy {
  const scores = new Float32Array(nItems);
  return async (offered, rated) => {
    if (rated.items.length === 0) return first(offered, rated);
    (await fitted.foldIn(rated)).scoreAll!(scores);
    const done = new Set(rated.items);
    return popular
      .filter((m) => !offered.has(m.item) && !done.has(m.item))
      .slice(0, pool)
      .sort((a, b) => scores[b.item] - scores[a.item] || a.item - b.item)
      .slice(0, PAGE)
      .map((m) => m.item);
  };
}

/** Round-robin over genres: the most popular remaining movie whose least-used genre is used least. */
function variedByGenre(popularFirst: Movie[], limit: number): Movie[] {
  const picked: Movie[] = [];
  const usedGenres = new Map<string, number>();
  const used = new Set<number>();
  while (picked.length < limit && used.size < popularFirst.length) {
    let best = -1;
    let bestUse = Infinity;
    for (let k = 0; k < popularFirst.length; k++) {
      if (used.has(k)) continue;
      const genres = popularFirst[k].genres;
      const use = Math.min(...(genres.length ? genres : ['']).map((g) => usedGenres.get(g) ?? 0));
      if (use < bestUse) {
        best = k;
        bestUse = use;
        if (use === 0) break;
      }
    }
    if (best < 0) break;
    used.add(best);
    picked.push(popularFirst[best]);
    for (const g of popularFirst[best].genres) usedGenres.set(g, (usedGenres.get(g) ?? 0) + 1);
  }
  return picked;
}

interface Elicited {
  history: PersonHistory;
  pages: number;
}

async function elicit(person: ListPerson, next: Strategy): Promise<Elicited> {
  const seen = new Map<number, number>();
  person.visible.items.forEach((i, t) => seen.set(i, t));
  const offered = new Set<number>();
  const rated: number[] = [];
  let pages = 0;
  const h = person.visible;
  const soFar = (): PersonHistory => {
    const order = [...rated].sort((a, b) => a - b);
    return {
      items: Int32Array.from(order, (t) => h.items[t]),
      ratings: Float32Array.from(order, (t) => h.ratings[t]),
      times: Float64Array.from(order, (t) => h.times[t]),
    };
  };
  while (pages < MAX_PAGES && rated.length < ENOUGH) {
    const page = await next(offered, soFar());
    if (page.length === 0) break;
    pages++;
    for (const i of page) {
      offered.add(i);
      const t = seen.get(i);
      if (t !== undefined) rated.push(t);
    }
  }
  return { pages, history: soFar() };
}

async function measure(
  split: ListSplit,
  fitted: FittedModel,
  next: Strategy,
): Promise<Record<string, number>> {
  const ndcg: number[] = [];
  const recall: number[] = [];
  const rated: number[] = [];
  const pages: number[] = [];
  let enough = 0;
  const listOf = firstList(split, fitted);
  const exclude = new Uint8Array(split.nItems);
  for (const person of split.people) {
    const { history, pages: shown } = await elicit(person, next);
    const relevant = new Set<number>();
    person.hidden.items.forEach((i, t) => {
      if (person.hidden.ratings[t] >= 4) relevant.add(i);
    });
    if (relevant.size === 0) continue;
    for (const i of history.items) exclude[i] = 1;
    const list = await listOf(history, exclude, 20);
    for (const i of history.items) exclude[i] = 0;
    ndcg.push(ndcgAtK(list, relevant, 20));
    recall.push(recallAtK(list, relevant, 20));
    rated.push(history.items.length);
    pages.push(shown);
    if (history.items.length >= ENOUGH) enough++;
  }
  return {
    'ndcg@20': mean(ndcg),
    'recall@20': mean(recall),
    rated: mean(rated),
    pages: mean(pages),
    'share with 5 rated': enough / Math.max(1, ndcg.length),
    people: ndcg.length,
  };
}

async function fit(split: ListSplit, dataset: EngineDataset): Promise<FittedModel> {
  const model = evaluatedModel('recency-hybrid', dataset, (_name, defaults) => ({
    ...defaults,
    sequenceWeight: 0,
  }));
  return model.fit(trainSetOf(split, dataset), { seed: 1, protocol: 'F5', quick: false });
}

const line = (name: string, f: Record<string, number>) =>
  `  ${name.padEnd(34)}NDCG@20 ${f['ndcg@20'].toFixed(4)}  Recall@20 ${f['recall@20'].toFixed(4)}  ` +
  `rated ${f.rated.toFixed(2)}  pages ${f.pages.toFixed(2)}  with 5 rated ${(100 * f['share with 5 rated']).toFixed(0)}%  (${f.people} people)`;

export default async function run(): Promise<void> {
  const results: Record<string, Record<string, Record<string, Record<string, number>>>> = {};
  for (const name of DATASETS) {
    const dataset = loadDatasetByName(name);
    const test = listSplit(dataset);
    const validation = pseudoNewPeopleSplit(test.histories, dataset.userKeys, dataset.movieIds);
    results[name] = {};
    for (const [part, split] of [
      ['validation', validation],
      ['test', test],
    ] as const) {
      const fitted = await fit(split, dataset);
      results[name][part] = {};
      console.log(`${name}, ${part} people`);
      for (const [strategy, next] of Object.entries(strategies(split, dataset, fitted))) {
        const f = await measure(split, fitted, next);
        results[name][part][strategy] = f;
        console.log(line(strategy, f));
      }
    }
  }
  const names = Object.keys(results[DATASETS[0]].validation);
  const meanNdcg = (strategy: string) =>
    mean(DATASETS.map((d) => results[d].validation[strategy]['ndcg@20']));
  const chosen = names.reduce((a, b) => (meanNdcg(b) > meanNdcg(a) ? b : a));
  console.log(
    `best mean validation NDCG@20: ${chosen} (${meanNdcg(chosen).toFixed(4)})` +
      (chosen.endsWith('(ships)') ? ', the order that ships' : ', NOT the order that ships'),
  );
  const file = writeResult('onboarding', {
    benchmark: 'onboarding',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    page: PAGE,
    maxPages: MAX_PAGES,
    model: 'recency-hybrid, sequenceWeight 0',
    chosenOnValidation: chosen,
    results,
  });
  console.log(`results: ${file}`);
}
