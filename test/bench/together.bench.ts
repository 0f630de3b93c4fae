import type { EngineDataset } from '../../main/core/engine-dataset';
import { buildListData, type ListData } from '../../main/engine/lists/list-data';
import { makePerson, type Person } from '../../main/engine/lists/person';
import { topKOf } from '../../main/engine/lists/top-k';
import {
  defaultTogetherRule,
  groupScores,
  miseryFloorStars,
  type TogetherRule,
} from '../../main/engine/lists/watch-together';
import { fineTuneOrFoldIn } from '../../main/engine/models/fallbacks';
import { getModelDefinition } from '../../main/engine/models';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import { Rng } from '../../main/engine/numeric/rng';
import { listSplit, splitHistories, type ListSplit } from '../../main/engine/validation/list-split';
import { mean, ndcgAtK } from '../../main/engine/validation/metrics';
import { trainSetToDataset } from '../../main/eval/engine-adapter';
import { trainSetOf } from '../../main/eval/list-protocol-runs';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * "Watch together", measured on protocol C's split (../shared/EVALUATION.md) with groups of new
 * people: each member's profile is the first half of their ratings in time; the group's list of
 * 20 is scored on the union of the members' hidden movies rated 4 or more (NDCG@20), and on its
 * least-served member's own hidden liked movies (the lowest member NDCG@20: "nobody left out").
 * Groups: ten seeded shuffles of the people, five cut into pairs and five into threes, so each
 * person sits in ten groups. The model is the default without its sequence network (minutes
 * instead of an hour, as the seen-signal bench), fitted on the training users; each member is
 * folded in and fine-tuned as a profile is.
 * Compared: the shipped rule (the mean of the members' standardised scores over the movies
 * nobody is predicted to rate below 3★) and its floor at 2.5★, 3.5★ and none; least misery; and
 * what a group does without the feature: the first member's own For you list, each member's own
 * list (their mean), and the most rated movies nobody has rated.
 * Validation decides: each training residue r = 1 … 9 in turn pseudo-new (fitted on userId % 10
 * ∉ {0, r}), their groups pooled; the rule with the best mean NDCG@20 over both releases wins.
 * Protocol C's test people are only reported. Each list's NDCG@20 is also given as its paired
 * difference from the first member's own list, ± the standard error over groups (groups share
 * people, so it is optimistic). Writes test/bench/results/together.json.
 *
 *   npm run bench -- together
 */
const DATASETS = ['ml-latest-small', 'ml-100k'];
const K = 20;
const ROUNDS = 10;

interface Member {
  person: Person;
  /** Hidden movies rated 4 and up, in the model's item indices. */
  liked: Set<number>;
}

interface Fitted {
  model: TrainedModel;
  data: ListData;
  /** Model item of each split item (-1: unknown to the model). */
  itemOf: Int32Array;
}

type GroupList = (members: Member[], fitted: Fitted) => number[];

const ruleList =
  (rule: TogetherRule, floorStars = miseryFloorStars): GroupList =>
  (members, { data }) => {
    const { scores } = groupScores(
      data,
      members.map((m) => m.person),
      rule,
      floorStars,
    );
    return topKOf(scores, K, (i) => !Number.isNaN(scores[i])).map((p) => p.id);
  };

const SHIPS = `average, nobody predicted below ${miseryFloorStars}★ (ships)`;
const FIRST_OWN = "the first member's own For you list";

const RULES: Record<string, GroupList> = {
  [SHIPS]: ruleList('average-floor'),
  'average, nobody predicted below 2.5★': ruleList('average-floor', 2.5),
  'average, nobody predicted below 3.5★': ruleList('average-floor', 3.5),
  'average, no floor': ruleList('average-floor', -Infinity),
  'least misery': ruleList('least-misery'),
};

/** A member's own For you list, leaving out what anyone in the group rated (as the group's). */
function ownList(member: Member, members: Member[], { model, data }: Fitted): number[] {
  const scores = new Float32Array(data.nItems);
  model.scoreAll(member.person.state, member.person.history, scores);
  return topKOf(scores, K, (i) => members.every((m) => m.person.rated[i] === 0)).map((p) => p.id);
}

const BASELINES: Record<string, GroupList> = {
  [FIRST_OWN]: (members, fitted) => ownList(members[0], members, fitted),
  'the most rated movies nobody rated': (members, { data }) => {
    const popularity = Float32Array.from(data.itemPopularity);
    return topKOf(popularity, K, (i) => members.every((m) => m.person.rated[i] === 0)).map(
      (p) => p.id,
    );
  },
};

interface GroupScores {
  /** NDCG@20 on the union of the members' hidden liked movies. */
  union: number[];
  /** The lowest member NDCG@20 on their own hidden liked movies. */
  worst: number[];
}

function score(list: number[], members: Member[], into: GroupScores): void {
  const union = new Set(members.flatMap((m) => [...m.liked]));
  into.union.push(ndcgAtK(list, union, K));
  into.worst.push(Math.min(...members.map((m) => ndcgAtK(list, m.liked, K))));
}

/** Groups of 2 and 3 (indices into `n` people): ROUNDS seeded shuffles, each cut into groups. */
function groupsOf(n: number): number[][] {
  const groups: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const rng = new Rng(round + 1);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const size = round < ROUNDS / 2 ? 2 : 3;
    for (let at = 0; at + size <= n; at += size) groups.push(order.slice(at, at + size));
  }
  return groups;
}

async function fit(split: ListSplit, dataset: EngineDataset): Promise<Fitted> {
  const definition = await getModelDefinition('recency-hybrid');
  const train = trainSetToDataset(trainSetOf(split, dataset), dataset);
  const model = await definition.train(
    train,
    { ...definition.defaults, sequenceWeight: 0 },
    {
      seed: 1,
    },
  );
  const data = buildListData(model, train);
  return {
    model,
    data,
    itemOf: Int32Array.from(split.movieIds, (id) => data.itemOf.get(id) ?? -1),
  };
}

async function memberOf(h: PersonHistory, hidden: PersonHistory, f: Fitted): Promise<Member> {
  const keep = Array.from(h.items.keys()).filter((t) => f.itemOf[h.items[t]] >= 0);
  const history = {
    items: Int32Array.from(keep, (t) => f.itemOf[h.items[t]]),
    ratings: Float32Array.from(keep, (t) => h.ratings[t]),
    times: Float64Array.from(keep, (t) => h.times[t]),
  };
  const { state } = await fineTuneOrFoldIn(f.model, history, f.model.foldIn(history), { seed: 1 });
  const liked = new Set<number>();
  hidden.items.forEach((i, t) => {
    if (hidden.ratings[t] >= 4 && f.itemOf[i] >= 0) liked.add(f.itemOf[i]);
  });
  return { person: makePerson(f.data, history, state), liked };
}

type Scores = Record<string, GroupScores>;

/** Every list's scores on the groups of the split's people, the model fitted once. */
async function measure(split: ListSplit, dataset: EngineDataset): Promise<Scores> {
  const fitted = await fit(split, dataset);
  const people: Member[] = [];
  for (const p of split.people) {
    const member = await memberOf(p.visible, p.hidden, fitted);
    if (member.liked.size > 0) people.push(member);
  }
  const lists = { ...RULES, ...BASELINES };
  const out: Scores = Object.fromEntries(
    Object.keys(lists).map((name) => [name, { union: [], worst: [] }]),
  );
  for (const group of groupsOf(people.length)) {
    const members = group.map((i) => people[i]);
    for (const [name, list] of Object.entries(lists))
      score(list(members, fitted), members, out[name]);
  }
  return out;
}

type Summary = Record<string, Record<string, number>>;

/** Means, and the paired NDCG@20 difference from the first member's own list (± its SE). */
function summary(all: Scores): Summary {
  const base = all[FIRST_OWN].union;
  return Object.fromEntries(
    Object.entries(all).map(([name, { union, worst }]) => {
      const diff = union.map((v, k) => v - base[k]);
      const d = mean(diff);
      const se = Math.sqrt(mean(diff.map((x) => (x - d) ** 2)) / Math.max(1, diff.length - 1));
      return [
        name,
        {
          'ndcg@20': mean(union),
          'worst member ndcg@20': mean(worst),
          groups: union.length,
          'ndcg@20 minus first own list': d,
          'standard error': se,
        },
      ];
    }),
  );
}

function print(title: string, s: Summary): void {
  console.log(title);
  for (const [name, f] of Object.entries(s)) {
    const d = f['ndcg@20 minus first own list'];
    console.log(
      `  ${name.padEnd(44)}NDCG@20 ${f['ndcg@20'].toFixed(4)}  worst member ${f['worst member ndcg@20'].toFixed(4)}  ` +
        `vs first own list ${d >= 0 ? '+' : ''}${d.toFixed(4)} ± ${f['standard error'].toFixed(4)}  (${f.groups} groups)`,
    );
  }
}

export default async function run(): Promise<void> {
  const results: Record<string, Record<'validation' | 'test', Summary>> = {};
  for (const name of DATASETS) {
    const dataset = loadDatasetByName(name);
    const test = listSplit(dataset);
    const pooled: Scores = {};
    for (let r = 1; r <= 9; r++) {
      const split = splitHistories(
        test.histories,
        dataset.userKeys,
        dataset.movieIds,
        (k) => k % 10 === r,
        (k) => k % 10 !== r,
      );
      for (const [list, s] of Object.entries(await measure(split, dataset))) {
        pooled[list] ??= { union: [], worst: [] };
        pooled[list].union.push(...s.union);
        pooled[list].worst.push(...s.worst);
      }
    }
    results[name] = { validation: summary(pooled), test: summary(await measure(test, dataset)) };
    for (const part of ['validation', 'test'] as const)
      print(`${name}, ${part} people's groups`, results[name][part]);
  }
  const meanNdcg = (rule: string) =>
    mean(DATASETS.map((d) => results[d].validation[rule]['ndcg@20']));
  for (const rule of Object.keys(RULES))
    console.log(`mean validation NDCG@20 ${meanNdcg(rule).toFixed(4)}  ${rule}`);
  const chosen = Object.keys(RULES).reduce((a, b) => (meanNdcg(b) > meanNdcg(a) ? b : a));
  console.log(
    `best mean validation NDCG@20: ${chosen} (${meanNdcg(chosen).toFixed(4)})` +
      (chosen === SHIPS ? ', what ships' : ', NOT what ships'),
  );
  const file = writeResult('together', {
    benchmark: 'together',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    model: 'recency-hybrid, sequenceWeight 0',
    ships: { rule: defaultTogetherRule, floorStars: miseryFloorStars },
    chosenOnValidation: chosen,
    meanValidationNdcg: Object.fromEntries(Object.keys(RULES).map((r) => [r, meanNdcg(r)])),
    results,
  });
  console.log(`results: ${file}`);
}
