import type { EngineDataset } from '../../main/core/engine-dataset';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import {
  listSplit,
  pseudoNewPeopleSplit,
  type ListSplit,
} from '../../main/engine/validation/list-split';
import { mean, ndcgAtK, recallAtK } from '../../main/engine/validation/metrics';
import type { FittedModel } from '../../main/eval/evaluated-model';
import { firstList, trainSetOf } from '../../main/eval/list-protocol-runs';
import { evaluatedModel } from '../../main/eval/model-registry';
import { seenStandIn } from '../../main/engine/runtime/profile-signals';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * Films marked "seen" (watched, not rated: Letterboxd's watched.csv, "Seen it"): should the model
 * learn from them, and with what rating? Protocol C's split (../shared/EVALUATION.md): each new
 * person's visible half is what they logged; of it, every other film (in time) they logged
 * without a rating, or (a diary mostly without stars) four films in five. The list of 20 is
 * scored on their hidden half's movies rated 4 or more (NDCG@20, Recall@20); every variant
 * leaves the whole visible half out of the list, as the app does, so only what the model is told
 * differs:
 *   - every visible film rated (the bound: had they rated all);
 *   - the seen films told as nothing, only left out (what shipped from aefdfaa to f7eee9f);
 *   - told as a rating: the person's mean of the films they did rate (shipped from d88275c),
 *     the mean of those ratings and two more of 3.5★ (a mean of few ratings is noisy: seenStandIn
 *     ships, the best on validation of both shares, from the run at 843e3bb), or a fixed 3, 3.5
 *     or 4 (3.5★ shipped in 68e7ba7 on the first, smaller validation).
 * What ships is also told with the seen films moved after every rating (as "Seen it" clicks
 * today would tell them) and before (as if watched long ago): reported, not chosen from.
 * The model is the default without its sequence network (sequenceWeight 0, as the onboarding
 * bench: minutes instead of an hour), fitted on the training users and folded in. Validation
 * decides: each training residue r = 1 … 9 in turn pseudo-new (fitted on userId % 10 ∉ {0, r}),
 * their people pooled; the telling with the best mean NDCG@20 over both releases and both shares
 * wins. Protocol C's test people are only reported. Each variant's NDCG@20 is also given as its
 * paired difference from telling nothing, ± the standard error over the people.
 * Writes test/bench/results/seen-signal.json. With `--network`, the default with its network,
 * on the test people only (see runWithNetwork).
 *
 *   npm run bench -- seen-signal [--network]
 */
const DATASETS = ['ml-latest-small', 'ml-100k'];
const K = 20;

/** What the model is told of a person who rated `rated` of their visible films and saw the rest. */
type Telling = (visible: PersonHistory, rated: boolean[]) => PersonHistory;

const pick = (h: PersonHistory, keep: (t: number) => boolean, rating: (t: number) => number) => {
  const ts = Array.from(h.items, (_, t) => t).filter(keep);
  return {
    items: Int32Array.from(ts, (t) => h.items[t]),
    ratings: Float32Array.from(ts, rating),
    times: Float64Array.from(ts, (t) => h.times[t]),
  };
};

const asRating =
  (value: (visible: PersonHistory, rated: boolean[]) => number): Telling =>
  (visible, rated) => {
    const v = value(visible, rated);
    return pick(
      visible,
      () => true,
      (t) => (rated[t] ? visible.ratings[t] : v),
    );
  };

/**
 * What ships, told with the seen films moved in time: after every rating (as a "Seen it" click
 * today marks them) or before (as if watched long ago). The history keeps its span of times,
 * only the order of the seen and the rated films changes. Measured, not chosen from: the app
 * tells each seen film at the time it was marked.
 */
const seenMoved =
  (where: 'first' | 'last'): Telling =>
  (visible, rated) => {
    const told = TELLINGS[SHIPS](visible, rated);
    const ts = Array.from(told.items, (_, t) => t);
    const seen = ts.filter((t) => !rated[t]);
    const own = ts.filter((t) => rated[t]);
    const order = where === 'first' ? [...seen, ...own] : [...own, ...seen];
    return {
      items: Int32Array.from(order, (t) => told.items[t]),
      ratings: Float32Array.from(order, (t) => told.ratings[t]),
      times: Float64Array.from(told.times).sort(),
    };
  };

/**
 * Which of a person's visible films (by their place in time) they rated; the rest they logged
 * seen. Half, as a person who rates some of what they log; one in five, as a Letterboxd diary
 * mostly logged without stars.
 */
const SHARES: Record<string, (t: number) => boolean> = {
  'every other film seen': (t) => t % 2 === 0,
  'four films in five seen': (t) => t % 5 === 0,
};

/** What ships (seenStandIn). */
const SHIPS = "seen as the mean of the person's ratings and two 3.5★ (ships: seenStandIn)";

/** What shipped from aefdfaa to f7eee9f: the seen films only left out of the list. */
const BEFORE = 'seen told as nothing, only left out (before)';

const TELLINGS: Record<string, Telling> = {
  'every visible film rated (bound)': (visible) => visible,
  [BEFORE]: (visible, rated) =>
    pick(
      visible,
      (t) => rated[t],
      (t) => visible.ratings[t],
    ),
  "seen as the person's mean rating (d88275c)": asRating((visible, rated) => {
    const own = Array.from(visible.ratings).filter((_, t) => rated[t]);
    return own.length ? own.reduce((a, b) => a + b, 0) / own.length : 3.5;
  }),
  [SHIPS]: asRating((visible, rated) =>
    seenStandIn(Array.from(visible.ratings).filter((_, t) => rated[t])),
  ),
  'seen as 3★': asRating(() => 3),
  'seen as 3.5★ (68e7ba7)': asRating(() => 3.5),
  'seen as 4★': asRating(() => 4),
};
const MOVED: Record<string, Telling> = {
  'ships, the seen films moved after every rating ("Seen it" today)': seenMoved('last'),
  'ships, the seen films moved before every rating (watched long ago)': seenMoved('first'),
};

interface PersonScores {
  ndcg: number[];
  recall: number[];
}

/** Each judged person's NDCG@20 and Recall@20, in the order of `split.people`. */
async function measure(
  split: ListSplit,
  fitted: FittedModel,
  tell: Telling,
  ratedAt: (t: number) => boolean,
): Promise<PersonScores> {
  const scores: PersonScores = { ndcg: [], recall: [] };
  const listOf = firstList(split, fitted);
  const exclude = new Uint8Array(split.nItems);
  for (const person of split.people) {
    const relevant = new Set<number>();
    person.hidden.items.forEach((i, t) => {
      if (person.hidden.ratings[t] >= 4) relevant.add(i);
    });
    if (relevant.size === 0) continue;
    const visible = person.visible;
    const rated = Array.from(visible.items, (_, t) => ratedAt(t));
    for (const i of visible.items) exclude[i] = 1;
    const list = await listOf(tell(visible, rated), exclude, K);
    for (const i of visible.items) exclude[i] = 0;
    scores.ndcg.push(ndcgAtK(list, relevant, K));
    scores.recall.push(recallAtK(list, relevant, K));
  }
  return scores;
}

type Scores = Record<string, Record<string, PersonScores>>;
/** Each telling's means and paired difference from telling nothing. */
type Summary = Record<string, Record<string, number>>;

/** Every share's and telling's scores on the split's people, the model fitted once. */
async function measureAll(
  split: ListSplit,
  dataset: EngineDataset,
  tellings: Record<string, Telling> = { ...TELLINGS, ...MOVED },
  network = false,
): Promise<Scores> {
  const fitted = await fit(split, dataset, network);
  const out: Scores = {};
  for (const [share, ratedAt] of Object.entries(SHARES)) {
    out[share] = {};
    for (const [telling, tell] of Object.entries(tellings))
      out[share][telling] = await measure(split, fitted, tell, ratedAt);
  }
  return out;
}

/** Means, and the paired NDCG@20 difference from what was told before (± its standard error). */
function summary(all: Record<string, PersonScores>): Summary {
  const base = all[BEFORE].ndcg;
  return Object.fromEntries(
    Object.entries(all).map(([telling, { ndcg, recall }]) => {
      const diff = ndcg.map((v, k) => v - base[k]);
      const d = mean(diff);
      const se = Math.sqrt(mean(diff.map((x) => (x - d) ** 2)) / Math.max(1, diff.length - 1));
      return [
        telling,
        {
          'ndcg@20': mean(ndcg),
          'recall@20': mean(recall),
          people: ndcg.length,
          'ndcg@20 minus told nothing': d,
          'standard error': se,
        },
      ];
    }),
  );
}

/** The default, without its network or with it at the weight its pretrain chose (1). */
async function fit(
  split: ListSplit,
  dataset: EngineDataset,
  network: boolean,
): Promise<FittedModel> {
  const model = evaluatedModel('recency-hybrid', dataset, (_name, defaults) => ({
    ...defaults,
    sequenceWeight: network ? 1 : 0,
  }));
  return model.fit(trainSetOf(split, dataset), { seed: 1, protocol: 'C', quick: false });
}

function print(title: string, summaries: Summary): void {
  console.log(title);
  for (const [telling, f] of Object.entries(summaries))
    console.log(
      `  ${telling.padEnd(76)}NDCG@20 ${f['ndcg@20'].toFixed(4)}  Recall@20 ${f['recall@20'].toFixed(4)}  ` +
        `vs told nothing ${f['ndcg@20 minus told nothing'] >= 0 ? '+' : ''}${f['ndcg@20 minus told nothing'].toFixed(4)} ± ${f['standard error'].toFixed(4)}  (${f.people} people)`,
    );
}

/**
 * `--network`: what ships, told nothing and the bound, with the default's network on (trained at
 * the weight its pretrain chose, 1), on protocol C's test people only. A check of what ships,
 * chosen without it (an hour more of training for validation): writes seen-signal-network.json.
 */
async function runWithNetwork(): Promise<void> {
  const tellings = Object.fromEntries(
    Object.entries(TELLINGS).filter(
      ([t]) => t === BEFORE || t.endsWith('(bound)') || t.includes('(ships'),
    ),
  );
  const results: Record<string, Record<string, Summary>> = {};
  for (const name of DATASETS) {
    const dataset = loadDatasetByName(name);
    const tested = await measureAll(listSplit(dataset), dataset, tellings, true);
    results[name] = {};
    for (const share of Object.keys(SHARES)) {
      results[name][share] = summary(tested[share]);
      print(`${name}, ${share}, test people, the network on`, results[name][share]);
    }
  }
  const file = writeResult('seen-signal-network', {
    benchmark: 'seen-signal --network',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    model: 'recency-hybrid, sequenceWeight 1',
    shares: Object.keys(SHARES),
    results,
  });
  console.log(`results: ${file}`);
}

export default async function run(args: string[] = []): Promise<void> {
  if (args.includes('--network')) return runWithNetwork();
  const results: Record<string, Record<string, Record<string, Summary>>> = {};
  for (const name of DATASETS) {
    const dataset = loadDatasetByName(name);
    const test = listSplit(dataset);
    // Validation: each training residue r = 1 … 9 in turn pseudo-new (fitted on the rest of the
    // training users), their people pooled; protocol C's test people are never among them.
    const pooled: Scores = {};
    for (let r = 1; r <= 9; r++) {
      const split = pseudoNewPeopleSplit(test.histories, dataset.userKeys, dataset.movieIds, r);
      const got = await measureAll(split, dataset);
      for (const share of Object.keys(got))
        for (const [telling, scores] of Object.entries(got[share])) {
          pooled[share] ??= {};
          pooled[share][telling] ??= { ndcg: [], recall: [] };
          pooled[share][telling].ndcg.push(...scores.ndcg);
          pooled[share][telling].recall.push(...scores.recall);
        }
    }
    const tested = await measureAll(test, dataset);
    results[name] = {};
    for (const share of Object.keys(SHARES)) {
      results[name][share] = {
        validation: summary(pooled[share]),
        test: summary(tested[share]),
      };
      for (const part of ['validation', 'test'] as const)
        print(`${name}, ${share}, ${part} people`, results[name][share][part]);
    }
  }
  // Chosen on the mean validation NDCG@20 over both releases and both shares.
  const candidates = Object.keys(TELLINGS).filter((t) => !t.endsWith('(bound)'));
  const meanNdcg = (telling: string) =>
    mean(
      DATASETS.flatMap((d) =>
        Object.keys(SHARES).map((share) => results[d][share].validation[telling]['ndcg@20']),
      ),
    );
  for (const telling of candidates)
    console.log(`mean validation NDCG@20 ${meanNdcg(telling).toFixed(4)}  ${telling}`);
  const chosen = candidates.reduce((a, b) => (meanNdcg(b) > meanNdcg(a) ? b : a));
  console.log(
    `best mean validation NDCG@20: ${chosen} (${meanNdcg(chosen).toFixed(4)})` +
      (chosen.includes('(ships') ? ', what ships' : ', NOT what ships'),
  );
  const file = writeResult('seen-signal', {
    benchmark: 'seen-signal',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    model: 'recency-hybrid, sequenceWeight 0',
    shares: Object.keys(SHARES),
    chosenOnValidation: chosen,
    meanValidationNdcg: Object.fromEntries(candidates.map((t) => [t, meanNdcg(t)])),
    results,
  });
  console.log(`results: ${file}`);
}
